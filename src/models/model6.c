/* model6.c — model (6) with optional softmax and MLP (model6.h). */
#include "model6.h"
#include "err.h"
#include "nn.h"
#include "posattn.h"
#include "train.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double m6_pass(void *model, int k, int b0, int nb, float *cgrad, int backward);

int m6_tensors(const M6Config *c, float scale, M6Params *v, Tensor *t) {
    size_t D = c->D, M = c->mlp, HDD = (size_t)c->H * D * D;
#define V(f) (v ? &v->f : NULL)
    Tensor *t0 = t;
    *t++ = (Tensor){"A", -1, HDD, INIT_NORMAL, scale, V(A)};
    *t++ = (Tensor){"B", -1, HDD, INIT_NORMAL, scale, V(B)};
    *t++ = (Tensor){"P", -1, (size_t)(c->T - 1) * c->T, INIT_NORMAL, scale, V(P)};
    if (M) {
        t = tensors_linear(t, "w1", "b1", -1, M, D, V(w1), V(b1));
        t = tensors_linear(t, "w2", "b2", -1, D, M, V(w2), V(b2));
    }
#undef V
    return (int)(t - t0);
}

size_t m6_num_params(const M6Config *c) {
    Tensor t[M6_NTENSORS];
    return tensors_size(t, m6_tensors(c, 0, NULL, t));
}

/* The attention layer of every head: R = T-1 queries over the T tokens, query i seeing
 * the tokens j <= i+1. */
static PosAttn m6_attention(const M6Config *c) {
    return (PosAttn){.R = c->T - 1, .T = c->T, .D = c->D, .shift = 1, .softmax = c->softmax};
}

/* The table of one chunk's work arrays w (M6Work) into t[M6_NWORK]. */
enum { M6_NWORK = 13 };
static void m6_work_tensors(const M6Config *c, M6Work *w, Tensor *t) {
    PosAttn pa = m6_attention(c);
    size_t R = pa.R, T = c->T, D = c->D, H = c->H, M = c->mlp;
    Tensor one[M6_NWORK] = {
        ACTIVATION(w->q, H * R * D), ACTIVATION(w->v, H * T * D), ACTIVATION(w->att, H * posattn_work_floats(&pa)),
        ACTIVATION(w->dq, R * D), ACTIVATION(w->dv, T * D),
        ACTIVATION(w->z, R * D), ACTIVATION(w->h1, R * M), ACTIVATION(w->r, R * M), ACTIVATION(w->out, R * D),
        ACTIVATION(w->dout, R * D), ACTIVATION(w->dz, R * D), ACTIVATION(w->dr, R * M), ACTIVATION(w->dh, R * M),
    };
    memcpy(t, one, sizeof one);
}

void m6_create(Model6 *m, const M6Config *c, int maxB) {
    if (c->D < 1 || c->T < 2 || c->H < 1 || c->mlp < 0 || maxB < 1)
        die("model (6): bad sizes D=%d T=%d H=%d mlp=%d", c->D, c->T, c->H, c->mlp);
    memset(m, 0, sizeof *m);
    m->c = *c;
    Tensor t[M6_NTENSORS];
    float *params, *grads;
    size_t nparams = tensors_params(t, m6_tensors(c, 0, &m->p, t), &params, &grads, 0, NULL);
    int nchunks = (maxB + M6_CHUNK - 1) / M6_CHUNK;
    m->work = xcalloc(nchunks, sizeof *m->work);
    Tensor *acts = xmalloc((1 + M6_NWORK * (size_t)nchunks) * sizeof *acts);
    acts[0] = (Tensor)ACTIVATION(m->run.cgrads, nchunks * nparams);
    for (int k = 0; k < nchunks; k++) m6_work_tensors(c, &m->work[k], acts + 1 + M6_NWORK * k);
    m->run.acts = tensors_alloc(acts, 1 + M6_NWORK * nchunks);
    free(acts);
    m->run.t = (Trainable){m, nparams, params, grads, chunk_batch, maxB, NULL, m6_free};
    m->run.pass = m6_pass;
    m->run.chunk = M6_CHUNK;
    m->run.terms = (double)(c->T - 1);
}

void m6_free(void *model) {
    Model6 *m = model;
    free(m->work);
    chunk_free(m);
    memset(m, 0, sizeof *m);
}

void m6_init(Model6 *m, Rng *rng, float scale) {
    Tensor t[M6_NTENSORS];
    tensors_init(t, m6_tensors(&m->c, scale, NULL, t), m->run.t.params, rng);
}

