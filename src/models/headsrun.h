/* headsrun.h — training runs of the heads model, shared by icar-fig7, icar-fig8 and
 * icar-bench-heads: AR data as token/target sets, and one run from initialisation to
 * the trained model through the common trainer (train.h). */
#ifndef ICAR_HEADSRUN_H
#define ICAR_HEADSRUN_H
#include "heads.h"
#include "train.h"

/* n AR sequences of T+1 tokens in R^d (ardata.h, drawn from rng) as a set of tokens
 * x[n, T, E] (E = 2d duplicated when dup) and targets y[n, T, d]. Free with
 * heads_data_free. */
void heads_data(SeqSet *s, int n, int T, int d, int dup, Rng *rng);
void heads_data_free(SeqSet *s);

/* Create m (groups <= 0: automatic chunk), initialise it from rng_init(seed, stream)
 * (same_heads > 0: Figure 8's identical heads plus noise), optionally keep a copy of
 * the initial parameters (init, may be NULL, [m->nparams]) and train it with o. */
void heads_run(Heads *m, const HeadsConfig *c, float same_heads, uint64_t seed, uint64_t stream,
               const SeqSet *train, const SeqSet *test, const TrainOpts *o, float *init,
               TrainResult *res);
/* The flag --query of icar-fig7 and icar-fig8: "prev" (HeadsConfig.query_prev = 1, the
 * paper's model (6), the default) or "current" (0, the authors' published code). */
#define QUERY_USAGE \
    "  --query prev|current  token-score query from the previous token (the paper's model (6),\n" \
    "                        default) or from the current one\n"
/* 1 for "prev", 0 for "current"; dies with a message on anything else. */
int query_parse(const char *arg);
const char *query_name(int query_prev);
#endif
