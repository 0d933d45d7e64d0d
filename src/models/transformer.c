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
    Tensor *t0 = t;
    size_t E = c->E, F = c->F;
    for (int l = 0; l < c->L; l++) {
        TfLayer *y = v ? &v->layer[l] : NULL;
#define V(f) (y ? &y->f : NULL)
        t = attn_tensors(t, l, c->E, y ? &y->att : NULL);
        t = tensors_linear(t, "w1", "b1", l, F, E, V(w1), V(b1));
        t = tensors_linear(t, "w2", "b2", l, E, F, V(w2), V(b2));
        t = tensors_layernorm(t, "ln2g", "ln2b", l, E, V(ln2g), V(ln2b));
#undef V
    }
    t = tensors_linear(t, "wr", "br", -1, E, E, v ? &v->wr : NULL, v ? &v->br : NULL);
    return (int)(t - t0);
}

void tf_init(TfModel *m, TfConfig c, int maxB, Rng *init) {
    memset(m, 0, sizeof *m);
    if (c.E % c.NH) die("internal: %d heads do not divide the width %d", c.NH, c.E);
    if (c.E / c.NH > SA_HMAX) die("heads of width %d: the softmax attention takes at most %d (use more heads)", c.E / c.NH, SA_HMAX);
    m->c = c;
    int L = c.L, E = c.E, T = c.T, F = c.F, NH = c.NH;
    if (L > TF_LMAX) die("the Transformer takes at most %d layers (L=%d)", TF_LMAX, L);
    Tensor t[TF_NTENSORS(L)];
    float *params, *grads;
    size_t nparams = tensors_params(t, tf_tensors(&c, &m->p, t), &params, &grads, 0, init);
    m->nchunks = (maxB + TF_CHUNK - 1) / TF_CHUNK;
    size_t rows = (size_t)maxB * T, nc = m->nchunks;
    Tensor acts[] = {
        ACTIVATION(m->x, (L + 1) * rows * E), ACTIVATION(m->lqkv, L * nc * lqkv_size(&c)),
        ACTIVATION(m->prob, L * nc * softattn_prob_size(T, NH)), ACTIVATION(m->att, L * rows * E),
        ACTIVATION(m->r1, L * rows * E), ACTIVATION(m->h, L * rows * E),
        ACTIVATION(m->mean1, L * rows), ACTIVATION(m->rstd1, L * rows), ACTIVATION(m->f1, L * rows * F),
        ACTIVATION(m->r2, L * rows * E), ACTIVATION(m->mean2, L * rows), ACTIVATION(m->rstd2, L * rows),
        ACTIVATION(m->out, rows * E), ACTIVATION(m->qkv, rows * 3 * E), ACTIVATION(m->dout, rows * E),
        ACTIVATION(m->dx, rows * E), ACTIVATION(m->dr2, rows * E), ACTIVATION(m->dh, rows * E),
        ACTIVATION(m->df1, rows * F), ACTIVATION(m->datt, rows * E), ACTIVATION(m->dqkv, rows * 3 * E),
        ACTIVATION(m->run.cgrads, nc * nparams), ACTIVATION(m->lwork, nc * lwork_size(&c)),
    };
    m->run.acts = tensors_alloc(acts, NTENSORS(acts));
    m->run.t = (Trainable){m, nparams, params, grads, chunk_batch, maxB, tf_outputs, chunk_free};
    m->run.pass = chunk_pass;
    m->run.chunk = TF_CHUNK;
    m->run.terms = (double)T * c.d;
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
        linear_forward(qkv, V(x, l, E), p->att.wqkv, p->att.bqkv, N, E, 3 * E);
        lanes_from_rows(LQKV(l), qkv, nb, (size_t)T * 3 * E);
        softattn_forward(latt, PROB(l), LQKV(l), T, E, NH);
        rows_from_lanes(att, latt, nb, (size_t)T * E);
        linear_forward(r1, att, p->att.wo, p->att.bo, N, E, E);
        residual_forward(r1, r1, V(x, l, E), (size_t)N * E);
        layernorm_forward(h, V(mean1, l, 1), V(rstd1, l, 1), r1, p->att.lng, p->att.lnb, N, E);
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

    TfParams g;
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
        layernorm_backward(dr2, g.layer[l].ln2g, g.layer[l].ln2b, dx, V(r2, l, E), p->ln2g, V(mean2, l, 1), V(rstd2, l, 1), N, E);
        /* r2 = h + MLP(h): dh = dr2 + MLP backward */
        memcpy(dh, dr2, nE * sizeof(float));
        memset(df1, 0, nF * sizeof(float));
        linear_backward(df1, g.layer[l].w2, g.layer[l].b2, dr2, V(f1, l, F), p->w2, N, F, E);
        relu_backward_inplace(df1, V(f1, l, F), nF);
        linear_backward(dh, g.layer[l].w1, g.layer[l].b1, df1, V(h, l, E), p->w1, N, E, F);
        /* through LayerNorm1: dr1, kept in dx; r1 = x + attention: dx_l = dr1 + attention backward */
        memset(dx, 0, nE * sizeof(float));
        layernorm_backward(dx, g.layer[l].att.lng, g.layer[l].att.lnb, dh, V(r1, l, E), p->att.lng, V(mean1, l, 1), V(rstd1, l, 1), N, E);
        memset(datt, 0, nE * sizeof(float));
        linear_backward(datt, g.layer[l].att.wo, g.layer[l].att.bo, dx, V(att, l, E), p->att.wo, N, E, E);
        lanes_from_rows(latt, datt, nb, (size_t)T * E);
        memset(ldqkv, 0, lqkv_size(c) * sizeof(float));
        softattn_backward(ldqkv, latt, LQKV(l), PROB(l), T, E, NH, ds);
        rows_from_lanes(dqkv, ldqkv, nb, (size_t)T * 3 * E);
        linear_backward(l > 0 ? dx : NULL, g.layer[l].att.wqkv, g.layer[l].att.bqkv, dqkv, V(x, l, E), p->att.wqkv, N, E, 3 * E);
    }
#undef V
#undef LQKV
#undef PROB
    return sse;
}

const float *tf_outputs(const void *m) { return ((const TfModel *)m)->out; }

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
