#include "augmented.h"
#include "attention.h"
#include "err.h"
#include "nn.h"
#include "train.h"
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void aug_tokens(float *e, float *y, const float *s, int n, int T, int d) {
    int E = 3 * d;
    for (int k = 0; k < n; k++)
        for (int t = 0; t < T; t++) {          /* token t holds s_{t+1} and s_t (1-based) */
            const float *cur = s + ((size_t)k * (T + 1) + t) * d;
            float *et = e + ((size_t)k * T + t) * E;
            for (int i = 0; i < d; i++) {
                et[i] = 0.0f;
                et[d + i] = cur[i];
                et[2 * d + i] = t > 0 ? cur[i - d] : 0.0f;
            }
            memcpy(y + ((size_t)k * T + t) * d, cur + d, d * sizeof(float));
        }
}

static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward);

int aug_tensors(const AugConfig *c, AugParams *v, Tensor *t) {
    Tensor *t0 = t;
    for (int l = 0; l < c->L; l++) t = attn_tensors(t, l, c->E, v ? &v->layer[l] : NULL);
    t = tensors_linear(t, "wr", "br", -1, c->E, c->E, v ? &v->wr : NULL, v ? &v->br : NULL);
    return (int)(t - t0);
}

void aug_init(AugModel *m, AugConfig c, int maxB, Rng *init) {
    memset(m, 0, sizeof *m);
    if (c.E != 3 * c.d) die("internal: augmented tokens need E = 3d (d=%d, E=%d)", c.d, c.E);
    m->c = c;
    int L = c.L, E = c.E, T = c.T;
    if (L > AUG_LMAX) die("the linear Transformer takes at most %d layers (L=%d)", AUG_LMAX, L);
    Tensor t[AUG_NTENSORS(L)];
    float *params, *grads;
    size_t nparams = tensors_params(t, aug_tensors(&c, &m->p, t), &params, &grads, 0, init);
    size_t rows = (size_t)maxB * T, nchunks = (maxB + AUG_CHUNK - 1) / AUG_CHUNK;
    Tensor acts[] = {
        ACTIVATION(m->x, (L + 1) * rows * E), ACTIVATION(m->qkv, L * rows * 3 * E),
        ACTIVATION(m->att, L * rows * E), ACTIVATION(m->proj, L * rows * E),
        ACTIVATION(m->mean, L * rows), ACTIVATION(m->rstd, L * rows), ACTIVATION(m->out, rows * E),
        ACTIVATION(m->dout, rows * E), ACTIVATION(m->dx, rows * E), ACTIVATION(m->dproj, rows * E),
        ACTIVATION(m->datt, rows * E), ACTIVATION(m->dqkv, rows * 3 * E),
        ACTIVATION(m->run.cgrads, nchunks * nparams), ACTIVATION(m->scratch, nchunks * E * E),
    };
    m->run.acts = tensors_alloc(acts, NTENSORS(acts));
    m->run.t = (Trainable){m, nparams, params, grads, chunk_batch, maxB, aug_outputs, chunk_free};
    m->run.pass = chunk_pass;
    m->run.chunk = AUG_CHUNK;
    m->run.terms = (double)T * c.d;
}

/* Forward (and backward) of sequences [b0, b0+nb) of the current batch (m->run.B
 * sequences, inputs m->run.x, targets m->run.y); returns the SUM of squared errors over the
 * chunk. Gradients go to cgrad, scaled to the batch mean (1 / (B T d)). */
