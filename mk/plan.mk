# make plan [PROFILE=paper] [CORES=N] [THREADS=n] — the expected wall time of a profile on
# this machine, per figure and in total, on 2 cores, 16 cores and CORES (default: this
# machine's), with THREADS threads per run (icar-plan; its header gives every rule).
# The long figures' runs come from their run lists (FIG5_RUNS, FIG10_RUNS, FIG7_RUNS: one
# run per depth L or per (variant, kind, H)), timed from the benchmarks' seconds per epoch
# (bench/fig5.csv, bench/heads.csv, and bench/fig10.csv where it exists), scaled by
# epochs x sequences of the profile. Writes $(RESULTS)/plan-$(PROFILE).csv.
#
# The cheap figures have no benchmark: their CPU seconds per unit were measured once at
# PROFILE=quick on the 2-core reference machine (user time, OMP_NUM_THREADS=2, while other
# jobs shared it) and scale with the unit named here:
#   fig1, fig2   under 0.01 s in all                     (units: 1)
#   fig3         1.53 s at 300000 steps x 8 restarts      (units: FIG3_STEPS x FIG3_RESTARTS)
#   fig4         2.2 s for both chains at 10000 windows   (units: windows; `all` = the
#                62355 windows of Moby Dick)
#   fig6         0.02 s at 1000 samples (timer resolution: taken as 0.05 s)   (units: FIG6_SAMPLES)
#   fig9         11.85 s at 2048 sequences x 60 epochs    (units: FIG9_TRAIN x FIG9_EPOCHS)
#   theory       1.80 s at 10^5 Monte-Carlo contexts      (units: THEORY_MC)
# Their peak memory (mem_mib, an upper bound for smaller profiles) was measured once at the
# paper profile (/usr/bin/time, max RSS, first 10 s of each): fig3 7.2 MiB, fig6 5.7 MiB,
# fig9 6.6 MiB, theory 98.5 MiB at 10^6 contexts; given as 16, 16, 16 and 128 MiB (fig1 and
# fig2: 8). Fig. 4 runs where make runs, not through LAUNCH; its largest process is node's
# reference tokenizer (119.8 MiB), then icar-arfit with the stand-in vectors (43.1 MiB at
# 10000 windows, 93.7 MiB at all 62355), icar-fig4check (35.3), icar-bpe (18.4): given as
# 160 MiB. With VECTORS, icar-arfit maps the table, whose pages count too as it reads them:
# 256 MiB more, the size of gpt2-large's (50257 x 1280 floats), a bound from the size, not
# measured. (tests/test_plan.c holds the estimate to the peak of each of its processes.)
# The heads benchmark times every (variant, kind) of Figure 7; each Figure 7 run is timed
# from the rows of its own variant and kind (model heads-<variant>-<kind>). Fig. 8
# (FIG8_VARIANT with duplicated tokens of FIG8_D) is timed as the Figure 7 run of its
# variant with duplicated tokens at H = FIG8_H, whose d is Figure 7's (FIG7_D_PAPER or
# FIG7_D_AUTHORS): an upper bound where that is the larger.
.PHONY: plan
# CORES: empty for this machine's count (nproc, in the recipe)
CORES ?=
PLAN_COMMA := ,
PLAN_BENCH := $(RESULTS)/bench/fig5.csv $(RESULTS)/bench/heads.csv
# Fig. 10's own benchmark where a rule makes it (bench-fig10), else the full-model rows of bench/fig5.csv
PLAN_FIG10_BENCH := $(if $(filter bench-fig10,$(BENCHES)),$(RESULTS)/bench/fig10.csv,$(wildcard $(RESULTS)/bench/fig10.csv))

