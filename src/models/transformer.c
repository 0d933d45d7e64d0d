#include "transformer.h"
#include "attention.h"
#include "err.h"
#include "nn.h"
#include "train.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t layer_size(int E, int F) {
    return 3 * E * E + 3 * E + E * E + E + 2 * E + F * E + F + E * F + E + 2 * E;
}

static void set_views(TfLayer *ly, float **wr, float **br, float *base, int L, int E, int F) {
    for (int l = 0; l < L; l++) {
        float *p = base + l * layer_size(E, F);
        ly[l].wqkv = p; p += 3 * E * E;
        ly[l].bqkv = p; p += 3 * E;
        ly[l].wo = p;   p += E * E;
        ly[l].bo = p;   p += E;
        ly[l].ln1g = p; p += E;
        ly[l].ln1b = p; p += E;
        ly[l].w1 = p;   p += F * E;
        ly[l].b1 = p;   p += F;
        ly[l].w2 = p;   p += E * F;
        ly[l].b2 = p;   p += E;
        ly[l].ln2g = p; p += E;
        ly[l].ln2b = p;
    }
    *wr = base + L * layer_size(E, F);
    *br = *wr + E * E;
}

/* floats of one chunk's lane-major q, k, v; of its attention work space: att or datt
 * [T,E,SA_LANES], dqkv [T,3E,SA_LANES], and the backward's scratch */
static size_t lqkv_size(const TfConfig *c) { return (size_t)c->T * 3 * c->E * SA_LANES; }
static size_t lwork_size(const TfConfig *c) {
    return (size_t)c->T * 4 * c->E * SA_LANES + softattn_scratch_size(c->T);
}

void tf_init(TfModel *m, TfConfig c, int maxB, Rng *init) {
    memset(m, 0, sizeof *m);
    if (c.E % c.NH) die("internal: %d heads do not divide the width %d", c.NH, c.E);
    if (c.E / c.NH > SA_HMAX) die("heads of width %d: the softmax attention takes at most %d (use more heads)", c.E / c.NH, SA_HMAX);
    m->c = c;
    int L = c.L, E = c.E, T = c.T, F = c.F, NH = c.NH;
    m->nparams = L * layer_size(E, F) + E * E + E;
    m->params = xcalloc(m->nparams, sizeof(float));
    m->grads = xcalloc(m->nparams, sizeof(float));
    m->p = xcalloc(L, sizeof *m->p);
    m->g = xcalloc(L, sizeof *m->g);
    set_views(m->p, &m->wr, &m->br, m->params, L, E, F);
    set_views(m->g, &m->gwr, &m->gbr, m->grads, L, E, F);
    float bE = 1.0f / sqrtf((float)E), bF = 1.0f / sqrtf((float)F);
    for (int l = 0; l < L; l++) {
        TfLayer *p = &m->p[l];
        uniform_init(p->wqkv, 3 * E * E, bE, init);
        uniform_init(p->bqkv, 3 * E, bE, init);
        uniform_init(p->wo, E * E, bE, init);
        uniform_init(p->bo, E, bE, init);
        uniform_init(p->w1, F * E, bE, init);
        uniform_init(p->b1, F, bE, init);
        uniform_init(p->w2, E * F, bF, init);
        uniform_init(p->b2, E, bF, init);
        for (int i = 0; i < E; i++) { p->ln1g[i] = p->ln2g[i] = 1.0f; p->ln1b[i] = p->ln2b[i] = 0.0f; }
    }
    uniform_init(m->wr, E * E, bE, init);
    uniform_init(m->br, E, bE, init);

    m->maxB = maxB;
    m->nchunks = (maxB + TF_CHUNK - 1) / TF_CHUNK;
    size_t rows = (size_t)maxB * T, f = sizeof(float), nc = m->nchunks;
    m->x = xmalloc((L + 1) * rows * E * f);
    m->lqkv = xmalloc(L * nc * lqkv_size(&c) * f);
    m->prob = xmalloc(L * nc * softattn_prob_size(T, NH) * f);
    m->att = xmalloc(L * rows * E * f);
    m->r1 = xmalloc(L * rows * E * f);
    m->h = xmalloc(L * rows * E * f);
    m->mean1 = xmalloc(L * rows * f);
    m->rstd1 = xmalloc(L * rows * f);
    m->f1 = xmalloc(L * rows * F * f);
    m->r2 = xmalloc(L * rows * E * f);
    m->mean2 = xmalloc(L * rows * f);
    m->rstd2 = xmalloc(L * rows * f);
    m->out = xmalloc(rows * E * f);
    m->qkv = xmalloc(rows * 3 * E * f);
    m->dout = xmalloc(rows * E * f);
    m->dx = xmalloc(rows * E * f);
    m->dr2 = xmalloc(rows * E * f);
    m->dh = xmalloc(rows * E * f);
    m->df1 = xmalloc(rows * F * f);
    m->datt = xmalloc(rows * E * f);
    m->dqkv = xmalloc(rows * 3 * E * f);
    m->cgrads = xmalloc(nc * m->nparams * f);
    m->lwork = xmalloc(nc * lwork_size(&c) * f);
}