static double chunk_pass(void *model, int k, int b0, int nb, float *cgrad, int backward) {
    AugModel *m = model;
    const AugConfig *c = &m->c;
    int L = c->L, E = c->E, T = c->T, d = c->d, B = m->run.B;
    int N = nb * T;                              /* rows of this chunk */
    size_t rows = (size_t)B * T, r0 = (size_t)b0 * T;
    /* Views of layer l's arrays for this chunk. */
#define X(l)    (m->x + ((size_t)(l) * rows + r0) * E)
#define QKV(l)  (m->qkv + ((size_t)(l) * rows + r0) * 3 * E)
#define ATT(l)  (m->att + ((size_t)(l) * rows + r0) * E)
#define PROJ(l) (m->proj + ((size_t)(l) * rows + r0) * E)
#define MEAN(l) (m->mean + (size_t)(l) * rows + r0)
#define RSTD(l) (m->rstd + (size_t)(l) * rows + r0)
    memcpy(X(0), m->run.x + r0 * E, (size_t)N * E * sizeof(float));
    for (int l = 0; l < L; l++) {
        const AttnParams *p = &m->p.layer[l];
        linear_forward(QKV(l), X(l), p->wqkv, p->bqkv, N, E, 3 * E);
        for (int b = 0; b < nb; b++)
            linattn_forward(ATT(l) + (size_t)b * T * E, QKV(l) + (size_t)b * T * 3 * E, T, E);
        linear_forward(PROJ(l), ATT(l), p->wo, p->bo, N, E, E);
        layernorm_forward(X(l + 1), MEAN(l), RSTD(l), PROJ(l), p->lng, p->lnb, N, E);
        residual_forward(X(l + 1), X(l + 1), X(l), (size_t)N * E);
    }
    float *out = m->out + r0 * E;
    const float *yc = m->run.y + r0 * d;
    linear_forward(out, X(L), m->p.wr, m->p.br, N, E, E);
    double sse = (double)mse_forward(out, E, yc, d, N, d) * N * d;
    if (!backward) return sse;

    AugParams g;
    Tensor gt[AUG_NTENSORS(L)];
    tensors_point(gt, aug_tensors(c, &g, gt), cgrad);
    float *scratch = m->scratch + (size_t)k * E * E;
    float *dout = m->dout + r0 * E, *dx = m->dx + r0 * E, *dproj = m->dproj + r0 * E;
    float *datt = m->datt + r0 * E, *dqkv = m->dqkv + r0 * 3 * E;
    memset(dout, 0, (size_t)N * E * sizeof(float));
    mse_backward(dout, out, E, yc, d, N, d);     /* mean over the chunk: rescale to the batch */
    float rescale = (float)nb / B;
    for (size_t i = 0; i < (size_t)N * E; i++) dout[i] *= rescale;
    memset(dx, 0, (size_t)N * E * sizeof(float));
    linear_backward(dx, g.wr, g.br, dout, X(L), m->p.wr, N, E, E);
    for (int l = L - 1; l >= 0; l--) {
        const AttnParams *p = &m->p.layer[l];
        /* dx holds d loss / d x_{l+1}; the residual passes it on unchanged, the branch adds to it */
        memset(dproj, 0, (size_t)N * E * sizeof(float));
        layernorm_backward(dproj, g.layer[l].lng, g.layer[l].lnb, dx, PROJ(l), p->lng, MEAN(l), RSTD(l), N, E);
        memset(datt, 0, (size_t)N * E * sizeof(float));
        linear_backward(datt, g.layer[l].wo, g.layer[l].bo, dproj, ATT(l), p->wo, N, E, E);
        memset(dqkv, 0, (size_t)N * 3 * E * sizeof(float));
        for (int b = 0; b < nb; b++)
            linattn_backward(dqkv + (size_t)b * T * 3 * E, datt + (size_t)b * T * E,
                             QKV(l) + (size_t)b * T * 3 * E, T, E, scratch);
        linear_backward(l > 0 ? dx : NULL, g.layer[l].wqkv, g.layer[l].bqkv, dqkv, X(l), p->wqkv, N, E, 3 * E);
    }
#undef X
#undef QKV
#undef ATT
#undef PROJ
#undef MEAN
#undef RSTD
    return sse;
}

const float *aug_outputs(const void *m) { return ((const AugModel *)m)->out; }

void aug_flops(const AugConfig *c, double flops[3]) {
    double T = c->T, E = c->E, L = c->L, d = c->d;
    /* sgemm: forward 2*rows*in*out; backward twice that (dinp and dw) */
    double proj = L * (2 * T * E * 3 * E + 2 * T * E * E) + 2 * T * E * E;
    flops[0] = 3 * proj - 2 * T * E * 3 * E;   /* no dinp for the first layer */
    /* attention: four prefix-sum sweeps (forward, dq, dv, dk) of 4 T E^2 each */
    flops[1] = L * (4 * T * E * E + 12 * T * E * E);
    /* LayerNorm ~8 T E forward, ~14 T E backward; residual T E; loss 6 T d */
    flops[2] = L * (8 * T * E + 14 * T * E + 2 * T * E) + 6 * T * d;
}