void m6_rotation_data(float *x, float *y, int n, int T, Rng *rng) {
    double *s = xmalloc(2 * (size_t)(T + 1) * sizeof *s);
    for (int b = 0; b < n; b++) {
        double th = 2 * M_PI * rng_uniform(rng), c = cos(th), sn = sin(th);
        s[0] = 1.0; s[1] = 0.0;
        for (int t = 1; t <= T; t++) {
            s[2 * t] = c * s[2 * t - 2] - sn * s[2 * t - 1];
            s[2 * t + 1] = sn * s[2 * t - 2] + c * s[2 * t - 1];
        }
        for (int t = 0; t < T; t++)
            for (int k = 0; k < 2; k++) x[((size_t)b * T + t) * 2 + k] = (float)s[2 * t + k];
        for (int i = 0; i < T - 1; i++)
            for (int k = 0; k < 2; k++) y[((size_t)b * (T - 1) + i) * 2 + k] = (float)s[2 * (i + 2) + k];
    }
    free(s);
}

void m6_forward_seq(const Model6 *m, const float *s, M6Work *wk) {
    const M6Config *c = &m->c;
    PosAttn pa = m6_attention(c);
    int D = c->D, T = c->T, R = pa.R;
    size_t DD = (size_t)D * D, W = posattn_work_floats(&pa);
    float *z = wk->z, *out = wk->out;
    memset(z, 0, (size_t)R * D * sizeof(float));
    for (int h = 0; h < c->H; h++) {
        float *q = wk->q + (size_t)h * R * D, *v = wk->v + (size_t)h * T * D;
        linear_forward(q, s, m->p.A + h * DD, NULL, R, D, D);   /* q_i = A^h s_i, i < R */
        linear_forward(v, s, m->p.B + h * DD, NULL, T, D, D);   /* v_j = B^h s_j */
        posattn_forward(&pa, z, q, s, v, m->p.P, wk->att + h * W);
    }
    if (!c->mlp) { memcpy(out, z, (size_t)R * D * sizeof(float)); return; }
    linear_forward(wk->h1, z, m->p.w1, m->p.b1, R, D, c->mlp);
    relu_forward(wk->r, wk->h1, (size_t)R * c->mlp);
    linear_forward(out, wk->r, m->p.w2, m->p.b2, R, c->mlp, D);
    residual_forward(out, out, z, (size_t)R * D);
}

void m6_backward_seq(const Model6 *m, M6Params *g, const float *s, M6Work *wk) {
    const M6Config *c = &m->c;
    PosAttn pa = m6_attention(c);
    int D = c->D, T = c->T, R = pa.R, M = c->mlp;
    size_t DD = (size_t)D * D, W = posattn_work_floats(&pa);
    float *dz = wk->dz;
    memcpy(dz, wk->dout, (size_t)R * D * sizeof(float));    /* the residual (or no MLP) */
    if (M) {
        memset(wk->dr, 0, (size_t)R * M * sizeof(float));
        memset(wk->dh, 0, (size_t)R * M * sizeof(float));
        linear_backward(wk->dr, g->w2, g->b2, wk->dout, wk->r, m->p.w2, R, M, D);
        relu_backward(wk->dh, wk->dr, wk->h1, (size_t)R * M);
        linear_backward(dz, g->w1, g->b1, wk->dh, wk->z, m->p.w1, R, D, M);
    }
    for (int h = 0; h < c->H; h++) {
        const float *q = wk->q + (size_t)h * R * D, *v = wk->v + (size_t)h * T * D;
        memset(wk->dq, 0, (size_t)R * D * sizeof(float));
        memset(wk->dv, 0, (size_t)T * D * sizeof(float));
        /* the keys are the tokens: no gradient to the data */
        posattn_backward(&pa, wk->dq, NULL, wk->dv, g->P, dz, q, s, v, m->p.P, wk->att + h * W);
        linear_backward(NULL, g->A + h * DD, NULL, wk->dq, s, m->p.A + h * DD, R, D, D);
        linear_backward(NULL, g->B + h * DD, NULL, wk->dv, s, m->p.B + h * DD, T, D, D);
    }
}

/* Chunk k of the batch: sequences b0..b0+nb-1; returns the sum of |out - y|^2. */
static double m6_pass(void *model, int k, int b0, int nb, float *cgrad, int backward) {
    Model6 *m = model;
    const M6Config *c = &m->c;
    int D = c->D, T = c->T, R = T - 1;
    M6Params g;
    Tensor gt[M6_NTENSORS];
    tensors_point(gt, m6_tensors(c, 0, &g, gt), cgrad);
    M6Work *w = &m->work[k];
    double sse = 0.0, scale = 2.0 / ((double)m->run.B * R);   /* d mean / d out */
    for (int b = b0; b < b0 + nb; b++) {
        const float *s = m->run.x + (size_t)b * T * D, *y = m->run.y + (size_t)b * R * D;
        m6_forward_seq(m, s, w);
        for (int i = 0; i < R * D; i++) {
            double e = (double)w->out[i] - y[i];
            sse += e * e;
            w->dout[i] = (float)(scale * e);
        }
        if (backward) m6_backward_seq(m, &g, s, w);
    }
    return sse;
}
