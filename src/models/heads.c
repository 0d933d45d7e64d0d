/* heads.c — the model of heads.h. */
#include "heads.h"
#include "err.h"
#include "nn.h"
#include "possoftmax.h"
#include "tokatt.h"
#include "train.h"
#include <cblas.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define L HEADS_LANES

int heads_out_width(const HeadsConfig *c) { return c->shared_out ? c->E : c->H * c->E; }

int heads_tensors(const HeadsConfig *c, HeadsParams *v, Tensor *t) {
    size_t E = c->E, HE = (size_t)c->H * c->E, HO = heads_out_width(c);
#define V(f) (v ? &v->f : NULL)
    Tensor *t0 = t;
    t = tensors_linear(t, "wqkv", "bqkv", -1, 3 * HE, E, V(wqkv), V(bqkv));
    *t++ = (Tensor){"pos", -1, (size_t)c->npos * E, INIT_NORMAL, 1.0f, V(pos)};
    t = tensors_linear(t, "wo", "bo", -1, E, HO, V(wo), V(bo));
    t = tensors_layernorm(t, "lng", "lnb", -1, E, V(lng), V(lnb));
    t = tensors_linear(t, "wr", "br", -1, c->d, E, V(wr), V(br));
#undef V
    return (int)(t - t0);
}

size_t heads_num_params(const HeadsConfig *c) {
    Tensor t[HEADS_NTENSORS];
    return tensors_size(t, heads_tensors(c, NULL, t));
}

/* One thread's arrays (HeadsWork) for chunks of N rows, into t[HEADS_WORK_TENSORS]. */
static void work_tensors(const HeadsConfig *c, size_t N, HeadsWork *w, Tensor *t) {
    size_t E = c->E, HE = (size_t)c->H * c->E, d = c->d;
    Tensor list[HEADS_WORK_TENSORS] = {
        ACTIVATION(w->xr, N * (E + 1)), ACTIVATION(w->yr, N * d),
        ACTIVATION(w->qkvT, N * 3 * HE), ACTIVATION(w->dqkvT, N * 3 * HE), ACTIVATION(w->yT, N * HE),
        ACTIVATION(w->ysT, c->shared_out ? N * E : 0), ACTIVATION(w->dyT, N * heads_out_width(c)),
        ACTIVATION(w->o, N * E), ACTIVATION(w->dout, N * E), ACTIVATION(w->ln, N * E), ACTIVATION(w->dln, N * E),
        ACTIVATION(w->mean, N), ACTIVATION(w->rstd, N),
        ACTIVATION(w->pred, N * d), ACTIVATION(w->dpred, N * d),
        ACTIVATION(w->dwaug, 3 * HE * (E + 1)), ACTIVATION(w->work, tokatt_work_floats(c->T)),
    };
    memcpy(t, list, sizeof list);
}

static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward);
static void batch_before(void *model, int backward);
static void batch_after_backward(void *model);

static void check_config(const HeadsConfig *c) {
    if (c->d < 1 || c->E < c->d || c->H < 1 || c->T < 1 || c->npos < c->T)
        die("heads model: bad sizes d=%d E=%d H=%d T=%d npos=%d", c->d, c->E, c->H, c->T, c->npos);
    if (c->query_prev != 0 && c->query_prev != 1) die("heads model: query_prev is 0 or 1, got %d", c->query_prev);
    if (c->query_prev && c->T < 2)
        die("heads model: the query from the previous token needs T >= 2 (got T=%d)", c->T);
    if (c->loss_from != 0 && c->loss_from != 1) die("heads model: loss_from is 0 or 1, got %d", c->loss_from);
    if (c->loss_from >= c->T) die("heads model: no position left in the loss (T=%d, loss_from=%d)", c->T, c->loss_from);
    if (c->shared_out != 0 && c->shared_out != 1) die("heads model: shared_out is 0 or 1, got %d", c->shared_out);
}

