/* Unit tests of the heads model (heads.h): finite-difference gradients of the whole
 * model (its layers: tests/test_nn.c); the positional softmax computed once per batch
 * against a naive per-sequence computation; chunking; exact resumption and the pinned
 * first epochs (test_trajectory). */
#include "test.h"
#include "gradcheck.h"
#include "heads.h"
#include "rng.h"
#include "ardata.h"
#include "headsrun.h"
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

/* ---- the whole model ---- */
typedef struct { Heads *m; const float *x, *y; int n; } MCtx;
static double naive_loss_one(const Heads *m, const float *x, const float *y);
/* The loss through the naive double-precision forward below: finite differences of it
 * check the float backward against an independent implementation, free of float noise. */
static double model_loss(void *vctx) {
    MCtx *c = vctx;
    const HeadsConfig *hc = &c->m->c;
    double l = 0;
    for (int b = 0; b < c->n; b++)
        l += naive_loss_one(c->m, c->x + (size_t)b * hc->T * hc->E, c->y + (size_t)b * hc->T * hc->d);
    return l / c->n;
}

/* Naive forward of one sequence in double, positional softmax recomputed here; with
 * query_prev the query at t comes from x_{t-1} (a zero token at t = 0), positions
 * t < loss_from are left out of the loss, and with shared_out W_O maps the sum of the
 * heads' outputs. */
static double naive_loss_one(const Heads *m, const float *x, const float *y) {
    const HeadsConfig *c = &m->c;
    int Tm = c->T, Em = c->E, H = c->H, HE = H * Em, d = c->d;
    const HeadsParams *p = &m->p;
    double *q = calloc((size_t)Tm * 3 * HE, sizeof(double)), *pq = calloc((size_t)Tm * 2 * HE, sizeof(double));
    int qp = c->query_prev, HO = heads_out_width(c);
    for (int t = 0; t < Tm; t++)
        for (int o = 0; o < 3 * HE; o++) {
            double s = p->bqkv[o], sp = p->bqkv[o];
            int tx = qp && o < HE ? t - 1 : t;   /* the token this row of q, k or v reads */
            for (int i = 0; i < Em; i++) {
                if (tx >= 0) s += (double)p->wqkv[o * Em + i] * x[tx * Em + i];
                sp += (double)p->wqkv[o * Em + i] * p->pos[t * Em + i];
            }
            q[t * 3 * HE + o] = s;
            if (o < 2 * HE) pq[t * 2 * HE + o] = sp;
        }
    double loss = 0, sc = 1 / sqrt((double)Em);
    double *cat = calloc(HE, sizeof(double)), *pis = calloc(Tm, sizeof(double));
    for (int t = 0; t < Tm; t++) {
        for (int h = 0; h < H; h++) {
            double mx = -1e300, sum = 0;
            for (int u = 0; u <= t; u++) {
                double s = 0;
                for (int i = 0; i < Em; i++) s += pq[t * 2 * HE + h * Em + i] * pq[u * 2 * HE + HE + h * Em + i];
                pis[u] = s * sc;
                if (pis[u] > mx) mx = pis[u];
            }
            for (int u = 0; u <= t; u++) { pis[u] = exp(pis[u] - mx); sum += pis[u]; }
            for (int e = 0; e < Em; e++) cat[h * Em + e] = 0;
            for (int u = 0; u <= t; u++) {
                double g = 0;
                for (int i = 0; i < Em; i++) g += q[t * 3 * HE + h * Em + i] * q[u * 3 * HE + HE + h * Em + i];
                double a = g * sc * pis[u] / sum;
                for (int e = 0; e < Em; e++) cat[h * Em + e] += a * q[u * 3 * HE + 2 * HE + h * Em + e];
            }
        }
        double o[64], mean = 0, var = 0;
        for (int i = 0; i < Em; i++) {
            o[i] = p->bo[i];
            for (int j = 0; j < HE; j++) o[i] += (double)p->wo[i * HO + (c->shared_out ? j % Em : j)] * cat[j];
            mean += o[i] / Em;
        }
        for (int i = 0; i < Em; i++) var += (o[i] - mean) * (o[i] - mean) / Em;
        for (int i = 0; i < Em; i++) o[i] = (o[i] - mean) / sqrt(var + 1e-5) * p->lng[i] + p->lnb[i];
        for (int k = 0; k < d && t >= c->loss_from; k++) {
            double s = p->br[k];
            for (int i = 0; i < Em; i++) s += (double)p->wr[k * Em + i] * o[i];
            loss += (s - y[t * d + k]) * (s - y[t * d + k]);
        }
    }
    free(q); free(pq); free(cat); free(pis);
    return loss / ((Tm - c->loss_from) * d);
}

