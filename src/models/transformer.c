#include "transformer.h"
#include "attention.h"
#include "err.h"
#include "nn.h"
#include "train.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* floats of one chunk's lane-major q, k, v; of its attention work space: att or datt
 * [T,E,SA_LANES], dqkv [T,3E,SA_LANES], and the backward's scratch */
static size_t lqkv_size(const TfConfig *c) { return (size_t)c->T * 3 * c->E * SA_LANES; }
static size_t lwork_size(const TfConfig *c) {
    return (size_t)c->T * 4 * c->E * SA_LANES + softattn_scratch_size(c->T);
}

static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward);

int tf_tensors(const TfConfig *c, TfParams *v, Tensor *t) {
    size_t E = c->E, F = c->F;
    float bE = 1.0f / sqrtf((float)E), bF = 1.0f / sqrtf((float)F);   /* U(+-1/sqrt(fan_in)) */
    int n = 0;
    for (int l = 0; l < c->L; l++) {
        TfLayer *y = v ? &v->layer[l] : NULL;
#define V(f) (y ? &y->f : NULL)
        t[n++] = (Tensor){"wqkv", l, 3 * E * E, INIT_UNIFORM, bE, V(wqkv)};
        t[n++] = (Tensor){"bqkv", l, 3 * E, INIT_UNIFORM, bE, V(bqkv)};
        t[n++] = (Tensor){"wo", l, E * E, INIT_UNIFORM, bE, V(wo)};
        t[n++] = (Tensor){"bo", l, E, INIT_UNIFORM, bE, V(bo)};
        t[n++] = (Tensor){"ln1g", l, E, INIT_ONE, 0, V(ln1g)};
        t[n++] = (Tensor){"ln1b", l, E, INIT_ZERO, 0, V(ln1b)};
        t[n++] = (Tensor){"w1", l, F * E, INIT_UNIFORM, bE, V(w1)};
        t[n++] = (Tensor){"b1", l, F, INIT_UNIFORM, bE, V(b1)};
        t[n++] = (Tensor){"w2", l, E * F, INIT_UNIFORM, bF, V(w2)};
        t[n++] = (Tensor){"b2", l, E, INIT_UNIFORM, bF, V(b2)};
        t[n++] = (Tensor){"ln2g", l, E, INIT_ONE, 0, V(ln2g)};
        t[n++] = (Tensor){"ln2b", l, E, INIT_ZERO, 0, V(ln2b)};
#undef V
    }
    t[n++] = (Tensor){"wr", -1, E * E, INIT_UNIFORM, bE, v ? &v->wr : NULL};
    t[n++] = (Tensor){"br", -1, E, INIT_UNIFORM, bE, v ? &v->br : NULL};
    return n;
}

void tf_init(TfModel *m, TfConfig c, int maxB, Rng *init) {
    memset(m, 0, sizeof *m);
    if (c.E % c.NH) die("internal: %d heads do not divide the width %d", c.NH, c.E);
    if (c.E / c.NH > SA_HMAX) die("heads of width %d: the softmax attention takes at most %d (use more heads)", c.E / c.NH, SA_HMAX);
    m->c = c;
    int L = c.L, E = c.E, T = c.T, F = c.F, NH = c.NH;
    m->p.layer = xcalloc(L, sizeof *m->p.layer);
    m->g.layer = xcalloc(L, sizeof *m->g.layer);
    Tensor pt[TF_NTENSORS(L)], gt[TF_NTENSORS(L)];
    int np = tf_tensors(&c, &m->p, pt);
    tf_tensors(&c, &m->g, gt);
    m->nparams = tensors_size(pt, np);
    m->params = tensors_alloc(pt, np);
    m->grads = tensors_alloc(gt, np);
    tensors_init(pt, np, m->params, init);

    m->maxB = maxB;
    m->nchunks = (maxB + TF_CHUNK - 1) / TF_CHUNK;
    size_t rows = (size_t)maxB * T, nc = m->nchunks;
    Tensor acts[] = {
        {"x", -1, (L + 1) * rows * E, INIT_ZERO, 0, &m->x},
        {"lqkv", -1, L * nc * lqkv_size(&c), INIT_ZERO, 0, &m->lqkv},
        {"prob", -1, L * nc * softattn_prob_size(T, NH), INIT_ZERO, 0, &m->prob},
        {"att", -1, L * rows * E, INIT_ZERO, 0, &m->att},
        {"r1", -1, L * rows * E, INIT_ZERO, 0, &m->r1},
        {"h", -1, L * rows * E, INIT_ZERO, 0, &m->h},
        {"mean1", -1, L * rows, INIT_ZERO, 0, &m->mean1},
        {"rstd1", -1, L * rows, INIT_ZERO, 0, &m->rstd1},
        {"f1", -1, L * rows * F, INIT_ZERO, 0, &m->f1},
        {"r2", -1, L * rows * E, INIT_ZERO, 0, &m->r2},
        {"mean2", -1, L * rows, INIT_ZERO, 0, &m->mean2},
        {"rstd2", -1, L * rows, INIT_ZERO, 0, &m->rstd2},
        {"out", -1, rows * E, INIT_ZERO, 0, &m->out},
        {"qkv", -1, rows * 3 * E, INIT_ZERO, 0, &m->qkv},
        {"dout", -1, rows * E, INIT_ZERO, 0, &m->dout},
        {"dx", -1, rows * E, INIT_ZERO, 0, &m->dx},
        {"dr2", -1, rows * E, INIT_ZERO, 0, &m->dr2},
        {"dh", -1, rows * E, INIT_ZERO, 0, &m->dh},
        {"df1", -1, rows * F, INIT_ZERO, 0, &m->df1},
        {"datt", -1, rows * E, INIT_ZERO, 0, &m->datt},
        {"dqkv", -1, rows * 3 * E, INIT_ZERO, 0, &m->dqkv},
        {"cgrads", -1, nc * m->nparams, INIT_ZERO, 0, &m->cgrads},
        {"lwork", -1, nc * lwork_size(&c), INIT_ZERO, 0, &m->lwork},
    };
    m->acts = tensors_alloc_aligned(acts, NTENSORS(acts));
    m->run = (ChunkRun){.pass = chunk_pass, .chunk = TF_CHUNK, .terms = (double)T * c.d,
                        .nparams = m->nparams, .grads = m->grads, .cgrads = m->cgrads, .maxB = maxB};
}

