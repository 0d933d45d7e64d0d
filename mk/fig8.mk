# Figure 8 — orthogonality between heads: sum_h B_h^T B_h at initialisation (identical
# heads + 0.05 N(0,1)) and after training, d = 5 duplicated (E = 10), H = FIG8_H.
# icar-fig8 -> bb.csv, curve.csv and the claim fig8.orthogonality.
# Options: SEED, FIG8_H, FIG8_TRAIN, FIG8_TEST, FIG8_EPOCHS, FIG8_BATCH (profiles.mk); CKPT=DIR;
# FIG8_VARIANT=paper|authors (the model of the paper's text or of the authors' published
# code, src/models/headsrun.h; default paper).
FIG8_VARIANT ?= paper
FIGURES += fig8
CLAIM_FRAGS += $(RESULTS)/claims/fig8.csv
F8_OUT := $(RESULTS)/fig8/bb.csv $(RESULTS)/fig8/curve.csv
$(eval $(call track,fig8,PROFILE SEED FIG8_H FIG8_TRAIN FIG8_TEST FIG8_EPOCHS FIG8_BATCH FIG8_VARIANT))
$(F8_OUT) $(RESULTS)/claims/fig8.csv &: $(BUILD)/icar-fig8 $(BUILD)/settings/fig8.txt
	$(RUN) $(BUILD)/icar-fig8 --variant $(FIG8_VARIANT) --seed $(SEED) --H $(FIG8_H) --train $(FIG8_TRAIN) --test $(FIG8_TEST) \
	  --epochs $(FIG8_EPOCHS) --batch $(FIG8_BATCH) --profile $(PROFILE) $(if $(CKPT),--checkpoint $(CKPT)/fig8.ckpt) \
	  --out $(RESULTS)/fig8 --claims $(RESULTS)/claims/fig8.csv
$(OUTDIR)/fig8.png $(OUTDIR)/fig8.pdf &: figures/fig8.gp $(F8_OUT)
	$(call plot,figures/fig8.gp,$(RESULTS)/fig8,$(OUTDIR)/fig8,1400,650)
.PHONY: fig8
fig8: $(OUTDIR)/fig8.png $(OUTDIR)/fig8.pdf
