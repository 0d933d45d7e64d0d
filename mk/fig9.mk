# Figure 9 — model (6) on unitary d = 1 contexts (planar rotations), T = 10: linear vs
# softmax attention, with and without an MLP (hidden 32) (App. B).
# icar-fig9 -> loss.csv and the claim fig9.softmax_fails.
# Options: SEED, FIG9_TRAIN, FIG9_EPOCHS, FIG9_BATCH (profiles.mk); CKPT=DIR.
FIGURES += fig9
CLAIM_FRAGS += $(RESULTS)/claims/fig9.csv
$(eval $(call track,fig9,PROFILE SEED FIG9_TRAIN FIG9_EPOCHS FIG9_BATCH))
$(RESULTS)/fig9/loss.csv $(RESULTS)/claims/fig9.csv &: $(BUILD)/icar-fig9 $(BUILD)/settings/fig9.txt
	$(RUN) $(BUILD)/icar-fig9 --seed $(SEED) --train $(FIG9_TRAIN) --epochs $(FIG9_EPOCHS) --batch $(FIG9_BATCH) \
	  --profile $(PROFILE) $(if $(CKPT),--checkpoint $(CKPT)/fig9) \
	  --out $(RESULTS)/fig9 --claims $(RESULTS)/claims/fig9.csv
$(OUTDIR)/fig9.png $(OUTDIR)/fig9.pdf &: figures/fig9.gp $(RESULTS)/fig9/loss.csv
	$(call plot,figures/fig9.gp,$(RESULTS)/fig9,$(OUTDIR)/fig9,1000,700)
.PHONY: fig9
fig9: $(OUTDIR)/fig9.png $(OUTDIR)/fig9.pdf
