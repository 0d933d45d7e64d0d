/* heads.c — the model of heads.h. */
#include "heads.h"
#include "err.h"
#include "nn.h"
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

size_t heads_num_params(const HeadsConfig *c) {
    size_t E = c->E, HE = (size_t)c->H * c->E;
    return 3 * HE * E + 3 * HE + (size_t)c->npos * E + E * HE + E + 2 * E + (size_t)c->d * E + c->d;
}

void heads_params_view(HeadsParams *v, float *mem, const HeadsConfig *c) {
    size_t E = c->E, HE = (size_t)c->H * c->E;
    v->wqkv = mem;                 mem += 3 * HE * E;
    v->bqkv = mem;                 mem += 3 * HE;
    v->pos = mem;                  mem += (size_t)c->npos * E;
    v->wo = mem;                   mem += E * HE;
    v->bo = mem;                   mem += E;
    v->lng = mem;                  mem += E;
    v->lnb = mem;                  mem += E;
    v->wr = mem;                   mem += (size_t)c->d * E;
    v->br = mem;
}

size_t heads_work_floats(int T, int E) { return 2 * (size_t)E * T + 4 * (size_t)T; }

void heads_create(Heads *m, const HeadsConfig *c, int chunk) {
    if (c->d < 1 || c->E < c->d || c->H < 1 || c->T < 1 || c->npos < c->T)
        die("heads model: bad sizes d=%d E=%d H=%d T=%d npos=%d", c->d, c->E, c->H, c->T, c->npos);
    memset(m, 0, sizeof *m);
    m->c = *c;
    size_t E = c->E, HE = (size_t)c->H * c->E, T = c->T, H = c->H;
    if (chunk <= 0) {
        size_t per_seq = T * 3 * HE;
        chunk = (int)((1u << 20) / per_seq);
        if (chunk < 1) chunk = 1;
    }
    m->chunk = chunk;
    m->nthreads = omp_get_max_threads();
    m->nparams = heads_num_params(c);
    m->params = xcalloc(m->nparams, sizeof(float));
    m->grads = xcalloc(m->nparams, sizeof(float));
    heads_params_view(&m->p, m->params, c);
    heads_params_view(&m->g, m->grads, c);
    m->pqk = xcalloc(T * 2 * HE, sizeof(float));
    m->dpqk = xcalloc(T * 2 * HE, sizeof(float));
    m->pi = xcalloc(H * T * T, sizeof(float));
    m->dpi = xcalloc(H * T * T, sizeof(float));
    m->dpi_thread = xcalloc((size_t)m->nthreads * H * T * T, sizeof(float));
    m->wsize = heads_work_floats(c->T, c->E);
    m->work = xcalloc((size_t)m->nthreads * m->wsize, sizeof(float));
    size_t N = (size_t)chunk * T;
    m->qkv = xmalloc(N * 3 * HE * sizeof(float));
    m->dqkv = xmalloc(N * 3 * HE * sizeof(float));
    m->y = xmalloc(N * HE * sizeof(float));
    m->dy = xmalloc(N * HE * sizeof(float));
    m->o = xmalloc(N * E * sizeof(float));
    m->dout = xmalloc(N * E * sizeof(float));
    m->ln = xmalloc(N * E * sizeof(float));
    m->dln = xmalloc(N * E * sizeof(float));
    m->mean = xmalloc(N * sizeof(float));
    m->rstd = xmalloc(N * sizeof(float));
    m->pred = xmalloc(N * c->d * sizeof(float));
    m->dpred = xmalloc(N * c->d * sizeof(float));
}

void heads_free(Heads *m) {
    float *bufs[] = {m->params, m->grads, m->pqk, m->dpqk, m->pi, m->dpi, m->dpi_thread,
                     m->work, m->qkv, m->dqkv, m->y, m->dy, m->o, m->dout, m->ln, m->dln,
                     m->mean, m->rstd, m->pred, m->dpred};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) free(bufs[i]);
    memset(m, 0, sizeof *m);
}

static void uniform_fill(float *x, size_t n, float bound, Rng *r) {
    for (size_t i = 0; i < n; i++) x[i] = (float)((2.0 * rng_uniform(r) - 1.0) * bound);
}

