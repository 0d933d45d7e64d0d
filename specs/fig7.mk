# Figure 7 — test MSE against the number of heads, plain and duplicated tokens (Sec. 6).
# The spec of fig7: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig7.
# Format and use: README, "Layout"; override one setting with `make fig7 KEY=value`.

# The run list: one run per (variant, kind, H), kinds plain and dup, H from the lists of
# each variant (mk/fig7.mk: FIG7_RUNS). Quick: both variants in about the time of one,
# H = 1 and the largest.
FIG7_HEADS_PAPER.quick   = 1,16
FIG7_HEADS_PAPER.paper   = 1,2,4,8,16,32,64
FIG7_HEADS_AUTHORS.quick = 1,16
FIG7_HEADS_AUTHORS.paper = 1,2,4,8,16,32,64
# the data: dimension d per variant (the paper's text; the authors' code), input tokens
# per sequence T, rows of the position table, training and test sequences
FIG7_D_PAPER   ?= 10
FIG7_D_AUTHORS ?= 5
FIG7_T    ?= 50
FIG7_NPOS ?= 100
FIG7_TRAIN.quick = 2048
FIG7_TRAIN.paper = 16384
FIG7_TEST.quick = 512
FIG7_TEST.paper = 1024
# training: Adam at FIG7_LR, epochs, batch size; a checkpoint every FIG7_CKPT_EVERY epochs
FIG7_LR ?= 0.01
FIG7_EPOCHS.quick = 60
FIG7_EPOCHS.paper = 200
FIG7_BATCH.quick = 128
FIG7_BATCH.paper = 1024
FIG7_CKPT_EVERY ?= 10