const float *tf_outputs(const void *m) { return ((const TfModel *)m)->out; }

void tf_free(void *model) {
    TfModel *m = model;
    free(m->params); free(m->grads); free(m->acts);
    free(m->p.layer); free(m->g.layer);
    memset(m, 0, sizeof *m);
}

static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward) {
    TfModel *m = model;
    const TfConfig *c = &m->c;
    int L = c->L, E = c->E, T = c->T, d = c->d, F = c->F, NH = c->NH, B = m->run.B;
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
    memcpy(V(x, 0, E), m->run.x + r0 * E, (size_t)N * E * sizeof(float));
    for (int l = 0; l < L; l++) {
        const TfLayer *p = &m->p.layer[l];
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
    const float *yc = m->run.y + r0 * d;
    linear_forward(out, V(x, L, E), m->p.wr, m->p.br, N, E, E);
    double sse = (double)mse_forward(out, E, yc, d, N, d) * N * d;
    if (!backward) return sse;

    TfLayer gl[L];
    TfParams g = {gl, NULL, NULL};
    Tensor gt[TF_NTENSORS(L)];
    tensors_point(gt, tf_tensors(c, &g, gt), cgrad);
    float *dout = m->dout + r0 * E, *dx = m->dx + r0 * E, *dr2 = m->dr2 + r0 * E, *dh = m->dh + r0 * E;
    float *df1 = m->df1 + r0 * F, *datt = m->datt + r0 * E;
    size_t nE = (size_t)N * E, nF = (size_t)N * F;
    memset(dout, 0, nE * sizeof(float));
    mse_backward(dout, out, E, yc, d, N, d);
    float rescale = (float)nb / B;
    for (size_t i = 0; i < nE; i++) dout[i] *= rescale;
    memset(dx, 0, nE * sizeof(float));
    linear_backward(dx, g.wr, g.br, dout, V(x, L, E), m->p.wr, N, E, E);
    for (int l = L - 1; l >= 0; l--) {
        const TfLayer *p = &m->p.layer[l];
        /* dx = d loss / d x_{l+1} -> through LayerNorm2: dr2 */
        memset(dr2, 0, nE * sizeof(float));
        layernorm_backward(dr2, gl[l].ln2g, gl[l].ln2b, dx, V(r2, l, E), p->ln2g, V(mean2, l, 1), V(rstd2, l, 1), N, E);
        /* r2 = h + MLP(h): dh = dr2 + MLP backward */
        memcpy(dh, dr2, nE * sizeof(float));
        memset(df1, 0, nF * sizeof(float));
        linear_backward(df1, gl[l].w2, gl[l].b2, dr2, V(f1, l, F), p->w2, N, F, E);
        relu_backward_inplace(df1, V(f1, l, F), nF);
        linear_backward(dh, gl[l].w1, gl[l].b1, df1, V(h, l, E), p->w1, N, E, F);
        /* through LayerNorm1: dr1, kept in dx; r1 = x + attention: dx_l = dr1 + attention backward */
        memset(dx, 0, nE * sizeof(float));
        layernorm_backward(dx, gl[l].ln1g, gl[l].ln1b, dh, V(r1, l, E), p->ln1g, V(mean1, l, 1), V(rstd1, l, 1), N, E);
        memset(datt, 0, nE * sizeof(float));
        linear_backward(datt, gl[l].wo, gl[l].bo, dx, V(att, l, E), p->wo, N, E, E);
        lanes_from_rows(latt, datt, nb, (size_t)T * E);
        memset(ldqkv, 0, lqkv_size(c) * sizeof(float));
        softattn_backward(ldqkv, latt, LQKV(l), PROB(l), T, E, NH, ds);
        rows_from_lanes(dqkv, ldqkv, nb, (size_t)T * 3 * E);
        linear_backward(l > 0 ? dx : NULL, gl[l].wqkv, gl[l].bqkv, dqkv, V(x, l, E), p->wqkv, N, E, 3 * E);
    }
#undef V
#undef LQKV
#undef PROB
    return sse;
}

float tf_batch(void *m, const float *e, const float *y, int B, int backward) {
    return chunk_run(&((TfModel *)m)->run, m, e, y, B, backward);
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
