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
# The heads benchmark times every (variant, kind) of Figure 7; each Figure 7 run is timed
# from the rows of its own variant and kind (model heads-<variant>-<kind>). Fig. 8
# (FIG8_VARIANT with duplicated tokens of FIG8_D) is timed as the Figure 7 run of its
# variant with duplicated tokens at H = FIG8_H, whose d is Figure 7's (FIG7_D_PAPER or
# FIG7_D_AUTHORS): an upper bound where that is the larger.
.PHONY: plan plan-jobs
CORES ?= $(shell nproc)
PLAN_COMMA := ,
PLAN_JOBS := $(BUILD)/plan/jobs-$(PROFILE).csv
PLAN_BENCH := $(RESULTS)/bench/fig5.csv $(RESULTS)/bench/heads.csv
# Fig. 10's own benchmark where a rule makes it (bench-fig10), else the full-model rows of bench/fig5.csv
PLAN_FIG10_BENCH := $(if $(filter bench-fig10,$(BENCHES)),$(RESULTS)/bench/fig10.csv,$(wildcard $(RESULTS)/bench/fig10.csv))

# One CSV line per run: figure,run,model,x,epochs,sequences.
# $(call plan_depth,N,MODEL): the runs L<L>.csv of figure N
plan_depth = $(foreach r,$(notdir $(FIG$(1)_RUNS)),fig$(1),$(r),$(2),$(patsubst L%.csv,%,$(r)),$(FIG$(1)_EPOCHS),$(FIG$(1)_TRAIN))
# the runs <variant>-<kind>-H<H>.csv of Figure 7, each timed as heads-<variant>-<kind>
plan_heads = $(foreach r,$(notdir $(FIG7_RUNS)),fig7,$(r),heads-$(subst $() ,-,$(wordlist 1,2,$(subst -, ,$(r)))),$(lastword $(subst -H, ,$(basename $(r)))),$(FIG7_EPOCHS),$(FIG7_TRAIN))
plan_measured = $(1),$(1),measured,$(2),$(3),$(4)
PLAN_LINES = $(call plan_depth,5,linear) $(call plan_depth,10,full) $(plan_heads) \
  fig8,fig8,heads-$(FIG8_VARIANT)-dup,$(FIG8_H),$(FIG8_EPOCHS),$(FIG8_TRAIN) \
  $(call plan_measured,fig1,0.01,1,1) $(call plan_measured,fig2,0.01,1,1) \
  $(call plan_measured,fig3,6.4e-7,$(FIG3_STEPS),$(FIG3_RESTARTS)) \
  $(call plan_measured,fig4,2.2e-4,1,$(if $(filter all,$(FIG4_WINDOWS)),62355,$(FIG4_WINDOWS))) \
  $(call plan_measured,fig6,5e-5,1,$(FIG6_SAMPLES)) \
  $(call plan_measured,fig9,9.64e-5,$(FIG9_EPOCHS),$(FIG9_TRAIN)) \
  $(call plan_measured,theory,1.8e-5,1,$(THEORY_MC))

plan-jobs:
	@mkdir -p $(dir $(PLAN_JOBS))
	@printf '%s\n' figure,run,model,x,epochs,sequences $(PLAN_LINES) > $(PLAN_JOBS).$$$$.tmp && mv $(PLAN_JOBS).$$$$.tmp $(PLAN_JOBS)

plan: $(BUILD)/icar-plan $(PLAN_BENCH) $(PLAN_FIG10_BENCH) $(RESULTS)/bench/gemm.csv plan-jobs
	@$(BUILD)/icar-plan --profile $(PROFILE) --jobs $(PLAN_JOBS) --gemm $(RESULTS)/bench/gemm.csv \
	  $(foreach b,$(PLAN_BENCH) $(PLAN_FIG10_BENCH),--bench $(b)) --threads $(THREADS) \
	  --cores 2,16,$(CORES) --out $(RESULTS)/plan-$(PROFILE).csv
	@$(if $(PLAN_FIG10_BENCH),,echo "Fig. 10: timed from the full-model rows of bench/fig5.csv (no bench/fig10.csv)")

# The manuscript's benchmark section quotes the paper profile's plan.
$(RESULTS)/plan-paper.csv: $(BUILD)/icar-plan $(PLAN_BENCH) $(PLAN_FIG10_BENCH) $(RESULTS)/bench/gemm.csv mk/plan.mk mk/profiles.mk $(SPECS)
	@$(MAKE_QUERY) PROFILE=paper plan > /dev/null
PAPER_DATA += $(RESULTS)/plan-paper.csv

# The unit test runs icar-plan on made-up benchmarks.
$(BUILD)/check/test_plan.csv: $(BUILD)/icar-plan