void heads_create(Heads *m, const HeadsConfig *c, int maxB, int groups) {
    check_config(c);
    if (maxB < 1) die("heads model: batches of at least one sequence, got %d", maxB);
    memset(m, 0, sizeof *m);
    m->c = *c;
    size_t E = c->E, HE = (size_t)c->H * c->E, T = c->T, H = c->H;
    if (groups <= 0) {
        groups = (int)((1u << 18) / (T * L * 3 * HE));
        if (groups < 1) groups = 1;
    }
    /* Chunks run on the OpenMP threads; OpenBLAS's own threads spinning beside them made
     * a step 3x slower on 2 cores (measured), so every sgemm runs on its caller's thread. */
    openblas_set_num_threads(1);
    m->nthreads = omp_get_max_threads();
    Tensor t[HEADS_NTENSORS];
    float *params, *grads;
    size_t nparams = tensors_params(t, heads_tensors(c, &m->p, t), &params, &grads, H * T * T, NULL);
    tensors_point(t, heads_tensors(c, &m->g, t), grads);
    m->dpi = grads + nparams;
    m->run = (ChunkRun){.t = {m, nparams, params, grads, chunk_batch, maxB, NULL, heads_free},
                        .pass = chunk_pass, .chunk = groups * L, .min_chunks = 8, .lanes = L,
                        .extra = H * T * T, .before = batch_before,
                        .after_backward = batch_after_backward,
                        .terms = (double)((c->T - c->loss_from) * c->d)};
    size_t cgrads = (size_t)chunk_count_max(&m->run, maxB) * (nparams + H * T * T);
    m->ws = xcalloc(m->nthreads, sizeof *m->ws);
    int nt = 5 + m->nthreads * HEADS_WORK_TENSORS;
    Tensor *acts = xmalloc(nt * sizeof *acts);
    acts[0] = (Tensor){"pqk", -1, T * 2 * HE, INIT_ZERO, 0, &m->pqk};
    acts[1] = (Tensor){"dpqk", -1, T * 2 * HE, INIT_ZERO, 0, &m->dpqk};
    acts[2] = (Tensor){"pi", -1, H * T * T, INIT_ZERO, 0, &m->pi};
    acts[3] = (Tensor){"waug", -1, 3 * HE * (E + 1), INIT_ZERO, 0, &m->waug};
    acts[4] = (Tensor){"cgrads", -1, cgrads, INIT_ZERO, 0, &m->run.cgrads};
    for (int th = 0; th < m->nthreads; th++)
        work_tensors(c, (size_t)groups * T * L, &m->ws[th], acts + 5 + th * HEADS_WORK_TENSORS);
    m->run.acts = tensors_alloc(acts, nt);
    free(acts);
}

void heads_free(void *model) {
    Heads *m = model;
    free(m->ws);
    chunk_free(m);
    memset(m, 0, sizeof *m);
}

void heads_init(Heads *m, Rng *rng, float same_heads) {
    const HeadsConfig *c = &m->c;
    int E = c->E, H = c->H, HE = H * E;
    HeadsParams *p = &m->p;
    Tensor t[HEADS_NTENSORS];
    tensors_init(t, heads_tensors(c, NULL, t), m->run.t.params, rng);
    if (same_heads <= 0) return;
    /* Figure 8: head 0's maps (and W_O slice, unless W_O is shared) for every head, plus
     * noise per entry. */
    for (int h = 1; h < H; h++) {
        for (int j = 0; j < 3; j++) {
            memcpy(p->wqkv + ((size_t)j * HE + h * E) * E, p->wqkv + (size_t)j * HE * E,
                   (size_t)E * E * sizeof(float));
            memcpy(p->bqkv + (size_t)j * HE + h * E, p->bqkv + (size_t)j * HE, E * sizeof(float));
        }
        if (!c->shared_out)
            for (int i = 0; i < E; i++)
                memcpy(p->wo + (size_t)i * HE + h * E, p->wo + (size_t)i * HE, E * sizeof(float));
    }
    for (size_t i = 0; i < (size_t)3 * HE * E; i++) p->wqkv[i] += same_heads * (float)rng_normal(rng);
    for (size_t i = 0; i < (size_t)3 * HE; i++) p->bqkv[i] += same_heads * (float)rng_normal(rng);
    if (!c->shared_out)
        for (size_t i = 0; i < (size_t)E * HE; i++) p->wo[i] += same_heads * (float)rng_normal(rng);
}

void heads_tokens(float *x, float *y, const float *s, int n, int T, int d, int dup) {
    int E = dup ? 2 * d : d;
    for (int b = 0; b < n; b++)
        for (int t = 0; t < T; t++) {
            const float *st = s + ((size_t)b * (T + 1) + t) * d;
            float *xt = x + ((size_t)b * T + t) * E;
            memcpy(xt, st, d * sizeof(float));
            if (dup) memcpy(xt + d, st, d * sizeof(float));
            memcpy(y + ((size_t)b * T + t) * d, st + d, d * sizeof(float));
        }
}

/* ---------- the whole model ---------- */

