# Figure 4 — AR fits on Moby Dick (Sec. 6).
# The spec of fig4: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig4.
# Format and use: README, "Layout"; override one setting with `make fig4 KEY=value`.

# The text (any UTF-8 file; default the pinned Moby Dick of data/manifest) and the token
# vectors (model.safetensors or a V x d .npy; empty: the seeded Gaussian stand-in).
TEXT    ?= $(RAW_MOBY)
VECTORS ?=
# the width the vectors must have (1280 = gpt2-large; another GPT-2 size e.g. 768; 0 = any)
FIG4_DIM ?= 1280
# leading windows fitted: a number (10000, the authors' first n windows) or `all`
FIG4_WINDOWS ?= 10000
# histogram: log-spaced bins, and only errors above the threshold are counted
FIG4_BINS      ?= 100
FIG4_THRESHOLD ?= 1e-12
# the claims' own check of the AR fit (icar-fig4check): windows refitted
FIG4_CHECK_WINDOWS ?= 40
