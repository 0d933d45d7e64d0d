# Figure 6 — positional-encoding-only attention (Sec. 5.3): P trained by gradient descent
# (from 0, until the loss is below a tolerance) for each mu of FIG6_MU.
# icar-fig6 writes P, its last rows, the cosine PE p p^T and the claims fig6.*.
# Settings (the mu list, T, contexts, GD): specs/fig6.mk; SEED.
FIGURES += fig6
CLAIM_FRAGS += $(RESULTS)/claims/fig6.csv
F6_COMMA := ,
F6_MU := $(subst $(F6_COMMA), ,$(FIG6_MU))
F6_OUT := $(F6_MU:%=$(RESULTS)/fig6/P_mu%.csv) $(addprefix $(RESULTS)/fig6/,lastrow.csv cosine_pe.csv train.csv diagonals.csv)
$(call track,fig6,PROFILE SEED $(SETTINGS.fig6))
$(F6_OUT) $(RESULTS)/claims/fig6.csv &: $(BUILD)/icar-fig6 $(BUILD)/settings/fig6.txt
	$(RUN) $(BUILD)/icar-fig6 $(call run_flags,$(SETTINGS.fig6),setting_now) --out $(RESULTS)/fig6 --claims $(RESULTS)/claims/fig6.csv
# fig6's plot of the CSVs in folder $(1), with the same figure of other seeds in the
# folders $(3) and its CSVs over seeds in the folder $(4) (mk/seeds.mk), to $(2).png and
# $(2).pdf (also of its archive)
fig6_plot = $(call plot,figures/fig6.gp,$(1),$(2),2200,900,"mus='$(F6_MU)'; seed_dirs='$(3)'; over_seeds='$(4)'")
$(OUTDIR)/fig6.png $(OUTDIR)/fig6.pdf &: figures/fig6.gp $(F6_OUT)
	$(call fig6_plot,$(RESULTS)/fig6,$(OUTDIR)/fig6,$(call seed_plot_dirs,fig6),$(RESULTS)/fig6/over-seeds)
.PHONY: fig6
fig6: $(OUTDIR)/fig6.png $(OUTDIR)/fig6.pdf
