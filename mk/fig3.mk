# Figure 3 — minimizers of the population loss (Props. 3, 6): gradient descent on (A, B, P)
# of model (6), unitary (H = d) and orthogonal (H < d) contexts.
# icar-fig3 writes the matrices, the loss trace and the claims prop3.*, prop6.structure*.
# Settings: specs/fig3.mk; SEED.
FIGURES += fig3
CLAIM_FRAGS += $(RESULTS)/claims/fig3.csv
F3_CASES := unitary orthogonal
F3_OUT := $(foreach c,$(F3_CASES),$(foreach m,A B C P,$(RESULTS)/fig3/$(c)_$(m).csv)) $(RESULTS)/fig3/trace.csv $(RESULTS)/fig3/summary.csv $(RESULTS)/fig3/restarts.csv
$(eval $(call track,fig3,PROFILE SEED FIG3_D FIG3_T FIG3_HEADS_UNITARY FIG3_HEADS_ORTHOGONAL FIG3_LR_UNITARY \
  FIG3_LR_ORTHOGONAL FIG3_STEPS FIG3_TOL FIG3_INIT FIG3_RESTARTS))
$(F3_OUT) $(RESULTS)/claims/fig3.csv &: $(BUILD)/icar-fig3 $(BUILD)/settings/fig3.txt
	$(RUN) $(BUILD)/icar-fig3 --seed $(SEED) --d $(FIG3_D) --T $(FIG3_T) \
	  --heads-unitary $(FIG3_HEADS_UNITARY) --heads-orthogonal $(FIG3_HEADS_ORTHOGONAL) \
	  --lr-unitary $(FIG3_LR_UNITARY) --lr-orthogonal $(FIG3_LR_ORTHOGONAL) --steps $(FIG3_STEPS) \
	  --tol $(FIG3_TOL) --init $(FIG3_INIT) --restarts $(FIG3_RESTARTS) --profile $(PROFILE) \
	  --out $(RESULTS)/fig3 --claims $(RESULTS)/claims/fig3.csv
# fig3's plot of the CSVs in folder $(1) to $(2).png and $(2).pdf (also of its archive)
fig3_plot = $(call plot,figures/fig3.gp,$(1),$(2),2000,1000)
$(OUTDIR)/fig3.png $(OUTDIR)/fig3.pdf &: figures/fig3.gp $(F3_OUT)
	$(call fig3_plot,$(RESULTS)/fig3,$(OUTDIR)/fig3)
.PHONY: fig3
fig3: $(OUTDIR)/fig3.png $(OUTDIR)/fig3.pdf
