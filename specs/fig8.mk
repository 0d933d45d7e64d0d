# Figure 8 — orthogonality between heads: sum_h B_h^T B_h before and after training.
# The spec of fig8: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig8.
# Format and use: README, "Layout"; override one setting with `make fig8 KEY=value`.

# the model: paper (the paper's text) or authors (the authors' published code), heads,
# noise added to the identical heads at initialisation
FIG8_VARIANT ?= paper
FIG8_H       ?= 8
FIG8_NOISE   ?= 0.05
# the data: dimension d (tokens duplicated, E = 2d), input tokens T, sequences
FIG8_D ?= 5
FIG8_T ?= 50
FIG8_TRAIN.quick = 2048
FIG8_TRAIN.paper = 16384
FIG8_TEST.quick = 512
FIG8_TEST.paper = 1024
# training: Adam at FIG8_LR, epochs, batch size; a checkpoint every FIG8_CKPT_EVERY epochs
FIG8_LR ?= 0.01
FIG8_EPOCHS.quick = 60
FIG8_EPOCHS.paper = 200
FIG8_BATCH.quick = 256
FIG8_BATCH.paper = 1024
FIG8_CKPT_EVERY ?= 10
