# The theory claims that belong to no figure (Lemmas 2, 3; Props. 1, 2, 4, 5, 6, 7).
# The spec of theory: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is theory.
# Format and use: README, "Layout"; override one setting with `make theory KEY=value`.

# Monte-Carlo contexts per closed-form check, and their token dimension (even), T_max
# and heads
THEORY_MC.quick = 100000
THEORY_MC.paper = 1000000
THEORY_MC_D ?= 6
THEORY_MC_T ?= 8
THEORY_MC_HEADS ?= 4
# random starts (a, b, p) of the gradient flow of Prop. 5
THEORY_FLOW ?= 1000