void tf_free(TfModel *m) {
    float *bufs[] = {m->params, m->grads, m->x, m->lqkv, m->prob, m->att, m->r1, m->h, m->mean1,
                     m->rstd1, m->f1, m->r2, m->mean2, m->rstd2, m->out, m->qkv, m->dout,
                     m->dx, m->dr2, m->dh, m->df1, m->datt, m->dqkv, m->cgrads, m->lwork};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) free(bufs[i]);
    free(m->p);
    free(m->g);
    memset(m, 0, sizeof *m);
}

static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward) {
    TfModel *m = model;
    const TfConfig *c = &m->c;
    int L = c->L, E = c->E, T = c->T, d = c->d, F = c->F, NH = c->NH, B = m->B;
    int N = nb * T;
    size_t rows = (size_t)B * T, r0 = (size_t)b0 * T;
    /* view of layer l's array A (row width W) for this chunk */
#define V(A, l, W) (m->A + ((size_t)(l) * rows + r0) * (W))
    /* this chunk's lane-major arrays: q, k, v and probabilities of layer l; work space */
#define LQKV(l) (m->lqkv + ((size_t)(l) * m->nchunks + k) * lqkv_size(c))
#define PROB(l) (m->prob + ((size_t)(l) * m->nchunks + k) * softattn_prob_size(T, NH))
    float *latt = m->lwork + (size_t)k * lwork_size(c), *ldqkv = latt + (size_t)T * E * SA_LANES;
    float *ds = ldqkv + lqkv_size(c);
    float *qkv = m->qkv + r0 * 3 * E, *dqkv = m->dqkv + r0 * 3 * E;
    memcpy(V(x, 0, E), m->e + r0 * E, (size_t)N * E * sizeof(float));
    for (int l = 0; l < L; l++) {
        const TfLayer *p = &m->p[l];
        float *att = V(att, l, E), *r1 = V(r1, l, E), *h = V(h, l, E);
        float *f1 = V(f1, l, F), *r2 = V(r2, l, E);
        linear_forward(qkv, V(x, l, E), p->wqkv, p->bqkv, N, E, 3 * E);
        lanes_from_rows(LQKV(l), qkv, nb, (size_t)T * 3 * E);
        softattn_forward(latt, PROB(l), LQKV(l), T, E, NH);
        rows_from_lanes(att, latt, nb, (size_t)T * E);
        linear_forward(r1, att, p->wo, p->bo, N, E, E);
        residual_forward(r1, r1, V(x, l, E), (size_t)N * E);
        layernorm_forward(h, V(mean1, l, 1), V(rstd1, l, 1), r1, p->ln1g, p->ln1b, N, E);
        linear_forward(f1, h, p->w1, p->b1, N, E, F);
        relu_forward(f1, f1, (size_t)N * F);
        linear_forward(r2, f1, p->w2, p->b2, N, F, E);
        residual_forward(r2, r2, h, (size_t)N * E);
        layernorm_forward(V(x, l + 1, E), V(mean2, l, 1), V(rstd2, l, 1), r2, p->ln2g, p->ln2b, N, E);
    }
    float *out = m->out + r0 * E;
    const float *yc = m->y + r0 * d;
    linear_forward(out, V(x, L, E), m->wr, m->br, N, E, E);
    double sse = (double)mse_forward(out, E, yc, d, N, d) * N * d;
    if (!backward) return sse;

    TfLayer g[L];
    float *gwr, *gbr;
    set_views(g, &gwr, &gbr, cgrad, L, E, F);
    float *dout = m->dout + r0 * E, *dx = m->dx + r0 * E, *dr2 = m->dr2 + r0 * E, *dh = m->dh + r0 * E;
    float *df1 = m->df1 + r0 * F, *datt = m->datt + r0 * E;
    size_t nE = (size_t)N * E, nF = (size_t)N * F;
    memset(dout, 0, nE * sizeof(float));
    mse_backward(dout, out, E, yc, d, N, d);
    float rescale = (float)nb / B;
    for (size_t i = 0; i < nE; i++) dout[i] *= rescale;
    memset(dx, 0, nE * sizeof(float));
    linear_backward(dx, gwr, gbr, dout, V(x, L, E), m->wr, N, E, E);
    for (int l = L - 1; l >= 0; l--) {
        const TfLayer *p = &m->p[l];
        /* dx = d loss / d x_{l+1} -> through LayerNorm2: dr2 */
        memset(dr2, 0, nE * sizeof(float));
        layernorm_backward(dr2, g[l].ln2g, g[l].ln2b, dx, V(r2, l, E), p->ln2g, V(mean2, l, 1), V(rstd2, l, 1), N, E);
        /* r2 = h + MLP(h): dh = dr2 + MLP backward */
        memcpy(dh, dr2, nE * sizeof(float));
        memset(df1, 0, nF * sizeof(float));
        linear_backward(df1, g[l].w2, g[l].b2, dr2, V(f1, l, F), p->w2, N, F, E);
        relu_backward_inplace(df1, V(f1, l, F), nF);
        linear_backward(dh, g[l].w1, g[l].b1, df1, V(h, l, E), p->w1, N, E, F);
        /* through LayerNorm1: dr1, kept in dx; r1 = x + attention: dx_l = dr1 + attention backward */
        memset(dx, 0, nE * sizeof(float));
        layernorm_backward(dx, g[l].ln1g, g[l].ln1b, dh, V(r1, l, E), p->ln1g, V(mean1, l, 1), V(rstd1, l, 1), N, E);
        memset(datt, 0, nE * sizeof(float));
        linear_backward(datt, g[l].wo, g[l].bo, dx, V(att, l, E), p->wo, N, E, E);
        lanes_from_rows(latt, datt, nb, (size_t)T * E);
        memset(ldqkv, 0, lqkv_size(c) * sizeof(float));
        softattn_backward(ldqkv, latt, LQKV(l), PROB(l), T, E, NH, ds);
        rows_from_lanes(dqkv, ldqkv, nb, (size_t)T * 3 * E);
        linear_backward(l > 0 ? dx : NULL, g[l].wqkv, g[l].bqkv, dqkv, V(x, l, E), p->wqkv, N, E, 3 * E);
    }
#undef V
#undef LQKV
#undef PROB
    return sse;
}

