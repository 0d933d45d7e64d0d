# Figure 2 — the trigonometric relation 2cos(theta) R_theta - I = R_2theta (icar-fig2 -> vectors.csv).
# Settings: specs/fig2.mk.
FIGURES += fig2
CLAIM_FRAGS += $(RESULTS)/claims/fig2.csv
$(call track,fig2,$(SETTINGS.fig2))
$(RESULTS)/fig2/vectors.csv $(RESULTS)/claims/fig2.csv &: $(BUILD)/icar-fig2 $(BUILD)/settings/fig2.txt
	$(BUILD)/icar-fig2 $(call spec_flags,$(SETTINGS.fig2),setting_now) --out $(RESULTS)/fig2/vectors.csv --claims $(RESULTS)/claims/fig2.csv
$(OUTDIR)/fig2.png $(OUTDIR)/fig2.pdf &: figures/fig2.gp $(RESULTS)/fig2/vectors.csv
	$(call plot,figures/fig2.gp,$(RESULTS)/fig2,$(OUTDIR)/fig2,900,750)
.PHONY: fig2
fig2: $(OUTDIR)/fig2.png $(OUTDIR)/fig2.pdf
