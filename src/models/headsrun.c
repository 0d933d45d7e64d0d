/* headsrun.c — see headsrun.h. */
#include "headsrun.h"
#include "ardata.h"
#include "err.h"
#include <stdio.h>
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
    heads_create(m, c, o->batch, 0);
    Rng r;
    rng_init(&r, seed, stream);
    heads_init(m, &r, same_heads);
    if (init) memcpy(init, m->run.t.params, m->run.t.nparams * sizeof(float));
    train_run(&m->run.t, train, test, o, res);
}

/* ---- the paper's text or the authors' code ---- */

static const HeadsVariant VARIANTS[HEADS_NVARIANTS] = {
    {.which = 0, .query_prev = 1, .loss_from = 1, .shared_out = 0},
    {.which = 1, .query_prev = 0, .loss_from = 0, .shared_out = 1},
};

const char *const HEADS_VARIANTS[] = {"paper", "authors", NULL};
const char *const HEADS_QUERY[] = {"current", "prev", NULL};
const char *const HEADS_LOSS[] = {"all", "skip-first", NULL};
const char *const HEADS_HEAD_OUT[] = {"concat", "shared", NULL};
const char *const HEADS_KINDS[3] = {"plain", "dup", NULL};

const char *headsvariant_name(int i) { return HEADS_VARIANTS[i]; }

int headsvariant_index(const char *name) {
    for (int i = 0; i < HEADS_NVARIANTS; i++)
        if (!strcmp(name, HEADS_VARIANTS[i])) return i;
    return -1;
}

int heads_kind_parse(const char *where, const char *arg) {
    for (int i = 0; i < 2; i++)
        if (!strcmp(arg, HEADS_KINDS[i])) return i;
    die("%s: give plain or dup, got '%s'", where, arg);
}

void headsvariant_init(HeadsVariant *v) {
    *v = (HeadsVariant){.variant = "paper", .which = 0, .query_prev = -1, .loss_from = -1, .shared_out = -1};
}

void headsvariant_done(HeadsVariant *v) {
    const HeadsVariant *base = &VARIANTS[v->which];
    v->variant = HEADS_VARIANTS[v->which];
    if (v->query_prev < 0) v->query_prev = base->query_prev;
    if (v->loss_from < 0) v->loss_from = base->loss_from;
    if (v->shared_out < 0) v->shared_out = base->shared_out;
}

void headsvariant_apply(const HeadsVariant *v, HeadsConfig *c) {
    if (v->query_prev && c->T < 2) die("--query prev needs --T of at least 2");
    if (v->loss_from >= c->T) die("--loss-positions skip-first needs --T of at least 2");
    c->query_prev = v->query_prev;
    c->loss_from = v->loss_from;
    c->shared_out = v->shared_out;
}

void heads_datasets(SeqSet *train, SeqSet *test, uint64_t seed, int ntrain, int ntest, int T, int d, int dup) {
    Rng rtr, rte;
    rng_init(&rtr, seed, RNG_TRAIN);
    rng_init(&rte, seed, RNG_TEST);
    heads_data(train, ntrain, T, d, dup, &rtr);
    heads_data(test, ntest, T, d, dup, &rte);
}
