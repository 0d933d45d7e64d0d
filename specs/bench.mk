# The benchmarks (make bench): the sizes they time. They measure time and judge no claim.
# Format and use: README, "Layout"; override one setting with `make bench KEY=value`.

# this machine's sgemm peak (icar-bench-gemm): matrix size, timed repetitions (the
# fastest is kept)
BENCH_GEMM_N    ?= 2048
BENCH_GEMM_REPS ?= 5
# Figures 5 and 10 (icar-bench-fig5): sequences per timed epoch, timed epochs (the model,
# d, T, lr and batch are the figure's paper profile, specs/fig5.mk and specs/fig10.mk)
BENCH_FIG5_TRAIN ?= 16384
BENCH_FIG5_REPS  ?= 3
# Figure 7 (icar-bench-heads): the heads timed in every variant and token kind (make plan
# interpolates each run's time between them; the authors' times are at 8 and 64), and
# timed steps of 1024 sequences per H (an epoch of the paper's 2^14 sequences is 16)
BENCH_HEADS_H ?= 1,8,64
BENCH_HEADS_STEPS.quick = 4
BENCH_HEADS_STEPS.paper = 16