static void positional_forward(Heads *m) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, H = c->H, HE = H * E;
    /* q and k of the position vectors: the first 2HE rows of wqkv. */
    linear_forward(m->pqk, m->p.pos, m->p.wqkv, m->p.bqkv, T, E, 2 * HE);
    for (int h = 0; h < H; h++)
        possoftmax_forward(m->pi + (size_t)h * T * T, m->pqk + (size_t)h * E,
                           m->pqk + HE + (size_t)h * E, 2 * HE, T, E);
}

static void positional_backward(Heads *m) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, H = c->H, HE = H * E;
    memset(m->dpqk, 0, (size_t)T * 2 * HE * sizeof(float));
    for (int h = 0; h < H; h++)
        possoftmax_backward(m->dpqk + (size_t)h * E, m->dpqk + HE + (size_t)h * E, 2 * HE,
                            m->dpi + (size_t)h * T * T, m->pi + (size_t)h * T * T,
                            m->pqk + (size_t)h * E, m->pqk + HE + (size_t)h * E, 2 * HE, T, E);
    linear_backward(m->g.pos, m->g.wqkv, m->g.bqkv, m->dpqk, m->p.pos, m->p.wqkv, T, E, 2 * HE);
}

/* Gather sequences b0..b0+n-1 of x[., T, E], y[., T, d] into w's rows, ordered
 * (group, t, lane); lanes past n get zero tokens and are masked by chunk_mask. */
static void chunk_gather(const Heads *m, HeadsWork *w, const float *x, const float *y, int b0, int n) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, d = c->d;
    for (int g = 0; g * L < n; g++)
        for (int t = 0; t < T; t++)
            for (int l = 0; l < L; l++) {
                size_t r = ((size_t)g * T + t) * L + l;
                int b = g * L + l;
                if (b < n) {
                    memcpy(w->xr + r * (E + 1), x + ((size_t)(b0 + b) * T + t) * E, E * sizeof(float));
                    w->xr[r * (E + 1) + E] = 1.0f;
                    memcpy(w->yr + r * d, y + ((size_t)(b0 + b) * T + t) * d, d * sizeof(float));
                } else {
                    memset(w->xr + r * (E + 1), 0, (E + 1) * sizeof(float));
                }
            }
}

/* Padded lanes, and t = 0 when the loss starts at t = 1: target := prediction, so that
 * their error and gradient are zero. */
static void chunk_mask(const Heads *m, HeadsWork *w, int n, int G) {
    int T = m->c.T, d = m->c.d;
    if (m->c.loss_from)
        for (int g = 0; g < G; g++) {
            size_t r = (size_t)g * T * L;
            memcpy(w->yr + r * d, w->pred + r * d, (size_t)L * d * sizeof(float));
        }
    if (n == G * L) return;
    for (int t = 0; t < T; t++)
        for (int l = n - (G - 1) * L; l < L; l++) {
            size_t r = ((size_t)(G - 1) * T + t) * L + l;
            memcpy(w->yr + r * d, w->pred + r * d, d * sizeof(float));
        }
}

/* query_prev: the q rows of qkvT[3HE, N] (the first HE) hold Wq x_t + bq at time t;
 * move them to time t+1 within each group, and q at t = 0 := bq (a zero token). */
static void queries_from_previous(float *qkvT, const float *bq, int HE, int G, int T, size_t N) {
    for (int o = 0; o < HE; o++)
        for (int g = 0; g < G; g++) {
            float *q = qkvT + (size_t)o * N + (size_t)g * T * L;
            memmove(q + L, q, (size_t)(T - 1) * L * sizeof(float));
            for (int l = 0; l < L; l++) q[l] = bq[o];
        }
}

/* The backward of queries_from_previous: dq at time t is the gradient of Wq x_{t-1} + bq;
 * move it back to time t-1 (where the sgemm with x_{t-1} makes dWq; time T-1 gets 0),
 * and dq at t = 0 (bias only) goes to dbq directly. */
static void queries_from_previous_backward(float *dqkvT, float *dbq, int HE, int G, int T, size_t N) {
    for (int o = 0; o < HE; o++)
        for (int g = 0; g < G; g++) {
            float *dq = dqkvT + (size_t)o * N + (size_t)g * T * L;
            float s = 0.0f;
            for (int l = 0; l < L; l++) s += dq[l];
            dbq[o] += s;
            memmove(dq, dq + L, (size_t)(T - 1) * L * sizeof(float));
            memset(dq + (size_t)(T - 1) * L, 0, L * sizeof(float));
        }
}

