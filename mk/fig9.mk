# Figure 9 — model (6) on unitary d = 1 contexts (planar rotations): linear vs softmax
# attention, with and without an MLP (App. B).
# icar-fig9 -> loss.csv and the claim fig9.softmax_fails.
# Settings: specs/fig9.mk; SEED. The runs checkpoint under $(BUILD)/ckpt/ (CKPT=DIR: elsewhere),
# so a stopped run resumes where it was, bit for bit; the checkpoints are removed once the
# outputs are written.
FIGURES += fig9
CLAIM_FRAGS += $(RESULTS)/claims/fig9.csv
$(call track,fig9,PROFILE SEED $(SETTINGS.fig9))
$(RESULTS)/fig9/loss.csv $(RESULTS)/claims/fig9.csv &: $(BUILD)/icar-fig9 $(BUILD)/settings/fig9.txt
	@mkdir -p $(or $(CKPT),$(BUILD)/ckpt)
	$(RUN) $(BUILD)/icar-fig9 $(call run_flags,$(SETTINGS.fig9),setting_now) \
	  --checkpoint $(or $(CKPT),$(BUILD)/ckpt)/fig9 --out $(RESULTS)/fig9 --claims $(RESULTS)/claims/fig9.csv
# fig9's plot of the CSVs in folder $(1), with the same figure of other seeds in the
# folders $(3) and its CSVs over seeds in the folder $(4) (mk/seeds.mk), to $(2).png and
# $(2).pdf (also of its archive)
fig9_plot = $(call plot,figures/fig9.gp,$(1),$(2),1000,700,"seed_dirs='$(3)'; over_seeds='$(4)'")
$(OUTDIR)/fig9.png $(OUTDIR)/fig9.pdf &: figures/fig9.gp $(RESULTS)/fig9/loss.csv
	$(call fig9_plot,$(RESULTS)/fig9,$(OUTDIR)/fig9,$(call seed_plot_dirs,fig9),$(RESULTS)/fig9/over-seeds)
.PHONY: fig9
fig9: $(OUTDIR)/fig9.png $(OUTDIR)/fig9.pdf
