# Figure 10 — augmented tokens: the full Transformer (softmax, MLP, post-LN) of depth L against L steps of GD.
# The spec of fig10: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig10.
# Format and use: README, "Layout"; override one setting with `make fig10 KEY=value`.

# The run list: one run per depth L = 1..FIG10_LMAX (mk/fig5.mk: FIG10_RUNS).
FIG10_LMAX ?= 6
# The paper: "The training procedure and the dataset are identical to those described in
# the Augmented setting paragraph of Section 6", i.e. Figure 5's. Each value below is this
# figure's own; the lines marked "= Figure 5's" hold Figure 5's value on purpose (an edit
# of specs/fig5.mk there does not reach them: edit both).
# the data: dimension d, inputs per sequence T, training and test sequences (= Figure 5's)
FIG10_D ?= 5
FIG10_T ?= 50
FIG10_TRAIN.quick = 4096
FIG10_TRAIN.paper = 16384
FIG10_TEST.quick = 512
FIG10_TEST.paper = 1024
# the model: attention heads (they divide the token width 3d) and MLP width
FIG10_HEADS ?= 3
FIG10_FFN   ?= 60
# training: Adam at FIG10_LR (= Figure 5's), epochs (quick: its own; paper = Figure 5's),
# batch size (= Figure 5's); a checkpoint every FIG10_CKPT_EVERY epochs (= Figure 5's)
FIG10_LR ?= 5e-3
FIG10_EPOCHS.quick = 30
FIG10_EPOCHS.paper = 2000
FIG10_BATCH.quick = 256
FIG10_BATCH.paper = 1024
FIG10_CKPT_EVERY ?= 25
