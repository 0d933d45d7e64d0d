# Figure 9 — model (6) on unitary d = 1 contexts (planar rotations): linear vs softmax
# attention, with and without an MLP (App. B).
# icar-fig9 -> loss.csv and the claim fig9.softmax_fails.
# Settings: specs/fig9.mk; SEED; CKPT=DIR.
FIGURES += fig9
CLAIM_FRAGS += $(RESULTS)/claims/fig9.csv
$(eval $(call track,fig9,PROFILE SEED FIG9_T FIG9_H FIG9_MLP FIG9_INIT FIG9_TRAIN FIG9_TEST FIG9_LR FIG9_EPOCHS \
  FIG9_BATCH FIG9_CKPT_EVERY))
$(RESULTS)/fig9/loss.csv $(RESULTS)/claims/fig9.csv &: $(BUILD)/icar-fig9 $(BUILD)/settings/fig9.txt
	$(RUN) $(BUILD)/icar-fig9 --seed $(SEED) --T $(FIG9_T) --H $(FIG9_H) --mlp $(FIG9_MLP) --init $(FIG9_INIT) \
	  --train $(FIG9_TRAIN) --test $(FIG9_TEST) --lr $(FIG9_LR) --epochs $(FIG9_EPOCHS) --batch $(FIG9_BATCH) \
	  --profile $(PROFILE) $(if $(CKPT),--checkpoint $(CKPT)/fig9) --checkpoint-every $(FIG9_CKPT_EVERY) \
	  --out $(RESULTS)/fig9 --claims $(RESULTS)/claims/fig9.csv
# fig9's plot of the CSVs in folder $(1) to $(2).png and $(2).pdf (also of its archive)
fig9_plot = $(call plot,figures/fig9.gp,$(1),$(2),1000,700)
$(OUTDIR)/fig9.png $(OUTDIR)/fig9.pdf &: figures/fig9.gp $(RESULTS)/fig9/loss.csv
	$(call fig9_plot,$(RESULTS)/fig9,$(OUTDIR)/fig9)
.PHONY: fig9
fig9: $(OUTDIR)/fig9.png $(OUTDIR)/fig9.pdf