/* The tests of the whole model in one configuration (test names end in sfx): the query
 * at the current token with every position in the loss and W_O over the concatenated
 * heads (sfx ""), the paper's model (6) (query at the previous token, t = 0 out of the
 * loss; "_query_prev") and the authors' code (query at the current token, every
 * position, heads summed into one shared W_O; "_authors"). */
static void test_model(Rng *rng, int query_prev, int loss_from, int shared_out, const char *sfx) {
    HeadsConfig hc = {.d = 3, .E = 6, .H = 3, .T = 7, .npos = 9, .query_prev = query_prev,
                      .loss_from = loss_from, .shared_out = shared_out};
    char name[128];
#define NAME(s) (snprintf(name, sizeof name, "%s%s", s, sfx), name)
    int n = 37;   /* 3 groups of lanes, the last one padded */
    Heads m, m1;
    heads_create(&m, &hc, n, 1);      /* chunks of one group: 16, 16, 5 sequences */
    heads_create(&m1, &hc, 1, 1);
    heads_init(&m, rng, 0);
    memcpy(m1.run.t.params, m.run.t.params, m.run.t.nparams * sizeof(float));
    float *s = xmalloc((size_t)n * (hc.T + 1) * hc.d * sizeof(float));
    float *x = xmalloc((size_t)n * hc.T * hc.E * sizeof(float));
    float *y = xmalloc((size_t)n * hc.T * hc.d * sizeof(float));
    ar_sequences(s, n, hc.T + 1, hc.d, rng);
    heads_tokens(x, y, s, n, hc.T, hc.d, 1);
    if (!*sfx) test_ok("heads.tokens_duplicated", x[0] == x[3] && x[1] == x[4] && y[0] == s[3],
            "x_t = (s_t, s_t), y_t = s_{t+1}");

    /* once-per-batch positional softmax == naive per-sequence computation (forward) */
    double naive = 0;
    for (int b = 0; b < n; b++)
        naive += naive_loss_one(&m, x + (size_t)b * hc.T * hc.E, y + (size_t)b * hc.T * hc.d) / n;
    float fast = chunk_batch(&m, x, y, n, 0);
    test_near(NAME("heads.batch_loss_equals_naive_per_sequence"), fast, naive, 1e-5 * fabs(naive) + 1e-7);

    /* gradient of the batch == mean of per-sequence gradients (each with its own
     * positional softmax and its own backward through it) */
    memset(m.run.t.grads, 0, m.run.t.nparams * sizeof(float));
    chunk_batch(&m, x, y, n, 1);
    float *sum = xcalloc(m.run.t.nparams, sizeof(float));
    for (int b = 0; b < n; b++) {
        memset(m1.run.t.grads, 0, m1.run.t.nparams * sizeof(float));
        chunk_batch(&m1, x + (size_t)b * hc.T * hc.E, y + (size_t)b * hc.T * hc.d, 1, 1);
        for (size_t i = 0; i < m.run.t.nparams; i++) sum[i] += m1.run.t.grads[i] / n;
    }
    double gmax = 0, diff = 0;
    for (size_t i = 0; i < m.run.t.nparams; i++) {
        gmax = fmax(gmax, fabs(m.run.t.grads[i]));
        diff = fmax(diff, fabs(m.run.t.grads[i] - sum[i]));
    }
    test_below(NAME("heads.batch_grad_equals_per_sequence_sum"), diff / gmax, 1e-5);

    /* finite differences over every parameter group */
    MCtx c = {&m, x, y, n};
    float *g = xmalloc(m.run.t.nparams * sizeof(float));
    memcpy(g, m.run.t.grads, m.run.t.nparams * sizeof(float));
    /* tensor by tensor (heads_tensors), so that an error in a small one is not hidden */
    Tensor t[HEADS_NTENSORS];
    int nt = heads_tensors(&hc, NULL, t);
    double worst = 0;
    size_t at = 0;
    for (int k = 0; k < nt; at += t[k].size, k++)
        worst = fmax(worst, gradcheck(m.run.t.params + at, g + at, t[k].size, model_loss, &c, 1e-3f, 200));
    test_below(NAME("heads.model_grad_fd"), worst, 1e-2);
    /* the position vectors get a gradient only through the positional softmax */
    size_t off = m.p.pos - m.run.t.params;
    test_below(NAME("heads.model_grad_fd_pos"),
               gradcheck(m.run.t.params + off, g + off, (size_t)hc.T * hc.E, model_loss, &c, 1e-3f, 200), 1e-2);
    /* the query biases (at t = 0 with query_prev, a query made of the bias alone) */
    off = m.p.bqkv - m.run.t.params;
    test_below(NAME("heads.model_grad_fd_bq"),
               gradcheck(m.run.t.params + off, g + off, (size_t)hc.H * hc.E, model_loss, &c, 1e-3f, 100), 1e-2);
    off = m.p.pos - m.run.t.params;
    int unused_zero = 1;
    for (size_t i = (size_t)hc.T * hc.E; i < (size_t)hc.npos * hc.E; i++) unused_zero &= g[off + i] == 0;
    test_ok(NAME("heads.unused_positions_no_grad"), unused_zero, "rows p_t, t >= T, get no gradient");
    free(g);

    free(sum); free(s); free(x); free(y);
    heads_free(&m); heads_free(&m1);
#undef NAME
}