void heads_init(Heads *m, Rng *rng, float same_heads) {
    const HeadsConfig *c = &m->c;
    int E = c->E, H = c->H, HE = H * E;
    HeadsParams *p = &m->p;
    float bE = 1.0f / sqrtf((float)E), bHE = 1.0f / sqrtf((float)HE);
    uniform_fill(p->wqkv, (size_t)3 * HE * E, bE, rng);
    uniform_fill(p->bqkv, (size_t)3 * HE, bE, rng);
    rng_normals_f(rng, p->pos, (size_t)c->npos * E, 1.0f);
    uniform_fill(p->wo, (size_t)E * HE, bHE, rng);
    uniform_fill(p->bo, E, bHE, rng);
    for (int i = 0; i < E; i++) { p->lng[i] = 1.0f; p->lnb[i] = 0.0f; }
    uniform_fill(p->wr, (size_t)c->d * E, bE, rng);
    uniform_fill(p->br, c->d, bE, rng);
    if (same_heads <= 0) return;
    /* Figure 8: head 0's maps and W_O slice for every head, plus noise per entry. */
    for (int h = 1; h < H; h++) {
        for (int j = 0; j < 3; j++) {
            memcpy(p->wqkv + ((size_t)j * HE + h * E) * E, p->wqkv + (size_t)j * HE * E,
                   (size_t)E * E * sizeof(float));
            memcpy(p->bqkv + (size_t)j * HE + h * E, p->bqkv + (size_t)j * HE, E * sizeof(float));
        }
        for (int i = 0; i < E; i++)
            memcpy(p->wo + (size_t)i * HE + h * E, p->wo + (size_t)i * HE, E * sizeof(float));
    }
    for (size_t i = 0; i < (size_t)3 * HE * E; i++) p->wqkv[i] += same_heads * (float)rng_normal(rng);
    for (size_t i = 0; i < (size_t)3 * HE; i++) p->bqkv[i] += same_heads * (float)rng_normal(rng);
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

/* ---------- positional softmax (one head) ---------- */

void possoftmax_forward(float *pi, const float *qp, const float *kp, int ld, int T, int E) {
    float scale = 1.0f / sqrtf((float)E);
    for (int t = 0; t < T; t++) {
        float *row = pi + (size_t)t * T;
        const float *q = qp + (size_t)t * ld;
        float mx = -INFINITY;
        for (int u = 0; u <= t; u++) {
            const float *k = kp + (size_t)u * ld;
            float s = 0.0f;
            for (int e = 0; e < E; e++) s += q[e] * k[e];
            row[u] = s * scale;
            if (row[u] > mx) mx = row[u];
        }
        float sum = 0.0f;
        for (int u = 0; u <= t; u++) { row[u] = expf(row[u] - mx); sum += row[u]; }
        float inv = 1.0f / sum;
        for (int u = 0; u <= t; u++) row[u] *= inv;
        for (int u = t + 1; u < T; u++) row[u] = 0.0f;
    }
}

void possoftmax_backward(float *dqp, float *dkp, int ldd, const float *dpi, const float *pi,
                         const float *qp, const float *kp, int ld, int T, int E) {
    float scale = 1.0f / sqrtf((float)E);
    for (int t = 0; t < T; t++) {
        const float *p = pi + (size_t)t * T, *dp = dpi + (size_t)t * T;
        float dot = 0.0f;
        for (int u = 0; u <= t; u++) dot += p[u] * dp[u];
        const float *q = qp + (size_t)t * ld;
        float *dq = dqp + (size_t)t * ldd;
        for (int u = 0; u <= t; u++) {
            float ds = p[u] * (dp[u] - dot) * scale;   /* d loss / d (q.k) */
            const float *k = kp + (size_t)u * ld;
            float *dk = dkp + (size_t)u * ldd;
            for (int e = 0; e < E; e++) { dq[e] += ds * k[e]; dk[e] += ds * q[e]; }
        }
    }
}

/* ---------- token attention times positional softmax (one sequence, one head) ----------
 * work: kt[E,T] (k transposed), vt[E,T] (v transposed), g[T], a[T], da[T], dg[T]. */

/* g[0..n) = scale * q . k_u for u < n, from kt[E,T]. */
static inline void scores_row(float *restrict g, const float *restrict q,
                              const float *restrict kt, int n, int T, int E, float scale) {
    for (int u = 0; u < n; u++) g[u] = 0.0f;
    for (int e = 0; e < E; e++) {
        float qe = q[e] * scale;
        const float *restrict kr = kt + (size_t)e * T;
        #pragma omp simd
        for (int u = 0; u < n; u++) g[u] += qe * kr[u];
    }
}

static void transpose_rows(float *restrict out, const float *restrict in, int ld, int T, int E) {
    for (int t = 0; t < T; t++)
        for (int e = 0; e < E; e++) out[(size_t)e * T + t] = in[(size_t)t * ld + e];
}

void tokatt_forward(float *y, int ldy, const float *q, const float *k, const float *v, int ld,
                    const float *pi, int T, int E, float *work) {
    float scale = 1.0f / sqrtf((float)E);
    float *kt = work, *g = work + 2 * (size_t)E * T;
    transpose_rows(kt, k, ld, T, E);
    for (int t = 0; t < T; t++) {
        int n = t + 1;
        scores_row(g, q + (size_t)t * ld, kt, n, T, E, scale);
        const float *p = pi + (size_t)t * T;
        float *restrict yt = y + (size_t)t * ldy;
        for (int e = 0; e < E; e++) yt[e] = 0.0f;
        for (int u = 0; u < n; u++) {
            float a = g[u] * p[u];
            const float *restrict vu = v + (size_t)u * ld;
            #pragma omp simd
            for (int e = 0; e < E; e++) yt[e] += a * vu[e];
        }
    }
}

void tokatt_backward(float *dq, float *dk, float *dv, int ldd, float *dpi, const float *dy,
                     int ldy, const float *q, const float *k, const float *v, int ld,
                     const float *pi, int T, int E, float *work) {
    float scale = 1.0f / sqrtf((float)E);
    float *kt = work, *vt = work + (size_t)E * T, *g = vt + (size_t)E * T;
    float *da = g + T;
    transpose_rows(kt, k, ld, T, E);
    transpose_rows(vt, v, ld, T, E);
    for (int t = 0; t < T; t++) {
        int n = t + 1;
        const float *restrict qt = q + (size_t)t * ld;
        const float *restrict dyt = dy + (size_t)t * ldy;
        scores_row(g, qt, kt, n, T, E, scale);     /* g[u] = G[t,u] */
        scores_row(da, dyt, vt, n, T, E, 1.0f);    /* da[u] = dA[t,u] = dy_t . v_u */
        const float *p = pi + (size_t)t * T;
        float *dp = dpi + (size_t)t * T;
        float *restrict dqt = dq + (size_t)t * ldd;
        for (int u = 0; u < n; u++) {
            float a = g[u] * p[u];
            float dg = da[u] * p[u] * scale;        /* d loss / d (q_t . k_u) */
            dp[u] += da[u] * g[u];
            const float *restrict ku = k + (size_t)u * ld;
            float *restrict dku = dk + (size_t)u * ldd;
            float *restrict dvu = dv + (size_t)u * ldd;
            #pragma omp simd
            for (int e = 0; e < E; e++) {
                dqt[e] += dg * ku[e];
                dku[e] += dg * qt[e];
                dvu[e] += a * dyt[e];
            }
        }
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
    size_t hTT = (size_t)H * T * T;
    memset(m->dpi, 0, hTT * sizeof(float));
    for (int th = 0; th < m->nthreads; th++) {
        const float *src = m->dpi_thread + th * hTT;
        for (size_t i = 0; i < hTT; i++) m->dpi[i] += src[i];
    }
    memset(m->dpqk, 0, (size_t)T * 2 * HE * sizeof(float));
    for (int h = 0; h < H; h++)
        possoftmax_backward(m->dpqk + (size_t)h * E, m->dpqk + HE + (size_t)h * E, 2 * HE,
                            m->dpi + (size_t)h * T * T, m->pi + (size_t)h * T * T,
                            m->pqk + (size_t)h * E, m->pqk + HE + (size_t)h * E, 2 * HE, T, E);
    linear_backward(m->g.pos, m->g.wqkv, m->g.bqkv, m->dpqk, m->p.pos, m->p.wqkv, T, E, 2 * HE);
}

/* Forward of n <= chunk sequences x[n,T,E]: qkv, y, o, ln, pred for n*T rows. */
static void chunk_forward(Heads *m, const float *x, int n) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, H = c->H, HE = H * E, N = n * T;
    linear_forward(m->qkv, x, m->p.wqkv, m->p.bqkv, N, E, 3 * HE);
    #pragma omp parallel for collapse(2) schedule(static)
    for (int b = 0; b < n; b++)
        for (int h = 0; h < H; h++) {
            const float *base = m->qkv + (size_t)b * T * 3 * HE + (size_t)h * E;
            float *work = m->work + (size_t)omp_get_thread_num() * m->wsize;
            tokatt_forward(m->y + (size_t)b * T * HE + (size_t)h * E, HE, base, base + HE,
                           base + 2 * HE, 3 * HE, m->pi + (size_t)h * T * T, T, E, work);
        }
    linear_forward(m->o, m->y, m->p.wo, m->p.bo, N, HE, E);
    layernorm_forward(m->ln, m->mean, m->rstd, m->o, m->p.lng, m->p.lnb, N, E);
    linear_forward(m->pred, m->ln, m->p.wr, m->p.br, N, E, c->d);
}

/* Backward of the chunk just run forward, from dpred[n*T, d]: grads and dpi_thread += . */
static void chunk_backward(Heads *m, const float *x, int n) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, H = c->H, HE = H * E, N = n * T;
    memset(m->dln, 0, (size_t)N * E * sizeof(float));
    memset(m->dout, 0, (size_t)N * E * sizeof(float));
    memset(m->dy, 0, (size_t)N * HE * sizeof(float));
    memset(m->dqkv, 0, (size_t)N * 3 * HE * sizeof(float));
    linear_backward(m->dln, m->g.wr, m->g.br, m->dpred, m->ln, m->p.wr, N, E, c->d);
    layernorm_backward(m->dout, m->g.lng, m->g.lnb, m->dln, m->o, m->p.lng, m->mean, m->rstd, N, E);
    linear_backward(m->dy, m->g.wo, m->g.bo, m->dout, m->y, m->p.wo, N, HE, E);
    size_t hTT = (size_t)H * T * T;
    #pragma omp parallel for collapse(2) schedule(static)
    for (int b = 0; b < n; b++)
        for (int h = 0; h < H; h++) {
            int th = omp_get_thread_num();
            size_t off = (size_t)b * T * 3 * HE + (size_t)h * E;
            const float *base = m->qkv + off;
            float *dbase = m->dqkv + off;
            tokatt_backward(dbase, dbase + HE, dbase + 2 * HE, 3 * HE,
                            m->dpi_thread + th * hTT + (size_t)h * T * T,
                            m->dy + (size_t)b * T * HE + (size_t)h * E, HE, base, base + HE,
                            base + 2 * HE, 3 * HE, m->pi + (size_t)h * T * T, T, E,
                            m->work + (size_t)th * m->wsize);
        }
    linear_backward(NULL, m->g.wqkv, m->g.bqkv, m->dqkv, x, m->p.wqkv, N, E, 3 * HE);
}

