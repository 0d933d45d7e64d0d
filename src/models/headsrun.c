/* headsrun.c — see headsrun.h. */
#include "headsrun.h"
#include "ardata.h"
#include "err.h"
#include <stdlib.h>
#include <string.h>

void heads_data(SeqSet *s, int n, int T, int d, int dup, Rng *rng) {
    int E = dup ? 2 * d : d;
    float *seq = xmalloc((size_t)n * (T + 1) * d * sizeof(float));
    float *x = xmalloc((size_t)n * T * E * sizeof(float)), *y = xmalloc((size_t)n * T * d * sizeof(float));
    ar_sequences(seq, n, T + 1, d, rng);
    heads_tokens(x, y, seq, n, T, d, dup);
    free(seq);
    s->x = x; s->y = y; s->n = n;
    s->xs = (size_t)T * E;
    s->ys = (size_t)T * d;
}

void heads_data_free(SeqSet *s) {
    free((float *)s->x);
    free((float *)s->y);
    memset(s, 0, sizeof *s);
}

void heads_run(Heads *m, const HeadsConfig *c, float same_heads, uint64_t seed, uint64_t stream,
               const SeqSet *train, const SeqSet *test, const TrainOpts *o, float *init,
               TrainResult *res) {
    heads_create(m, c, 0);
    Rng r;
    rng_init(&r, seed, stream);
    heads_init(m, &r, same_heads);
    if (init) memcpy(init, m->params, m->nparams * sizeof(float));
    Trainable t = {.model = m, .nparams = m->nparams, .params = m->params, .grads = m->grads,
                   .batch = heads_batch, .maxB = o->batch};
    train_run(&t, train, test, o, res);
}

int query_parse(const char *arg) {
    if (!strcmp(arg, "prev")) return 1;
    if (!strcmp(arg, "current")) return 0;
    die("--query: give prev or current, got '%s'", arg);
}

const char *query_name(int query_prev) { return query_prev ? "prev" : "current"; }
