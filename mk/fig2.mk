# Figure 2 — the trigonometric relation 2cos(theta) R_theta - I = R_2theta (icar-fig2 -> vectors.csv).
# Settings: specs/fig2.mk.
FIGURES += fig2
CLAIM_FRAGS += $(RESULTS)/claims/fig2.csv
$(eval $(call track,fig2,FIG2_THETA))
$(RESULTS)/fig2/vectors.csv $(RESULTS)/claims/fig2.csv &: $(BUILD)/icar-fig2 $(BUILD)/settings/fig2.txt
	$(BUILD)/icar-fig2 --theta $(FIG2_THETA) --out $(RESULTS)/fig2/vectors.csv --claims $(RESULTS)/claims/fig2.csv
$(OUTDIR)/fig2.png $(OUTDIR)/fig2.pdf &: figures/fig2.gp $(RESULTS)/fig2/vectors.csv
	$(call plot,figures/fig2.gp,$(RESULTS)/fig2,$(OUTDIR)/fig2,900,750)
.PHONY: fig2
fig2: $(OUTDIR)/fig2.png $(OUTDIR)/fig2.pdf
