# Figure 1 — two AR processes in R^3 with Haar-random W in O(3) (icar-fig1 -> points.csv).
# Settings: specs/fig1.mk; SEED.
FIGURES += fig1
CLAIM_FRAGS += $(RESULTS)/claims/fig1.csv
$(call track,fig1,SEED $(SETTINGS.fig1))
$(RESULTS)/fig1/points.csv $(RESULTS)/claims/fig1.csv &: $(BUILD)/icar-fig1 $(BUILD)/settings/fig1.txt
	$(BUILD)/icar-fig1 --seed $(SEED) $(call spec_flags,$(SETTINGS.fig1),setting_now) --out $(RESULTS)/fig1/points.csv --claims $(RESULTS)/claims/fig1.csv
$(OUTDIR)/fig1.png $(OUTDIR)/fig1.pdf &: figures/fig1.gp $(RESULTS)/fig1/points.csv
	$(call plot,figures/fig1.gp,$(RESULTS)/fig1,$(OUTDIR)/fig1,1200,900)
.PHONY: fig1
fig1: $(OUTDIR)/fig1.png $(OUTDIR)/fig1.pdf
