/* model6.c — model (6) with optional softmax and MLP (model6.h). */
#include "model6.h"
#include "err.h"
#include "nn.h"
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

void m6_create(Model6 *m, const M6Config *c, int maxB) {
    if (c->D < 1 || c->T < 2 || c->H < 1 || c->mlp < 0 || maxB < 1)
        die("model (6): bad sizes D=%d T=%d H=%d mlp=%d", c->D, c->T, c->H, c->mlp);
    memset(m, 0, sizeof *m);
    m->c = *c;
    Tensor t[M6_NTENSORS];
    float *params, *grads;
    size_t nparams = tensors_params(t, m6_tensors(c, 0, &m->p, t), &params, &grads, 0, NULL);
    int nchunks = (maxB + M6_CHUNK - 1) / M6_CHUNK;
    size_t R = c->T - 1, D = c->D, M = c->mlp;
    m->work = xcalloc(nchunks, sizeof *m->work);
    Tensor *acts = xmalloc((1 + 8 * (size_t)nchunks) * sizeof *acts);
    acts[0] = (Tensor)ACTIVATION(m->run.cgrads, nchunks * nparams);
    for (int k = 0; k < nchunks; k++) {
        M6Work *w = &m->work[k];
        Tensor one[8] = {
            ACTIVATION(w->z, R * D), ACTIVATION(w->h1, R * M), ACTIVATION(w->r, R * M), ACTIVATION(w->out, R * D),
            ACTIVATION(w->dout, R * D), ACTIVATION(w->dz, R * D), ACTIVATION(w->dr, R * M), ACTIVATION(w->dh, R * M),
        };
        memcpy(acts + 1 + 8 * k, one, sizeof one);
    }
    m->run.acts = tensors_alloc(acts, 1 + 8 * nchunks);
    free(acts);
    m->run.t = (Trainable){m, nparams, params, grads, chunk_batch, maxB, NULL, m6_free};
    m->run.pass = m6_pass;
    m->run.chunk = M6_CHUNK;
    m->run.terms = (double)R;
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

/* r[D] = M[D,D] v[D] */
static void matvec(float *r, const float *M, const float *v, int D) {
    for (int a = 0; a < D; a++) {
        float s = 0.0f;
        for (int b = 0; b < D; b++) s += M[a * D + b] * v[b];
        r[a] = s;
    }
}

static float dot(const float *a, const float *b, int D) {
    float s = 0.0f;
    for (int k = 0; k < D; k++) s += a[k] * b[k];
    return s;
}

/* Attention weights of query i, head h, over j <= i+1: att[j], and the raw scores sc[j]
 * and (softmax) the probabilities pr[j]. u = A^h s_i. */
static void weights(const Model6 *m, const float *s, int h, int i, float *sc, float *pr, float *att) {
    const M6Config *c = &m->c;
    int D = c->D, T = c->T, n = i + 2;
    float u[16];
    matvec(u, m->p.A + (size_t)h * D * D, s + (size_t)i * D, D);
    for (int j = 0; j < n; j++) sc[j] = dot(s + (size_t)j * D, u, D);
    if (c->softmax) {
        memcpy(pr, sc, n * sizeof(float));
        softmax_forward(pr, n);
    }
    for (int j = 0; j < n; j++) att[j] = m->p.P[(size_t)i * T + j] * (c->softmax ? pr[j] : sc[j]);
}

void m6_forward_seq(const Model6 *m, const float *s, M6Work *wk) {
    const M6Config *c = &m->c;
    int D = c->D, T = c->T, R = T - 1;
    float sc[256], pr[256], att[256], w[16], *z = wk->z, *out = wk->out;
    memset(z, 0, (size_t)R * D * sizeof(float));
    for (int h = 0; h < c->H; h++)
        for (int i = 0; i < R; i++) {
            weights(m, s, h, i, sc, pr, att);
            for (int j = 0; j <= i + 1; j++) {
                matvec(w, m->p.B + (size_t)h * D * D, s + (size_t)j * D, D);
                for (int a = 0; a < D; a++) z[(size_t)i * D + a] += att[j] * w[a];
            }
        }
    if (!c->mlp) { memcpy(out, z, (size_t)R * D * sizeof(float)); return; }
    linear_forward(wk->h1, z, m->p.w1, m->p.b1, R, D, c->mlp);
    relu_forward(wk->r, wk->h1, (size_t)R * c->mlp);
    linear_forward(out, wk->r, m->p.w2, m->p.b2, R, c->mlp, D);
    residual_forward(out, out, z, (size_t)R * D);
}

void m6_backward_seq(const Model6 *m, M6Params *g, const float *s, M6Work *wk) {
    const M6Config *c = &m->c;
    int D = c->D, T = c->T, R = T - 1, M = c->mlp;
    float *dz = wk->dz;
    memcpy(dz, wk->dout, (size_t)R * D * sizeof(float));    /* the residual (or no MLP) */
    if (M) {
        memset(wk->dr, 0, (size_t)R * M * sizeof(float));
        memset(wk->dh, 0, (size_t)R * M * sizeof(float));
        linear_backward(wk->dr, g->w2, g->b2, wk->dout, wk->r, m->p.w2, R, M, D);
        relu_backward(wk->dh, wk->dr, wk->h1, (size_t)R * M);
        linear_backward(dz, g->w1, g->b1, wk->dh, wk->z, m->p.w1, R, D, M);
    }
    float sc[256], pr[256], att[256], w[16], ds[256];
    for (int h = 0; h < c->H; h++) {
        const float *Bh = m->p.B + (size_t)h * D * D;
        float *dA = g->A + (size_t)h * D * D, *dB = g->B + (size_t)h * D * D;
        for (int i = 0; i < R; i++) {
            int n = i + 2;
            weights(m, s, h, i, sc, pr, att);
            const float *dzi = dz + (size_t)i * D;
            for (int j = 0; j < n; j++) {
                const float *sj = s + (size_t)j * D;
                matvec(w, Bh, sj, D);
                float datt = dot(dzi, w, D);
                for (int a = 0; a < D; a++)          /* z_i += att_j B s_j */
                    for (int b = 0; b < D; b++) dB[a * D + b] += att[j] * dzi[a] * sj[b];
                float Pij = m->p.P[(size_t)i * T + j];
                g->P[(size_t)i * T + j] += datt * (c->softmax ? pr[j] : sc[j]);
                ds[j] = datt * Pij;                  /* d/d(pr_j) or d/d(sc_j) */
            }
            if (c->softmax) softmax_backward(ds, ds, pr, n);
            /* sc_j = s_j . (A s_i): dA += (sum_j ds_j s_j) s_i^T */
            const float *si = s + (size_t)i * D;
            for (int a = 0; a < D; a++) {
                float acc = 0.0f;
                for (int j = 0; j < n; j++) acc += ds[j] * s[(size_t)j * D + a];
                for (int b = 0; b < D; b++) dA[a * D + b] += acc * si[b];
            }
        }
    }
}

/* Chunk k of the batch: sequences b0..b0+nb-1; returns the sum of |out - y|^2. */
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