/* The chunks a batch runs in change its sums' order only: 300 sequences in chunks of one
 * group of lanes (19 chunks) and of up to three (2 groups each: at least 8 chunks). */
static void test_chunking(Rng *rng) {
    HeadsConfig hc = {.d = 3, .E = 6, .H = 3, .T = 7, .npos = 9, .query_prev = 1, .loss_from = 1};
    int n = 300;
    Heads m, m3;
    heads_create(&m, &hc, n, 1);
    heads_create(&m3, &hc, n, 3);
    heads_init(&m, rng, 0);
    memcpy(m3.run.t.params, m.run.t.params, m.run.t.nparams * sizeof(float));
    float *s = xmalloc((size_t)n * (hc.T + 1) * hc.d * sizeof(float));
    float *x = xmalloc((size_t)n * hc.T * hc.E * sizeof(float)), *y = xmalloc((size_t)n * hc.T * hc.d * sizeof(float));
    ar_sequences(s, n, hc.T + 1, hc.d, rng);
    heads_tokens(x, y, s, n, hc.T, hc.d, 1);
    test_ok("heads.chunking_differs", chunk_size(&m.run, n) == HEADS_LANES && chunk_size(&m3.run, n) == 2 * HEADS_LANES,
            "chunks of one group of lanes, and of two");
    chunk_batch(&m, x, y, n, 1);
    chunk_batch(&m3, x, y, n, 1);
    double gmax = 0, diff = 0;
    for (size_t i = 0; i < m.run.t.nparams; i++) {
        gmax = fmax(gmax, fabs(m.run.t.grads[i]));
        diff = fmax(diff, fabs(m.run.t.grads[i] - m3.run.t.grads[i]));
    }
    test_below("heads.chunking_invariant_grad", diff / gmax, 1e-5);
    free(s); free(x); free(y);
    heads_free(&m); heads_free(&m3);
}

/* Figure 8 initialisation: heads equal up to the 0.05 N(0,1) noise, with W_O per head
 * or shared (names end in sfx) */
