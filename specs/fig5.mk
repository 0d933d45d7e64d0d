# Figure 5 — augmented tokens: the linear Transformer of depth L against L steps of GD.
# The spec of fig5: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig5.
# Format and use: README, "Layout"; override one setting with `make fig5 KEY=value`.

# The run list: one run per depth L = 1..FIG5_LMAX (mk/fig5.mk: FIG5_RUNS).
FIG5_LMAX ?= 6
# the data: dimension d, inputs per sequence T, training and test sequences
FIG5_D ?= 5
FIG5_T ?= 50
FIG5_TRAIN.quick = 4096
FIG5_TRAIN.paper = 16384
FIG5_TEST.quick = 512
FIG5_TEST.paper = 1024
# training: Adam at FIG5_LR, epochs, batch size; a checkpoint every FIG5_CKPT_EVERY epochs
FIG5_LR ?= 5e-3
FIG5_EPOCHS.quick = 40
FIG5_EPOCHS.paper = 2000
FIG5_BATCH.quick = 256
FIG5_BATCH.paper = 1024
FIG5_CKPT_EVERY ?= 25
