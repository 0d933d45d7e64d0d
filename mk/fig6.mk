# Figure 6 — positional-encoding-only attention (Sec. 5.3): P trained by gradient descent
# (lr 0.5, from 0, until the loss is below 1e-3) for mu in {50,100,200,300}, T = 30.
# icar-fig6 writes P, its last rows, the cosine PE p p^T and the claims fig6.*.
# Options: SEED, FIG6_SAMPLES (contexts), FIG6_STEPS (maximum GD steps; profiles.mk).
FIGURES += fig6
CLAIM_FRAGS += $(RESULTS)/claims/fig6.csv
F6_COMMA := ,
F6_MU_ARG := 50,100,200,300
F6_MU := $(subst $(F6_COMMA), ,$(F6_MU_ARG))
F6_OUT := $(F6_MU:%=$(RESULTS)/fig6/P_mu%.csv) $(addprefix $(RESULTS)/fig6/,lastrow.csv cosine_pe.csv train.csv diagonals.csv)
$(eval $(call track,fig6,PROFILE SEED FIG6_SAMPLES FIG6_STEPS))
$(F6_OUT) $(RESULTS)/claims/fig6.csv &: $(BUILD)/icar-fig6 $(BUILD)/settings/fig6.txt
	$(RUN) $(BUILD)/icar-fig6 --seed $(SEED) --samples $(FIG6_SAMPLES) --steps $(FIG6_STEPS) \
	  --mu $(F6_MU_ARG) --profile $(PROFILE) \
	  --out $(RESULTS)/fig6 --claims $(RESULTS)/claims/fig6.csv
$(OUTDIR)/fig6.png $(OUTDIR)/fig6.pdf &: figures/fig6.gp $(F6_OUT)
	$(call plot,figures/fig6.gp,$(RESULTS)/fig6,$(OUTDIR)/fig6,2200,900)
.PHONY: fig6
fig6: $(OUTDIR)/fig6.png $(OUTDIR)/fig6.pdf