/* Forward of the G groups gathered in w (N = G*T*L rows): qkvT, yT, o, ln, pred. */
static void chunk_forward(const Heads *m, HeadsWork *w, int G) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, H = c->H, HE = H * E, N = G * T * L;
    /* qkvT[3HE, N] = (Wqkv | bqkv)[3HE, E+1] xr[N, E+1]^T: the bias through the ones column */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 3 * HE, N, E + 1, 1.0f, m->waug, E + 1,
                w->xr, E + 1, 0.0f, w->qkvT, N);
    if (c->query_prev) queries_from_previous(w->qkvT, m->p.bqkv, HE, G, T, N);
    for (int g = 0; g < G; g++)
        for (int h = 0; h < H; h++) {
            size_t off = (size_t)h * E * N + (size_t)g * T * L;
            const float *q = w->qkvT + off;
            tokatt_forward(w->yT + off, q, q + (size_t)HE * N, q + (size_t)2 * HE * N, N,
                           m->pi + (size_t)h * T * T, T, E, w->work);
        }
    /* o[N, E] = in[HO, N]^T Wo[E, HO]^T + bo: in = yT, or its sum over heads ysT */
    int HO = heads_out_width(c);
    const float *in = w->yT;
    if (c->shared_out) {
        memcpy(w->ysT, w->yT, (size_t)E * N * sizeof(float));
        for (int h = 1; h < H; h++) {
            const float *yh = w->yT + (size_t)h * E * N;
            for (size_t i = 0; i < (size_t)E * N; i++) w->ysT[i] += yh[i];
        }
        in = w->ysT;
    }
    for (int r = 0; r < N; r++) memcpy(w->o + (size_t)r * E, m->p.bo, E * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, N, E, HO, 1.0f, in, N, m->p.wo, HO,
                1.0f, w->o, E);
    layernorm_forward(w->ln, w->mean, w->rstd, w->o, m->p.lng, m->p.lnb, N, E);
    linear_forward(w->pred, w->ln, m->p.wr, m->p.br, N, E, c->d);
}

/* Backward of the chunk just run forward in w, from w->dpred: gradient views g += ...,
 * dpi[H, T, T] += ... */
static void chunk_backward(const Heads *m, HeadsWork *w, int G, HeadsParams *g, float *dpi) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, H = c->H, HE = H * E, N = G * T * L;
    memset(w->dln, 0, (size_t)N * E * sizeof(float));
    memset(w->dout, 0, (size_t)N * E * sizeof(float));
    linear_backward(w->dln, g->wr, g->br, w->dpred, w->ln, m->p.wr, N, E, c->d);
    layernorm_backward(w->dout, g->lng, g->lnb, w->dln, w->o, m->p.lng, w->mean, w->rstd, N, E);
    /* dyT[HO, N] = Wo[E, HO]^T dout[N, E]^T; dWo[E, HO] += dout^T in^T; dbo += sum_r dout.
     * With a shared W_O every head's y gets the same gradient: the E rows of dyT. */
    int HO = heads_out_width(c);
    const float *in = c->shared_out ? w->ysT : w->yT;
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, HO, N, E, 1.0f, m->p.wo, HO, w->dout, E,
                0.0f, w->dyT, N);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, E, HO, N, 1.0f, w->dout, E, in, N,
                1.0f, g->wo, HO);
    bias_backward(g->bo, w->dout, N, E);
    for (int gr = 0; gr < G; gr++)
        for (int h = 0; h < H; h++) {
            size_t off = (size_t)h * E * N + (size_t)gr * T * L, kv = (size_t)HE * N;
            size_t doff = (c->shared_out ? 0 : (size_t)h * E * N) + (size_t)gr * T * L;
            const float *q = w->qkvT + off;
            float *dq = w->dqkvT + off;
            tokatt_backward(dq, dq + kv, dq + 2 * kv, dpi + (size_t)h * T * T, w->dyT + doff, q,
                            q + kv, q + 2 * kv, N, m->pi + (size_t)h * T * T, T, E, w->work);
        }
    if (c->query_prev) queries_from_previous_backward(w->dqkvT, g->bqkv, HE, G, T, N);
    /* d(Wqkv | bqkv)[3HE, E+1] = dqkvT[3HE, N] xr[N, E+1] (bias gradient: the ones column) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 3 * HE, E + 1, N, 1.0f, w->dqkvT, N,
                w->xr, E + 1, 0.0f, w->dwaug, E + 1);
    for (int o = 0; o < 3 * HE; o++) {
        for (int i = 0; i < E; i++) g->wqkv[(size_t)o * E + i] += w->dwaug[(size_t)o * (E + 1) + i];
        g->bqkv[o] += w->dwaug[(size_t)o * (E + 1) + E];
    }
}

/* Chunk k of the batch (sequences b0..b0+nb-1) on this thread: returns its sum of
 * squared errors; with backward, its gradient (and dPi) into cgrad (zeroed). */
