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
    size_t E = c->E;
    float b = 1.0f / sqrtf((float)E);     /* PyTorch's Linear: U(+-1/sqrt(fan_in)) */
    int n = 0;
    for (int l = 0; l < c->L; l++) {
        AugLayer *y = v ? &v->layer[l] : NULL;
#define V(f) (y ? &y->f : NULL)
        t[n++] = (Tensor){"wqkv", l, 3 * E * E, INIT_UNIFORM, b, V(wqkv)};
        t[n++] = (Tensor){"bqkv", l, 3 * E, INIT_UNIFORM, b, V(bqkv)};
        t[n++] = (Tensor){"wo", l, E * E, INIT_UNIFORM, b, V(wo)};
        t[n++] = (Tensor){"bo", l, E, INIT_UNIFORM, b, V(bo)};
        t[n++] = (Tensor){"lng", l, E, INIT_ONE, 0, V(lng)};
        t[n++] = (Tensor){"lnb", l, E, INIT_ZERO, 0, V(lnb)};
#undef V
    }
    t[n++] = (Tensor){"wr", -1, E * E, INIT_UNIFORM, b, v ? &v->wr : NULL};
    t[n++] = (Tensor){"br", -1, E, INIT_UNIFORM, b, v ? &v->br : NULL};
    return n;
}

void aug_init(AugModel *m, AugConfig c, int maxB, Rng *init) {
    memset(m, 0, sizeof *m);
    if (c.E != 3 * c.d) die("internal: augmented tokens need E = 3d (d=%d, E=%d)", c.d, c.E);
    m->c = c;
    int L = c.L, E = c.E, T = c.T;
    m->p.layer = xcalloc(L, sizeof *m->p.layer);
    m->g.layer = xcalloc(L, sizeof *m->g.layer);
    Tensor pt[AUG_NTENSORS(L)], gt[AUG_NTENSORS(L)];
    int np = aug_tensors(&c, &m->p, pt);
    aug_tensors(&c, &m->g, gt);
    m->nparams = tensors_size(pt, np);
    m->params = tensors_alloc(pt, np);
    m->grads = tensors_alloc(gt, np);
    tensors_init(pt, np, m->params, init);

    m->maxB = maxB;
    size_t rows = (size_t)maxB * T, nchunks = (maxB + AUG_CHUNK - 1) / AUG_CHUNK;
    Tensor acts[] = {
        {"x", -1, (L + 1) * rows * E, INIT_ZERO, 0, &m->x},
        {"qkv", -1, L * rows * 3 * E, INIT_ZERO, 0, &m->qkv},
        {"att", -1, L * rows * E, INIT_ZERO, 0, &m->att},
        {"proj", -1, L * rows * E, INIT_ZERO, 0, &m->proj},
        {"mean", -1, L * rows, INIT_ZERO, 0, &m->mean},
        {"rstd", -1, L * rows, INIT_ZERO, 0, &m->rstd},
        {"out", -1, rows * E, INIT_ZERO, 0, &m->out},
        {"dout", -1, rows * E, INIT_ZERO, 0, &m->dout},
        {"dx", -1, rows * E, INIT_ZERO, 0, &m->dx},
        {"dproj", -1, rows * E, INIT_ZERO, 0, &m->dproj},
        {"datt", -1, rows * E, INIT_ZERO, 0, &m->datt},
        {"dqkv", -1, rows * 3 * E, INIT_ZERO, 0, &m->dqkv},
        {"cgrads", -1, nchunks * m->nparams, INIT_ZERO, 0, &m->cgrads},
        {"scratch", -1, nchunks * E * E, INIT_ZERO, 0, &m->scratch},
    };
    m->acts = tensors_alloc_aligned(acts, NTENSORS(acts));
    m->run = (ChunkRun){.pass = chunk_pass, .chunk = AUG_CHUNK, .terms = (double)T * c.d,
                        .nparams = m->nparams, .grads = m->grads, .cgrads = m->cgrads, .maxB = maxB};
}

const float *aug_outputs(const void *m) { return ((const AugModel *)m)->out; }

void aug_free(void *model) {
    AugModel *m = model;
    free(m->params); free(m->grads); free(m->acts);
    free(m->p.layer); free(m->g.layer);
    memset(m, 0, sizeof *m);
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
        const AugLayer *p = &m->p.layer[l];
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

    AugLayer gl[L];
    AugParams g = {gl, NULL, NULL};
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
        const AugLayer *p = &m->p.layer[l];
        /* dx holds d loss / d x_{l+1}; the residual passes it on unchanged, the branch adds to it */
        memset(dproj, 0, (size_t)N * E * sizeof(float));
        layernorm_backward(dproj, gl[l].lng, gl[l].lnb, dx, PROJ(l), p->lng, MEAN(l), RSTD(l), N, E);
        memset(datt, 0, (size_t)N * E * sizeof(float));
        linear_backward(datt, gl[l].wo, gl[l].bo, dproj, ATT(l), p->wo, N, E, E);
        memset(dqkv, 0, (size_t)N * 3 * E * sizeof(float));
        for (int b = 0; b < nb; b++)
            linattn_backward(dqkv + (size_t)b * T * 3 * E, datt + (size_t)b * T * E,
                             QKV(l) + (size_t)b * T * 3 * E, T, E, scratch);
        linear_backward(l > 0 ? dx : NULL, gl[l].wqkv, gl[l].bqkv, dqkv, X(l), p->wqkv, N, E, 3 * E);
    }
#undef X
#undef QKV
#undef ATT
#undef PROJ
#undef MEAN
#undef RSTD
    return sse;
}

float aug_batch(void *m, const float *e, const float *y, int B, int backward) {
    return chunk_run(&((AugModel *)m)->run, m, e, y, B, backward);
}

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
