# Figure 8 — orthogonality between heads: sum_h B_h^T B_h at initialisation (identical
# heads + noise) and after training, tokens duplicated (E = 2d).
# icar-fig8 -> bb.csv, curve.csv and the claim fig8.orthogonality.
# Settings (among them FIG8_VARIANT=paper|authors: the model of the paper's text or of the
# authors' published code, src/models/headsrun.h): specs/fig8.mk; SEED. The run checkpoints
# under $(BUILD)/ckpt/ (CKPT=DIR: elsewhere), so a stopped run resumes where it was, bit for
# bit; its checkpoints are removed once its outputs are written.
FIGURES += fig8
CLAIM_FRAGS += $(RESULTS)/claims/fig8.csv
F8_OUT := $(RESULTS)/fig8/bb.csv $(RESULTS)/fig8/curve.csv
$(call track,fig8,PROFILE SEED $(SETTINGS.fig8))
$(F8_OUT) $(RESULTS)/claims/fig8.csv &: $(BUILD)/icar-fig8 $(BUILD)/settings/fig8.txt
	@mkdir -p $(or $(CKPT),$(BUILD)/ckpt)
	$(RUN) $(BUILD)/icar-fig8 $(call run_flags,$(SETTINGS.fig8),setting_now) \
	  --checkpoint $(or $(CKPT),$(BUILD)/ckpt)/fig8.ckpt --out $(RESULTS)/fig8 --claims $(RESULTS)/claims/fig8.csv
# fig8's plot of the CSVs in folder $(1), with the same figure of other seeds in the
# folders $(3) and its CSVs over seeds in the folder $(4) (mk/seeds.mk), to $(2).png and
# $(2).pdf (also of its archive)
fig8_plot = $(call plot,figures/fig8.gp,$(1),$(2),1400,650,"seed_dirs='$(3)'; over_seeds='$(4)'")
$(OUTDIR)/fig8.png $(OUTDIR)/fig8.pdf &: figures/fig8.gp $(F8_OUT)
	$(call fig8_plot,$(RESULTS)/fig8,$(OUTDIR)/fig8,$(call seed_plot_dirs,fig8),$(RESULTS)/fig8/over-seeds)
.PHONY: fig8
fig8: $(OUTDIR)/fig8.png $(OUTDIR)/fig8.pdf
