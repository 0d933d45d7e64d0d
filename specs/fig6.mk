# Figure 6 — positional-encoding-only attention (Sec. 5.3).
# The spec of fig6: every setting of its runs, its plot and its manuscript section, for
# both profiles. Its claims are the rows of tests/claims.tsv whose figure is fig6.
# Format and use: README, "Layout"; override one setting with `make fig6 KEY=value`.

# The run list: one P per mu (comma-separated), each trained by gradient descent.
FIG6_MU ?= 50,100,200,300
# tokens predicted per sequence T_max, sampled contexts
FIG6_T ?= 30
FIG6_SAMPLES.quick = 1000
FIG6_SAMPLES.paper = 10000
# gradient descent on P from 0: step, maximum steps, stop below this loss
FIG6_LR    ?= 0.5
FIG6_STEPS ?= 100000
FIG6_TOL   ?= 0.001
# width of the cosine positional encoding shown beside
FIG6_PE_DIM ?= 32