static void test_fig8_init(Rng *rng, int shared_out, const char *sfx) {
    Heads m8;
    HeadsConfig c8 = {.d = 5, .E = 10, .H = 16, .T = 4, .npos = 4, .shared_out = shared_out};
    char name[128];
    heads_create(&m8, &c8, 1, 0);
    heads_init(&m8, rng, 0.05f);
    double v = 0;
    int HE = c8.H * c8.E, cnt = 0;
    for (int h = 1; h < c8.H; h++)
        for (int i = 0; i < c8.E * c8.E; i++) {
            double dlt = m8.p.wqkv[(size_t)(2 * HE + h * c8.E) * c8.E + i] - m8.p.wqkv[(size_t)(2 * HE) * c8.E + i];
            v += dlt * dlt; cnt++;
        }
    /* difference of two independent 0.05 N(0,1) draws: variance 2 * 0.0025 */
    snprintf(name, sizeof name, "heads.fig8_init_head_spread%s", sfx);
    test_near(name, v / cnt, 0.005, 0.0008);
    heads_free(&m8);
}

/* Loss of one sequence x[T, E], y[T, d] under config hc (created and initialised from
 * a copy of rng, so that every call with the same rng starts alike); edit, if given,
 * changes the initial parameters first. */
static float loss_with(const HeadsConfig *hc, Rng rng, const float *x, const float *y,
                       void (*edit)(Heads *)) {
    Heads m;
    heads_create(&m, hc, 1, 0);
    heads_init(&m, &rng, 0);
    if (edit) edit(&m);
    float l = chunk_batch(&m, x, y, 1, 0);
    heads_free(&m);
    return l;
}

/* --loss-positions: the target at t = 0 is in the loss only with loss_from = 0. */
static void test_loss_positions(Rng *rng) {
    HeadsConfig hc = {.d = 2, .E = 2, .H = 1, .T = 3, .npos = 3, .query_prev = 1, .loss_from = 1};
    float x[3 * 2] = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f}, y[3 * 2] = {9, 9, 0, 0, 0, 0};
    float y2[3 * 2] = {-9, 4, 0, 0, 0, 0};
    float l1 = loss_with(&hc, *rng, x, y, NULL), l2 = loss_with(&hc, *rng, x, y2, NULL);
    test_ok("heads.query_prev_t0_not_in_loss", l1 == l2, "skip-first: changing the target at t = 0 leaves the loss unchanged");
    hc.loss_from = 0;
    l1 = loss_with(&hc, *rng, x, y, NULL), l2 = loss_with(&hc, *rng, x, y2, NULL);
    test_ok("heads.loss_all_positions_t0_in_loss", l1 != l2, "all: changing the target at t = 0 changes the loss");
}

/* Keys and values constant (Wk = Wv = 0): the output at t depends on the tokens only
 * through the query q_t, so the last token x_{T-1} reaches the loss only if the query
 * of t = T-1 is read from it. */
static void constant_keys_values(Heads *m) {
    int E = m->c.E, HE = m->c.H * E;
    memset(m->p.wqkv + (size_t)HE * E, 0, (size_t)2 * HE * E * sizeof(float));
}
/* Queries and keys constant (Wq = Wk = 0): constant token scores, so the last token
 * reaches the loss only through its value v_{T-1}, i.e. only if t' = t is attended. */
static void constant_queries_keys(Heads *m) {
    int E = m->c.E, HE = m->c.H * E;
    memset(m->p.wqkv, 0, (size_t)2 * HE * E * sizeof(float));
}

/* --query: the current-token query reads x_t, the previous-token one x_{t-1}; in both the
 * causal mask includes t' = t. */
static void test_query(Rng *rng) {
    enum { Tq = 3, Eq = 2 };
    float x[Tq * Eq] = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f}, y[Tq * Eq] = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f};
    float x2[Tq * Eq];
    memcpy(x2, x, sizeof x);
    x2[(Tq - 1) * Eq] = 2.0f;   /* the last token changed */
    for (int qp = 0; qp < 2; qp++) {
        HeadsConfig hc = {.d = Eq, .E = Eq, .H = 2, .T = Tq, .npos = Tq, .query_prev = qp};
        char name[128];
        float l1 = loss_with(&hc, *rng, x, y, constant_keys_values), l2 = loss_with(&hc, *rng, x2, y, constant_keys_values);
        if (qp) test_ok("heads.query_prev_ignores_x_t", l1 == l2, "previous-token query: with constant keys and values the last token does not reach the loss");
        else test_ok("heads.query_current_reads_x_t", l1 != l2, "current-token query: with constant keys and values the last token changes the loss");
        l1 = loss_with(&hc, *rng, x, y, constant_queries_keys), l2 = loss_with(&hc, *rng, x2, y, constant_queries_keys);
        snprintf(name, sizeof name, "heads.mask_includes_t%s", qp ? "_query_prev" : "");
        test_ok(name, l1 != l2, "with constant scores the last token changes the loss through v_t at t' = t");
    }
}

