# Figure 9 — model (6) on planar rotations: linear vs softmax attention, with and without an MLP (App. B).
# The spec of fig9: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig9.
# Format and use: README, "Layout"; override one setting with `make fig9 KEY=value`.

# the model: context tokens T, heads, MLP hidden width, initial scale of A, B, P
FIG9_T    ?= 10
FIG9_H    ?= 2
FIG9_MLP  ?= 32
FIG9_INIT ?= 0.1
# the data: training and test sequences
FIG9_TRAIN.quick = 2048
FIG9_TRAIN.paper = 4096
FIG9_TEST ?= 1024
# training: Adam at FIG9_LR, epochs, batch size; a checkpoint every FIG9_CKPT_EVERY epochs
FIG9_LR ?= 0.01
FIG9_EPOCHS.quick = 60
FIG9_EPOCHS.paper = 300
FIG9_BATCH.quick = 128
FIG9_BATCH.paper = 256
FIG9_CKPT_EVERY ?= 50
