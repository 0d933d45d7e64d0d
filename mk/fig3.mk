# Figure 3 — minimizers of the population loss (Props. 3, 6): gradient descent on (A, B, P)
# of model (6), unitary (H = d = 10) and orthogonal (H = 8 < d) contexts, d = 10, T = FIG3_T.
# icar-fig3 writes the matrices, the loss trace and the claims prop3.*, prop6.structure*.
# Options: SEED, FIG3_T, FIG3_STEPS (maximum GD steps), FIG3_RESTARTS (further random
# starts for the claims fig3.restarts_*; profiles.mk).
FIGURES += fig3
CLAIM_FRAGS += $(RESULTS)/claims/fig3.csv
F3_CASES := unitary orthogonal
F3_OUT := $(foreach c,$(F3_CASES),$(foreach m,A B C P,$(RESULTS)/fig3/$(c)_$(m).csv)) $(RESULTS)/fig3/trace.csv $(RESULTS)/fig3/summary.csv $(RESULTS)/fig3/restarts.csv
$(eval $(call track,fig3,PROFILE SEED FIG3_T FIG3_STEPS FIG3_RESTARTS))
$(F3_OUT) $(RESULTS)/claims/fig3.csv &: $(BUILD)/icar-fig3 $(BUILD)/settings/fig3.txt
	$(RUN) $(BUILD)/icar-fig3 --seed $(SEED) --T $(FIG3_T) --steps $(FIG3_STEPS) --restarts $(FIG3_RESTARTS) --profile $(PROFILE) \
	  --out $(RESULTS)/fig3 --claims $(RESULTS)/claims/fig3.csv
$(OUTDIR)/fig3.png $(OUTDIR)/fig3.pdf &: figures/fig3.gp $(F3_OUT)
	$(call plot,figures/fig3.gp,$(RESULTS)/fig3,$(OUTDIR)/fig3,2000,1000)
.PHONY: fig3
fig3: $(OUTDIR)/fig3.png $(OUTDIR)/fig3.pdf