/* --head-out: shared W_O maps the sum of the heads (the heads' order does not matter,
 * exactly, for two heads: a + b == b + a), concat maps their concatenation (it does). */
static void swap_heads_01(Heads *m) {
    int E = m->c.E, HE = m->c.H * E;
    float tmp[64];
    for (int j = 0; j < 3; j++) {
        for (int i = 0; i < E; i++) {
            float *a = m->p.wqkv + ((size_t)j * HE + i) * E, *b = m->p.wqkv + ((size_t)j * HE + E + i) * E;
            memcpy(tmp, a, E * sizeof(float)); memcpy(a, b, E * sizeof(float)); memcpy(b, tmp, E * sizeof(float));
        }
        float *a = m->p.bqkv + (size_t)j * HE, *b = a + E;
        memcpy(tmp, a, E * sizeof(float)); memcpy(a, b, E * sizeof(float)); memcpy(b, tmp, E * sizeof(float));
    }
}

static void test_head_out(Rng *rng) {
    enum { Th = 3, Eh = 2 };
    float x[Th * Eh] = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.7f}, y[Th * Eh] = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f};
    HeadsConfig hc = {.d = Eh, .E = Eh, .H = 2, .T = Th, .npos = Th, .shared_out = 1};
    float l1 = loss_with(&hc, *rng, x, y, NULL), l2 = loss_with(&hc, *rng, x, y, swap_heads_01);
    test_ok("heads.shared_out_sums_heads", l1 == l2, "shared W_O: swapping two heads leaves the loss unchanged");
    size_t shared = heads_num_params(&hc);
    hc.shared_out = 0;
    l1 = loss_with(&hc, *rng, x, y, NULL), l2 = loss_with(&hc, *rng, x, y, swap_heads_01);
    test_ok("heads.concat_out_orders_heads", l1 != l2, "W_O over the concatenation: swapping two heads changes the loss");
    test_ok("heads.shared_out_params", heads_num_params(&hc) - shared == (size_t)Eh * Eh,
            "shared W_O has E x E entries instead of E x HE");
}

/* Parse the flags of HEADSVARIANT_OPTS from argv[1..argc-1] into v, then headsvariant_done. */
static void parse_variant(HeadsVariant *v, int argc, char **argv) {
    headsvariant_init(v);
    const Opt opts[] = {HEADSVARIANT_OPTS(*v), {0}};
    opts_parse(opts, argc, argv, "test_heads", NULL);
    headsvariant_done(v);
}

/* --variant sets every choice; a flag alone overrides its one choice in either order. */
static void test_variant_flags(void) {
    HeadsVariant v;
    char *none[] = {"x", NULL}, *authors[] = {"x", "--variant", "authors", NULL};
    char *prev_authors[] = {"x", "--query", "prev", "--variant", "authors", NULL};
    parse_variant(&v, 1, none);
    test_ok("heads.variant_paper", !strcmp(v.variant, "paper") && v.query_prev == 1 && v.loss_from == 1 &&
            v.shared_out == 0, "default: the paper's text (previous-token query, t >= 1, concat)");
    parse_variant(&v, 3, authors);
    test_ok("heads.variant_authors", v.query_prev == 0 && v.loss_from == 0 && v.shared_out == 1,
            "--variant authors: current-token query, every position, shared W_O");
    parse_variant(&v, 5, prev_authors);
    test_ok("heads.variant_flag_overrides", v.query_prev == 1 && v.loss_from == 0 && v.shared_out == 1,
            "--query prev before --variant authors: the query stays prev, the rest follows the variant");
}

/* ---- a run stopped at a checkpoint and resumed ends exactly like an uninterrupted one ---- */
static const HeadsConfig RESUME_CONFIG = {.d = 3, .E = 6, .H = 2, .T = 5, .npos = 8};

