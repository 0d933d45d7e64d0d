# Figure 1 — two AR processes in R^3 with Haar-random W in O(3).
# The spec of fig1: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig1.
# Format and use: README, "Layout"; override one setting with `make fig1 KEY=value`.

# tokens per process
FIG1_STEPS ?= 50
