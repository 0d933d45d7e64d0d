# Figure 10 — augmented tokens: the full Transformer (softmax, MLP, post-LN) of depth L against L steps of GD.
# The spec of fig10: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig10.
# Format and use: README, "Layout"; override one setting with `make fig10 KEY=value`.

# The run list: one run per depth L = 1..FIG10_LMAX (mk/fig5.mk: FIG10_RUNS).
FIG10_LMAX ?= 6
# The paper: "The training procedure and the dataset are identical to those described in
# the Augmented setting paragraph of Section 6", i.e. Figure 5's. So every setting of the
# data and training is Figure 5's (specs/fig5.mk), except the quick profile's epochs.
# the data: dimension d, inputs per sequence T, training and test sequences
FIG10_D ?= $(FIG5_D)
FIG10_T ?= $(FIG5_T)
FIG10_TRAIN.quick = $(FIG5_TRAIN.quick)
FIG10_TRAIN.paper = $(FIG5_TRAIN.paper)
FIG10_TEST.quick = $(FIG5_TEST.quick)
FIG10_TEST.paper = $(FIG5_TEST.paper)
# the model: attention heads (they divide the token width 3d) and MLP width
FIG10_HEADS ?= 3
FIG10_FFN   ?= 60
# training: Adam at FIG10_LR, epochs, batch size; a checkpoint every FIG10_CKPT_EVERY epochs
FIG10_LR ?= $(FIG5_LR)
FIG10_EPOCHS.quick = 30
FIG10_EPOCHS.paper = $(FIG5_EPOCHS.paper)
FIG10_BATCH.quick = $(FIG5_BATCH.quick)
FIG10_BATCH.paper = $(FIG5_BATCH.paper)
FIG10_CKPT_EVERY ?= $(FIG5_CKPT_EVERY)