static void resume_data(SeqSet *tr, SeqSet *te) {
    Rng r;
    rng_init(&r, 4, RNG_TRAIN);
    heads_data(tr, 40, RESUME_CONFIG.T, RESUME_CONFIG.d, 1, &r);
    heads_data(te, 16, RESUME_CONFIG.T, RESUME_CONFIG.d, 1, &r);
}

/* One run of 3 epochs; returns the epochs trained in this process. */
static int run_once(const HeadsConfig *hc, const SeqSet *tr, const SeqSet *te, const char *ckpt,
                    int stop, float *params, float *curve) {
    TrainOpts o = {.epochs = 3, .batch = 16, .lr = 1e-2f, .seed = 3, .checkpoint = ckpt,
                   .checkpoint_every = 1, .settings = "test_heads resume", .stop_after = stop,
                   .label = "test resume"};
    Heads m;
    TrainResult res;
    heads_run(&m, hc, 0, 3, RNG_INIT, tr, te, &o, NULL, &res);
    if (params) memcpy(params, m.run.t.params, m.run.t.nparams * sizeof(float));
    if (curve) memcpy(curve, res.curve, 2 * 3 * sizeof(float));
    free(res.curve);
    heads_free(&m);
    return res.epochs_timed;
}

/* The resumed process trains only epochs 2-3 (so the checkpoint was read); a damaged
 * checkpoint is refused; the uninterrupted run's curve is pinned (heads.trajectory). */
static void test_resume(const char *self) {
    const HeadsConfig *hc = &RESUME_CONFIG;
    SeqSet tr, te;
    resume_data(&tr, &te);
    size_t n = heads_num_params(hc);
    float *a = xmalloc(n * sizeof(float)), *b = xmalloc(n * sizeof(float)), ca[6], cb[6];
    char dir[] = "/tmp/icar-test-heads-XXXXXX", path[64], damaged[80];
    if (!mkdtemp(dir)) die("mkdtemp failed");
    snprintf(path, sizeof path, "%s/run.ckpt", dir);
    snprintf(damaged, sizeof damaged, "%s/damaged.ckpt", dir);
    run_once(hc, &tr, &te, NULL, 0, a, ca);
    int first = run_once(hc, &tr, &te, path, 1, NULL, NULL);     /* stops after epoch 1 */
    test_copy_damaged(path, damaged);
    int resumed = run_once(hc, &tr, &te, path, 0, b, cb);        /* resumes at epoch 1 */
    test_ok("heads.resume_bit_identical", first == 1 && resumed == 2 &&
            memcmp(a, b, n * sizeof(float)) == 0 && memcmp(ca, cb, sizeof ca) == 0,
            "parameters and curve after stop + resume equal the uninterrupted run bit for bit; "
            "the resumed process trained 2 of the 3 epochs");
    test_ok("heads.damaged_checkpoint_refused", test_self_fails(self, "--resume-from", damaged),
            "resuming from the checkpoint with one byte of its state changed stops with an error");
    /* the 3 epochs (train loss, test MSE) of the heads model, seeds 3 and 4 */
    static const double pinned[6] = {0.420998901, 0.357020438, 0.33442691, 0.407061607, 0.347309768, 0.382763892};
    test_trajectory("heads.trajectory", ca, pinned, 6);
    unlink(path);
    unlink(damaged);
    rmdir(dir);
    free(a); free(b);
    heads_data_free(&tr);
    heads_data_free(&te);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--resume-from") == 0) {   /* for heads.damaged_checkpoint_refused */
        SeqSet tr, te;
        resume_data(&tr, &te);
        run_once(&RESUME_CONFIG, &tr, &te, argv[2], 0, NULL, NULL);
        return 0;
    }
    test_begin(argc, argv);
    Rng rng;
    rng_init(&rng, 11, RNG_TRAIN);
    test_model(&rng, 0, 0, 0, "");
    test_model(&rng, 1, 1, 0, "_query_prev");
    test_model(&rng, 0, 0, 1, "_authors");
    test_fig8_init(&rng, 0, "");
    test_fig8_init(&rng, 1, "_shared_out");
    test_loss_positions(&rng);
    test_query(&rng);
    test_head_out(&rng);
    test_chunking(&rng);
    test_variant_flags();
    test_resume(argv[0]);
    return test_end();
}
