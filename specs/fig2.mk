# Figure 2 — the trigonometric relation 2cos(theta) R_theta - I = R_2theta.
# The spec of fig2: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig2.
# Format and use: README, "Layout"; override one setting with `make fig2 KEY=value`.

# the rotation angle, radians
FIG2_THETA ?= 0.6
