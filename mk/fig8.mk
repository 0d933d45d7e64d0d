# Figure 8 — orthogonality between heads: sum_h B_h^T B_h at initialisation (identical
# heads + noise) and after training, tokens duplicated (E = 2d).
# icar-fig8 -> bb.csv, curve.csv and the claim fig8.orthogonality.
# Settings (among them FIG8_VARIANT=paper|authors: the model of the paper's text or of the
# authors' published code, src/models/headsrun.h): specs/fig8.mk; SEED; CKPT=DIR.
FIGURES += fig8
CLAIM_FRAGS += $(RESULTS)/claims/fig8.csv
F8_OUT := $(RESULTS)/fig8/bb.csv $(RESULTS)/fig8/curve.csv
$(eval $(call track,fig8,PROFILE SEED FIG8_VARIANT FIG8_H FIG8_NOISE FIG8_D FIG8_T FIG8_TRAIN FIG8_TEST FIG8_LR \
  FIG8_EPOCHS FIG8_BATCH FIG8_CKPT_EVERY))
$(F8_OUT) $(RESULTS)/claims/fig8.csv &: $(BUILD)/icar-fig8 $(BUILD)/settings/fig8.txt
	$(RUN) $(BUILD)/icar-fig8 --variant $(FIG8_VARIANT) --seed $(SEED) --H $(FIG8_H) --noise $(FIG8_NOISE) \
	  --d $(FIG8_D) --T $(FIG8_T) --train $(FIG8_TRAIN) --test $(FIG8_TEST) --lr $(FIG8_LR) \
	  --epochs $(FIG8_EPOCHS) --batch $(FIG8_BATCH) --profile $(PROFILE) \
	  $(if $(CKPT),--checkpoint $(CKPT)/fig8.ckpt) --checkpoint-every $(FIG8_CKPT_EVERY) \
	  --out $(RESULTS)/fig8 --claims $(RESULTS)/claims/fig8.csv
# fig8's plot of the CSVs in folder $(1) to $(2).png and $(2).pdf (also of its archive)
fig8_plot = $(call plot,figures/fig8.gp,$(1),$(2),1400,650)
$(OUTDIR)/fig8.png $(OUTDIR)/fig8.pdf &: figures/fig8.gp $(F8_OUT)
	$(call fig8_plot,$(RESULTS)/fig8,$(OUTDIR)/fig8)
.PHONY: fig8
fig8: $(OUTDIR)/fig8.png $(OUTDIR)/fig8.pdf
