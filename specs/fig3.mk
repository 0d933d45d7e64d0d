# Figure 3 — minimizers of the population loss of model (6) (Props. 3, 6).
# The spec of fig3: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig3.
# Format and use: README, "Layout"; override one setting with `make fig3 KEY=value`.

# token dimension d (even) and context length T_max (15, the paper's caption; the
# authors' code used 20)
FIG3_D ?= 10
FIG3_T ?= 15
# heads of the two cases: unitary contexts (H = d) and orthogonal contexts (H < d)
FIG3_HEADS_UNITARY    ?= 10
FIG3_HEADS_ORTHOGONAL ?= 8
# gradient descent: step sizes per case, maximum steps, stop below this loss, initial
# scale of A, B, P (X * N(0,1)), further random starts per case (claims fig3.restarts_*)
FIG3_LR_UNITARY    ?= 0.01
FIG3_LR_ORTHOGONAL ?= 0.001
FIG3_STEPS    ?= 300000
FIG3_TOL      ?= 1e-08
FIG3_INIT     ?= 0.1
FIG3_RESTARTS ?= 8
