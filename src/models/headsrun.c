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
    heads_create(m, c, 0);
    Rng r;
    rng_init(&r, seed, stream);
    heads_init(m, &r, same_heads);
    if (init) memcpy(init, m->params, m->nparams * sizeof(float));
    Trainable t = {.model = m, .nparams = m->nparams, .params = m->params, .grads = m->grads,
                   .batch = heads_batch, .maxB = o->batch, .free = heads_free};
    train_run(&t, train, test, o, res);
}

/* ---- the paper's text or the authors' code ---- */

static const HeadsVariant VARIANTS[HEADS_NVARIANTS] = {
    {.variant = "paper", .query_prev = 1, .loss_from = 1, .shared_out = 0, .fig7_d = 10},
    {.variant = "authors", .query_prev = 0, .loss_from = 0, .shared_out = 1, .fig7_d = 5},
};

const char *headsvariant_name(int i) { return VARIANTS[i].variant; }

int headsvariant_index(const char *name) {
    for (int i = 0; i < HEADS_NVARIANTS; i++)
        if (!strcmp(name, VARIANTS[i].variant)) return i;
    return -1;
}

/* The two values of a two-way flag, in the order of the value they stand for (0, 1). */
static const char *const QUERY_NAMES[2] = {"current", "prev"};
static const char *const LOSS_NAMES[2] = {"all", "skip-first"};
static const char *const HEAD_OUT_NAMES[2] = {"concat", "shared"};
const char *const HEADS_KINDS[2] = {"plain", "dup"};

static int pick(const char *flag, const char *arg, const char *const names[2]) {
    for (int i = 0; i < 2; i++)
        if (!strcmp(arg, names[i])) return i;
    die("%s: give %s or %s, got '%s'", flag, names[0], names[1], arg);
}

int heads_kind_parse(const char *flag, const char *arg) { return pick(flag, arg, HEADS_KINDS); }

void headsvariant_init(HeadsVariant *v) {
    *v = (HeadsVariant){.variant = "paper", .query_prev = -1, .loss_from = -1, .shared_out = -1, .fig7_d = -1};
}

int headsvariant_parse(HeadsVariant *v, int ch, const char *arg) {
    switch (ch) {
    case HV_VARIANT: {
        int i = headsvariant_index(arg);
        if (i < 0) die("--variant: give paper or authors, got '%s'", arg);
        v->variant = VARIANTS[i].variant;
        return 1;
    }
    case HV_QUERY: v->query_prev = pick("--query", arg, QUERY_NAMES); return 1;
    case HV_LOSS: v->loss_from = pick("--loss-positions", arg, LOSS_NAMES); return 1;
    case HV_HEAD_OUT: v->shared_out = pick("--head-out", arg, HEAD_OUT_NAMES); return 1;
    default: return 0;
    }
}

void headsvariant_done(HeadsVariant *v) {
    int i = headsvariant_index(v->variant);
    if (i < 0) die("internal: unknown variant '%s'", v->variant);
    const HeadsVariant *base = &VARIANTS[i];
    if (v->query_prev < 0) v->query_prev = base->query_prev;
    if (v->loss_from < 0) v->loss_from = base->loss_from;
    if (v->shared_out < 0) v->shared_out = base->shared_out;
    if (v->fig7_d < 0) v->fig7_d = base->fig7_d;
}

void headsvariant_apply(const HeadsVariant *v, HeadsConfig *c) {
    c->query_prev = v->query_prev;
    c->loss_from = v->loss_from;
    c->shared_out = v->shared_out;
}

void headsvariant_settings(CsvOut *c, const HeadsVariant *v) {
    csv_setting(c, "variant", "%s", v->variant);
    csv_setting(c, "query", "%s", QUERY_NAMES[v->query_prev]);
    csv_setting(c, "loss_positions", "%s", LOSS_NAMES[v->loss_from]);
    csv_setting(c, "head_out", "%s", HEAD_OUT_NAMES[v->shared_out]);
}

void headsvariant_describe(char *buf, size_t n, const HeadsVariant *v) {
    snprintf(buf, n, "variant=%s query=%s loss_positions=%s head_out=%s", v->variant,
             QUERY_NAMES[v->query_prev], LOSS_NAMES[v->loss_from], HEAD_OUT_NAMES[v->shared_out]);
}