float tf_batch(void *model, const float *e, const float *y, int B, int backward) {
    TfModel *m = model;
    if (B > m->maxB) die("internal: batch of %d sequences for a model sized for %d", B, m->maxB);
    m->e = e; m->y = y; m->B = B;
    double sse = train_chunks(m, chunk_pass, B, TF_CHUNK, m->nparams, m->grads, m->cgrads, backward);
    return (float)(sse / ((double)B * m->c.T * m->c.d));
}

void tf_flops(const TfConfig *c, double flops[3]) {
    double T = c->T, E = c->E, L = c->L, d = c->d, F = c->F, NH = c->NH, hd = E / NH;
    double fwd = 2 * T * E * 3 * E + 2 * T * E * E + 2 * 2 * T * E * F;   /* per layer */
    flops[0] = L * 3 * fwd - 2 * T * E * 3 * E + 3 * 2 * T * E * E;        /* + readout */
    /* attention: T(T+1)/2 pairs per head; forward 2 dot products of hd (4 hd) + exp,
     * backward about twice the forward (8 hd) */
    double pairs = T * (T + 1) / 2 * NH;
    flops[1] = L * pairs * (4 * hd + 8 * hd + 10);
    flops[2] = L * (2 * 8 * T * E + 2 * 14 * T * E + 4 * T * E + 2 * T * F) + 6 * T * d;
}