# $(call plan_lines,VALUE): one CSV line per run, figure,run,model,x,epochs,sequences,
# d,T,batch,test,mem_mib, with the values $(call VALUE,KEY) gives (setting_now: this
# profile's; setting_paper). d, T, batch, test: the sizes icar-plan estimates a training
# run's memory from (its header); mem_mib: a cheap figure's peak memory, measured once.
# $(call plan_depth,N,MODEL,VALUE): the runs L<L>.csv of figure N
plan_depth = $(foreach r,$(call fig$(1)_run_names,$(3)),fig$(1),$(r),$(2),$(patsubst L%.csv,%,$(r)),$(call $(3),FIG$(1)_EPOCHS),$(call $(3),FIG$(1)_TRAIN),$(call $(3),FIG$(1)_D),$(call $(3),FIG$(1)_T),$(call $(3),FIG$(1)_BATCH),$(call $(3),FIG$(1)_TEST),0)
# the runs <variant>-<kind>-H<H>.csv of Figure 7, each timed as heads-<variant>-<kind>, with
# the d of its variant
plan_f7_d = $(call $(2),FIG7_D_$(if $(filter paper,$(firstword $(subst -, ,$(1)))),PAPER,AUTHORS))
plan_heads = $(foreach r,$(call fig7_run_names,$(1)),fig7,$(r),heads-$(subst $() ,-,$(wordlist 1,2,$(subst -, ,$(r)))),$(lastword $(subst -H, ,$(basename $(r)))),$(call $(1),FIG7_EPOCHS),$(call $(1),FIG7_TRAIN),$(call plan_f7_d,$(r),$(1)),$(call $(1),FIG7_T),$(call $(1),FIG7_BATCH),$(call $(1),FIG7_TEST),0)
# $(call plan_measured,FIG,CPU_PER_UNIT,EPOCHS,UNITS,MIB)
plan_measured = $(1),$(1),measured,$(2),$(3),$(4),0,0,0,0,$(5)
plan_lines = $(call plan_depth,5,linear,$(1)) $(call plan_depth,10,full,$(1)) $(call plan_heads,$(1)) \
  fig8,fig8,heads-$(call $(1),FIG8_VARIANT)-dup,$(call $(1),FIG8_H),$(call $(1),FIG8_EPOCHS),$(call $(1),FIG8_TRAIN),$(call $(1),FIG8_D),$(call $(1),FIG8_T),$(call $(1),FIG8_BATCH),$(call $(1),FIG8_TEST),0 \
  $(call plan_measured,fig1,0.01,1,1,8) $(call plan_measured,fig2,0.01,1,1,8) \
  $(call plan_measured,fig3,6.4e-7,$(call $(1),FIG3_STEPS),$(call $(1),FIG3_RESTARTS),16) \
  $(call plan_measured,fig4,2.2e-4,1,$(if $(filter all,$(call $(1),FIG4_WINDOWS)),62355,$(call $(1),FIG4_WINDOWS)),$(if $(call $(1),VECTORS),416,160)) \
  $(call plan_measured,fig6,5e-5,1,$(call $(1),FIG6_SAMPLES),16) \
  $(call plan_measured,fig9,9.64e-5,$(call $(1),FIG9_EPOCHS),$(call $(1),FIG9_TRAIN),16) \
  $(call plan_measured,theory,1.8e-5,1,$(call $(1),THEORY_MC),128)

# The job lists of this profile and of the paper profile ($(BUILD)/plan/jobs-NAME.csv,
# read by icar-plan and by the archive's reruns), rewritten only when a line changes.
PLAN_JOBS := $(BUILD)/plan/jobs-$(PROFILE).csv
plan_csv = figure$(PLAN_COMMA)run$(PLAN_COMMA)model$(PLAN_COMMA)x$(PLAN_COMMA)epochs$(PLAN_COMMA)sequences$(PLAN_COMMA)d$(PLAN_COMMA)T$(PLAN_COMMA)batch$(PLAN_COMMA)test$(PLAN_COMMA)mem_mib $(call plan_lines,$(1))
plan_jobs_file = $(call keep_file,$(BUILD)/plan/jobs-$(1).csv,$(call plan_csv,$(2)),$(call plan_csv,$(2)))
$(call plan_jobs_file,paper,setting_paper)
$(if $(filter paper,$(PROFILE)),,$(call plan_jobs_file,$(PROFILE),setting_now))

# $(call plan_run,PROFILE): icar-plan over that profile's job list
plan_run = $(BUILD)/icar-plan --profile $(1) --jobs $(BUILD)/plan/jobs-$(1).csv --gemm $(RESULTS)/bench/gemm.csv \
  $(foreach b,$(PLAN_BENCH) $(PLAN_FIG10_BENCH),--bench $(b)) --threads $(THREADS) \
  --cores 2,16,$(or $(CORES),$$(nproc)) --out $(RESULTS)/plan-$(1).csv
plan: $(BUILD)/icar-plan $(PLAN_BENCH) $(PLAN_FIG10_BENCH) $(RESULTS)/bench/gemm.csv $(PLAN_JOBS)
	@$(call plan_run,$(PROFILE))
	@$(if $(PLAN_FIG10_BENCH),,echo "Fig. 10: timed from the full-model rows of bench/fig5.csv (no bench/fig10.csv)")

# The manuscript's benchmark section quotes the paper profile's plan.
$(RESULTS)/plan-paper.csv: $(BUILD)/icar-plan $(PLAN_BENCH) $(PLAN_FIG10_BENCH) $(RESULTS)/bench/gemm.csv $(BUILD)/plan/jobs-paper.csv
	@$(call plan_run,paper) > /dev/null
PAPER_DATA += $(RESULTS)/plan-paper.csv

# The unit test runs icar-plan on made-up benchmarks, and one short run of each model
# (icar-depth, icar-fig7) whose peak memory the estimate must cover; and Figure 4's chain on
# the fetched book, whose every process's peak the paper job list's fig4 row must cover.
$(BUILD)/check/test_plan.csv: $(BUILD)/icar-plan $(BUILD)/icar-depth $(BUILD)/icar-fig7 $(BUILD)/plan/jobs-paper.csv \
  $(BUILD)/icar-sentences $(BUILD)/icar-bpe $(BUILD)/icar-arfit $(BUILD)/icar-hist $(BUILD)/icar-fig4check $(RAW_MOBY) \
  $(RAW_GPT2) tools/gpt2-encode.js
