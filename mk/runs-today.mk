# Run lists of Figures 5, 10 and 7 as named by their per-run split (one run per depth L,
# one per (variant, kind, H)), for make plan while those figures still run as one command.
# Dropped when mk/fig5.mk and mk/fig7.mk define FIG5_RUNS, FIG10_RUNS and FIG7_RUNS.
FIG5_RUNS  ?= $(foreach L,$(shell seq 1 $(FIG5_LMAX)),$(RESULTS)/fig5/runs/L$(L).csv)
FIG10_RUNS ?= $(foreach L,$(shell seq 1 $(FIG10_LMAX)),$(RESULTS)/fig10/runs/L$(L).csv)
FIG7_RUNS  ?= $(foreach k,plain dup,$(foreach h,$(subst $(PLAN_COMMA), ,$(FIG7_HEADS)),$(RESULTS)/fig7/runs/paper-$(k)-H$(h).csv))