/* Loss over chunks; with grad, also the gradient of the mean loss over all n. */
static float run(Heads *m, const float *x, const float *y, int n, int grad) {
    const HeadsConfig *c = &m->c;
    int T = c->T, E = c->E, d = c->d;
    if (grad) {
        memset(m->grads, 0, m->nparams * sizeof(float));
        memset(m->dpi_thread, 0, (size_t)m->nthreads * c->H * T * T * sizeof(float));
    }
    positional_forward(m);
    double loss = 0.0;
    for (int b0 = 0; b0 < n; b0 += m->chunk) {
        int nc = n - b0 < m->chunk ? n - b0 : m->chunk, N = nc * T;
        const float *xc = x + (size_t)b0 * T * E, *yc = y + (size_t)b0 * T * d;
        chunk_forward(m, xc, nc);
        loss += (double)mse_forward(m->pred, d, yc, d, N, d) * nc;
        if (!grad) continue;
        memset(m->dpred, 0, (size_t)N * d * sizeof(float));
        mse_backward(m->dpred, m->pred, d, yc, d, N, d);   /* of this chunk's mean */
        float w = (float)nc / n;                             /* -> of the batch mean */
        for (size_t i = 0; i < (size_t)N * d; i++) m->dpred[i] *= w;
        chunk_backward(m, xc, nc);
    }
    if (grad) positional_backward(m);
    return (float)(loss / n);
}

