# Figure 7 — test MSE against the number of heads, plain and duplicated tokens (Sec. 6),
# for two variants of the model of src/models/heads.h: `paper` (the paper's text) and
# `authors` (the choices of the authors' published code; src/models/headsrun.h).
# One run per (variant, kind, H): icar-fig7 -> $(RESULTS)/fig7/runs/<variant>-<kind>-H<H>.csv
# (make that file to make one run; a stopped run resumes from $(BUILD)/ckpt/fig7/, and its
# checkpoint is removed once the run is written). icar-fig7-assemble then builds
# mse.csv, curves.csv and the claims fig7.dup_gain, fig7.nodup_flat (paper variant) and
# fig7.dup_gain.authors, fig7.nodup_flat.authors from the runs, training nothing.
# Settings (the lists of H, data, training): specs/fig7.mk; SEED.
# Also the benchmark bench-heads (time per epoch of 2^14 sequences in every variant and
# kind at the H of specs/bench.mk; make plan times each run from its own variant and kind).
FIGURES += fig7
CLAIM_FRAGS += $(RESULTS)/claims/fig7.csv
BENCHES += bench-heads

comma := ,
F7_RUNS_DIR := $(RESULTS)/fig7/runs
# $(call f7_runs,VARIANT,HEADS): the names of the runs of one variant, both token kinds;
# $(call fig7_run_names,VALUE): of every run, with the values of $(call VALUE,KEY)
f7_runs = $(foreach k,plain dup,$(foreach h,$(subst $(comma), ,$(2)),$(1)-$(k)-H$(h).csv))
fig7_run_names = $(call f7_runs,paper,$(call $(1),FIG7_HEADS_PAPER)) $(call f7_runs,authors,$(call $(1),FIG7_HEADS_AUTHORS))
FIG7_RUNS := $(addprefix $(F7_RUNS_DIR)/,$(call fig7_run_names,setting_now))
FIG7_OUTPUTS := $(RESULTS)/fig7/mse.csv $(RESULTS)/fig7/curves.csv
# $(call fig7_assemble,RUNS_DIR,OUT_DIR,CLAIMS_FILE): from every run in RUNS_DIR (an
# archive of another profile too); the figure's own rule below names the runs of this
# profile instead, so that runs left from other lists of H stay out.
fig7_assemble = $(BUILD)/icar-fig7-assemble --out $(2) --claims $(3) $(1)/*-*-H*.csv

# A run depends on the sizes, not on the lists of H (those decide which runs exist). Every
# setting of the spec but the lists of H and the d of each variant (passed as --d) is a
# flag of each run.
F7_HEADS_SET := FIG7_HEADS_PAPER FIG7_HEADS_AUTHORS
F7_FLAG_SET := $(filter-out $(F7_HEADS_SET) FIG7_D_PAPER FIG7_D_AUTHORS,$(SETTINGS.fig7))
$(call track,fig7,PROFILE SEED $(filter-out $(F7_HEADS_SET),$(SETTINGS.fig7)))
$(call track,fig7-heads,$(F7_HEADS_SET))
# the settings lines its runs record, with the values of $(call VALUE,KEY,ARG) (an
# archive's, mk/archive.mk), but for the d of each variant
fig7_settings = $(BUILD)/icar-fig7 --print-settings $(call run_flags,$(F7_FLAG_SET),$(1),$(2))

# One run, named <variant>-<kind>-H<H>: $(call f7_part,N) is the N-th dash-separated part;
# the data dimension is the variant's, FIG7_D_PAPER or FIG7_D_AUTHORS.
f7_part = $(word $(1),$(subst -, ,$*))
f7_d = $(FIG7_D_$(patsubst paper,PAPER,$(patsubst authors,AUTHORS,$(call f7_part,1))))
$(F7_RUNS_DIR)/%.csv: $(BUILD)/icar-fig7 $(BUILD)/settings/fig7.txt
	@mkdir -p $(BUILD)/ckpt/fig7
	$(RUN) $(BUILD)/icar-fig7 --variant $(call f7_part,1) --kind $(call f7_part,2) --H $(patsubst H%,%,$(call f7_part,3)) \
	  --d $(f7_d) $(call run_flags,$(F7_FLAG_SET),setting_now) --checkpoint $(BUILD)/ckpt/fig7/$*.ckpt --out $@
	rm -f $(BUILD)/ckpt/fig7/$*.ckpt

$(FIG7_OUTPUTS) $(RESULTS)/claims/fig7.csv &: $(BUILD)/icar-fig7-assemble $(FIG7_RUNS) $(BUILD)/settings/fig7-heads.txt
	$(BUILD)/icar-fig7-assemble --out $(RESULTS)/fig7 --claims $(RESULTS)/claims/fig7.csv $(FIG7_RUNS)

# fig7's plot of the CSVs in folder $(1), with the same figure of other seeds in the
# folders $(3) and its CSVs over seeds in the folder $(4) (mk/seeds.mk), to $(2).png and
# $(2).pdf (also of its archive)
fig7_plot = $(call plot,figures/fig7.gp,$(1),$(2),1600,700,"seed_dirs='$(3)'; over_seeds='$(4)'")
$(OUTDIR)/fig7.png $(OUTDIR)/fig7.pdf &: figures/fig7.gp $(FIG7_OUTPUTS)
	$(call fig7_plot,$(RESULTS)/fig7,$(OUTDIR)/fig7,$(call seed_plot_dirs,fig7),$(RESULTS)/fig7/over-seeds)
.PHONY: fig7 bench-heads
fig7: $(OUTDIR)/fig7.png $(OUTDIR)/fig7.pdf

# icar-bench-heads reads peak_gflops from the GEMM benchmark (icar-bench-gemm).
$(RESULTS)/bench/heads.csv: $(BUILD)/icar-bench-heads $(RESULTS)/bench/gemm.csv
	$(BUILD)/icar-bench-heads --seed $(SEED) --heads $(BENCH_HEADS_H) --steps $(BENCH_HEADS_STEPS) \
	  --d-paper $(FIG7_D_PAPER) --d-authors $(FIG7_D_AUTHORS) --gemm $(RESULTS)/bench/gemm.csv --out $@
bench-heads: $(RESULTS)/bench/heads.csv

# The manuscript's Figure 7 section shows the measured time per epoch.
PAPER_DATA += $(RESULTS)/bench/heads.csv

# The unit test of the assembler runs the tool.
$(BUILD)/check/test_fig7.csv: $(BUILD)/icar-fig7-assemble