static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward) {
    (void)k;
    Heads *m = model;
    const HeadsConfig *c = &m->c;
    HeadsWork *w = &m->ws[omp_get_thread_num()];
    int T = c->T, d = c->d, G = (nb + L - 1) / L, N = G * T * L;
    chunk_gather(m, w, m->run.x, m->run.y, b0, nb);
    chunk_forward(m, w, G);
    chunk_mask(m, w, nb, G);
    double sse = (double)mse_forward(w->pred, d, w->yr, d, N, d) * N * d;
    if (backward) {
        memset(w->dpred, 0, (size_t)N * d * sizeof(float));
        mse_backward(w->dpred, w->pred, d, w->yr, d, N, d);   /* of the mean over N rows */
        /* -> of the mean over B*(T - loss_from) positions in the loss */
        float s = (float)N / ((float)m->run.B * (T - c->loss_from));
        for (size_t i = 0; i < (size_t)N * d; i++) w->dpred[i] *= s;
        HeadsParams g;
        Tensor gt[HEADS_NTENSORS];
        tensors_point(gt, heads_tensors(c, &g, gt), cgrad);
        chunk_backward(m, w, G, &g, cgrad + m->run.t.nparams);
    }
    return sse;
}

/* run.before: what the chunks of a batch read, once per batch: (Wqkv | bqkv) and the
 * positional softmax; with backward, dPi zeroed for the chunks to sum into. */
static void batch_before(void *model, int backward) {
    Heads *m = model;
    const HeadsConfig *c = &m->c;
    int E = c->E, HE = c->H * E;
    for (int o = 0; o < 3 * HE; o++) {
        memcpy(m->waug + (size_t)o * (E + 1), m->p.wqkv + (size_t)o * E, E * sizeof(float));
        m->waug[(size_t)o * (E + 1) + E] = m->p.bqkv[o];
    }
    positional_forward(m);
    if (backward) memset(m->dpi, 0, (size_t)c->H * c->T * c->T * sizeof(float));
}

/* run.after_backward: dPi, summed over the batch, back through the positional softmax. */
static void batch_after_backward(void *model) { positional_backward(model); }

void heads_bb(const Heads *m, float *out) {
    int E = m->c.E, H = m->c.H, HO = heads_out_width(&m->c);
    memset(out, 0, (size_t)E * E * sizeof(float));
    float *b = xmalloc((size_t)E * E * sizeof(float));
    for (int h = 0; h < H; h++) {
        /* B_h[i,j] = sum_k W_O^h[i, k] Wv^h[k, j], W_O^h = columns wo0.. of W_O */
        int wo0 = m->c.shared_out ? 0 : h * E;
        for (int i = 0; i < E; i++)
            for (int j = 0; j < E; j++) {
                double s = 0.0;
                for (int k = 0; k < E; k++)
                    s += (double)m->p.wo[(size_t)i * HO + wo0 + k] *
                         m->p.wqkv[((size_t)2 * H * E + h * E + k) * E + j];
                b[i * E + j] = (float)s;
            }
        for (int i = 0; i < E; i++)
            for (int j = 0; j < E; j++) {
                double s = 0.0;
                for (int k = 0; k < E; k++) s += (double)b[k * E + i] * b[k * E + j];
                out[i * E + j] += (float)s;
            }
    }
    free(b);
}

double heads_train_flops_per_seq(const HeadsConfig *c) {
    double T = c->T, E = c->E, HE = (double)c->H * c->E, HO = heads_out_width(c), d = c->d;
    double tri = T * (T + 1) / 2;                 /* causal pairs */
    double proj = 2 * T * E * 3 * HE;             /* q,k,v */
    double att = 2 * tri * E * 2 * c->H;          /* scores and weighted sum */
    double wo = 2 * T * HO * E, ro = 2 * T * E * d;
    double fwd = proj + att + wo + ro;
    /* backward: dW of q,k,v (no dx); attention recomputes scores + 4 products;
     * W_O and readout: dx and dW. */
    double bwd = proj + 2.5 * att + 2 * wo + 2 * ro;
    return fwd + bwd;
}