float heads_loss(Heads *m, const float *x, const float *y, int n) { return run(m, x, y, n, 0); }
float heads_grad(Heads *m, const float *x, const float *y, int n) { return run(m, x, y, n, 1); }

void heads_bb(const Heads *m, float *out) {
    int E = m->c.E, H = m->c.H, HE = H * E;
    memset(out, 0, (size_t)E * E * sizeof(float));
    float *b = xmalloc((size_t)E * E * sizeof(float));
    for (int h = 0; h < H; h++) {
        /* B_h[i,j] = sum_k W_O[i, h*E+k] Wv^h[k, j] */
        for (int i = 0; i < E; i++)
            for (int j = 0; j < E; j++) {
                double s = 0.0;
                for (int k = 0; k < E; k++)
                    s += (double)m->p.wo[(size_t)i * HE + h * E + k] *
                         m->p.wqkv[((size_t)2 * HE + h * E + k) * E + j];
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
    double T = c->T, E = c->E, HE = (double)c->H * c->E, d = c->d;
    double tri = T * (T + 1) / 2;                 /* causal pairs */
    double proj = 2 * T * E * 3 * HE;             /* q,k,v */
    double att = 2 * tri * E * 2 * c->H;          /* scores and weighted sum */
    double wo = 2 * T * HE * E, ro = 2 * T * E * d;
    double fwd = proj + att + wo + ro;
    /* backward: dW of q,k,v (no dx); attention recomputes scores + 4 products;
     * W_O and readout: dx and dW. */
    double bwd = proj + 2.5 * att + 2 * wo + 2 * ro;
    return fwd + bwd;
}
