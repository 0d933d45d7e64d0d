# Figure 3 — minimizers of the population loss (Props. 3, 6): gradient descent on (A, B, P)
# of model (6), unitary (H = d) and orthogonal (H < d) contexts.
# icar-fig3 writes the matrices, the loss trace and the claims prop3.*, prop6.structure*.
# Settings: specs/fig3.mk; SEED.
FIGURES += fig3
CLAIM_FRAGS += $(RESULTS)/claims/fig3.csv
F3_CASES := unitary orthogonal
F3_OUT := $(foreach c,$(F3_CASES),$(foreach m,A B C P,$(RESULTS)/fig3/$(c)_$(m).csv)) $(RESULTS)/fig3/trace.csv $(RESULTS)/fig3/summary.csv $(RESULTS)/fig3/restarts.csv
$(call track,fig3,PROFILE SEED $(SETTINGS.fig3))
$(F3_OUT) $(RESULTS)/claims/fig3.csv &: $(BUILD)/icar-fig3 $(BUILD)/settings/fig3.txt
	$(RUN) $(BUILD)/icar-fig3 $(call run_flags,$(SETTINGS.fig3),setting_now) --out $(RESULTS)/fig3 --claims $(RESULTS)/claims/fig3.csv
# fig3's plot of the CSVs in folder $(1), with the same figure of other seeds in the
# folders $(3) and its CSVs over seeds in the folder $(4) (mk/seeds.mk), to $(2).png and
# $(2).pdf (also of its archive)
fig3_plot = $(call plot,figures/fig3.gp,$(1),$(2),2000,1000,"seed_dirs='$(3)'; over_seeds='$(4)'")
$(OUTDIR)/fig3.png $(OUTDIR)/fig3.pdf &: figures/fig3.gp $(F3_OUT)
	$(call fig3_plot,$(RESULTS)/fig3,$(OUTDIR)/fig3,$(call seed_plot_dirs,fig3),$(RESULTS)/fig3/over-seeds)
.PHONY: fig3
fig3: $(OUTDIR)/fig3.png $(OUTDIR)/fig3.pdf
