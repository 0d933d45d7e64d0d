/* nncheck.h — finite-difference checks of every analytic gradient of the training
 * engine (nn.h, attention.h), and nncheck_model, the check of a whole model from the
 * table of its parameter tensors (the models' own checks: src/models/modelcheck.h)
 * (header-only; used by tests/test_nn.c, tests/test_models.c and icar-gradcheck, which
 * writes the claim nn.gradcheck). Each check_X returns the largest relative error
 * (gradcheck.h) over all of X's inputs and parameters, on small random instances. */
#ifndef ICAR_NNCHECK_H
#define ICAR_NNCHECK_H
#include "gradcheck.h"
#include "attention.h"
#include "err.h"
#include "nn.h"
#include "rng.h"
#include "tensors.h"
#include <stdlib.h>
#include <string.h>

#define NNCHECK_H 2e-2f     /* float32: larger steps keep rounding noise below truncation error */
#define NNCHECK_TOL 1e-2    /* a wrong gradient gives errors of order 1 */

typedef struct {
    int N, C, OC, T, E, NH;
    float *inp, *w, *b, *g, *out, *mean, *rstd, *probe, *target, *prob;
} NnCheck;

static inline float *nncheck_rand(Rng *r, size_t n, float scale) {
    float *x = xmalloc(n * sizeof *x);
    rng_normals_f(r, x, n, scale);
    return x;
}

static inline double nncheck_linear_f(void *p) {
    NnCheck *c = p;
    linear_forward(c->out, c->inp, c->w, c->b, c->N, c->C, c->OC);
    return gc_probe(c->out, c->probe, (size_t)c->N * c->OC);
}

static inline double check_linear(Rng *r) {
    NnCheck c = {.N = 7, .C = 5, .OC = 4};
    c.inp = nncheck_rand(r, 35, 1); c.w = nncheck_rand(r, 20, 1); c.b = nncheck_rand(r, 4, 1);
    c.probe = nncheck_rand(r, 28, 1); c.out = xmalloc(28 * sizeof(float));
    float *dinp = xcalloc(35, sizeof(float)), *dw = xcalloc(20, sizeof(float)), *db = xcalloc(4, sizeof(float));
    linear_backward(dinp, dw, db, c.probe, c.inp, c.w, c.N, c.C, c.OC);
    double e = fmax(gradcheck(c.inp, dinp, 35, nncheck_linear_f, &c, NNCHECK_H, 1000),
               fmax(gradcheck(c.w, dw, 20, nncheck_linear_f, &c, NNCHECK_H, 1000),
                    gradcheck(c.b, db, 4, nncheck_linear_f, &c, NNCHECK_H, 1000)));
    free(c.inp); free(c.w); free(c.b); free(c.probe); free(c.out); free(dinp); free(dw); free(db);
    return e;
}

static inline double nncheck_layernorm_f(void *p) {
    NnCheck *c = p;
    layernorm_forward(c->out, c->mean, c->rstd, c->inp, c->g, c->b, c->N, c->C);
    return gc_probe(c->out, c->probe, (size_t)c->N * c->C);
}

/* C <= 16 takes the padded fast path of nn.c, larger C the general one. */
static inline double check_layernorm(Rng *r, int C) {
    NnCheck c = {.N = 6, .C = C};
    size_t n = (size_t)6 * C;
    c.inp = nncheck_rand(r, n, 1); c.g = nncheck_rand(r, C, 1); c.b = nncheck_rand(r, C, 1);
    c.probe = nncheck_rand(r, n, 1); c.out = xmalloc(n * sizeof(float));
    c.mean = xmalloc(6 * sizeof(float)); c.rstd = xmalloc(6 * sizeof(float));
    nncheck_layernorm_f(&c);
    float *dinp = xcalloc(n, sizeof(float)), *dg = xcalloc(C, sizeof(float)), *db = xcalloc(C, sizeof(float));
    layernorm_backward(dinp, dg, db, c.probe, c.inp, c.g, c.mean, c.rstd, c.N, c.C);
    double e = fmax(gradcheck(c.inp, dinp, n, nncheck_layernorm_f, &c, NNCHECK_H, 1000),
               fmax(gradcheck(c.g, dg, C, nncheck_layernorm_f, &c, NNCHECK_H, 1000),
                    gradcheck(c.b, db, C, nncheck_layernorm_f, &c, NNCHECK_H, 1000)));
    free(c.inp); free(c.g); free(c.b); free(c.probe); free(c.out); free(c.mean); free(c.rstd);
    free(dinp); free(dg); free(db);
    return e;
}

static inline double nncheck_relu_f(void *p) {
    NnCheck *c = p;
    relu_forward(c->out, c->inp, (size_t)c->N);
    return gc_probe(c->out, c->probe, (size_t)c->N);
}

static inline double nncheck_residual_f(void *p) {
    NnCheck *c = p;
    residual_forward(c->out, c->inp, c->w, (size_t)c->N);
    return gc_probe(c->out, c->probe, (size_t)c->N);
}

/* ReLU (inputs kept away from the kink; both backward forms) and the residual sum. */
static inline double check_pointwise(Rng *r) {
    NnCheck c = {.N = 40};
    c.inp = nncheck_rand(r, 40, 1); c.w = nncheck_rand(r, 40, 1);
    for (int i = 0; i < 40; i++)
        if (fabsf(c.inp[i]) < 0.05f) c.inp[i] = c.inp[i] < 0 ? -0.1f : 0.1f;
    c.probe = nncheck_rand(r, 40, 1); c.out = xmalloc(40 * sizeof(float));
    float *d1 = xcalloc(40, sizeof(float)), *d2 = xcalloc(40, sizeof(float));
    relu_backward(d1, c.probe, c.inp, 40);
    double e = gradcheck(c.inp, d1, 40, nncheck_relu_f, &c, NNCHECK_H, 1000);
    memcpy(d1, c.probe, 40 * sizeof(float));          /* the in-place form, from the output */
    relu_forward(c.out, c.inp, 40);
    relu_backward_inplace(d1, c.out, 40);
    e = fmax(e, gradcheck(c.inp, d1, 40, nncheck_relu_f, &c, NNCHECK_H, 1000));
    memset(d1, 0, 40 * sizeof(float));
    residual_backward(d1, d2, c.probe, 40);
    e = fmax(e, fmax(gradcheck(c.inp, d1, 40, nncheck_residual_f, &c, NNCHECK_H, 1000),
                     gradcheck(c.w, d2, 40, nncheck_residual_f, &c, NNCHECK_H, 1000)));
    free(c.inp); free(c.w); free(c.probe); free(c.out); free(d1); free(d2);
    return e;
}

/* MSE on the first D = 3 of C = 7 entries of each prediction row; targets of stride 4. */
static inline double nncheck_mse_f(void *p) {
    NnCheck *c = p;
    return mse_forward(c->inp, c->C, c->target, c->OC, c->N, 3);
}

static inline double check_mse(Rng *r) {
    NnCheck c = {.N = 9, .C = 7, .OC = 4};
    c.inp = nncheck_rand(r, 63, 1); c.target = nncheck_rand(r, 36, 1);
    float *d = xcalloc(63, sizeof(float));
    mse_backward(d, c.inp, c.C, c.target, c.OC, c.N, 3);
    double e = gradcheck(c.inp, d, 63, nncheck_mse_f, &c, NNCHECK_H, 1000);
    free(c.inp); free(c.target); free(d);
    return e;
}

/* Attention layers: inp = qkv, probe on att; [T, 3E] and [T, E] for the linear
 * attention, lane-major [T, 3E, SA_LANES] and [T, E, SA_LANES] for the softmax one. */
static inline double nncheck_linattn_f(void *p) {
    NnCheck *c = p;
    linattn_forward(c->out, c->inp, c->T, c->E);
    return gc_probe(c->out, c->probe, (size_t)c->T * c->E);
}

static inline double nncheck_softattn_f(void *p) {
    NnCheck *c = p;
    softattn_forward(c->out, c->prob, c->inp, c->T, c->E, c->NH);
    return gc_probe(c->out, c->probe, (size_t)c->T * c->E * SA_LANES);
}

/* Linear: E <= 16 takes the padded fast path of attention.c, larger E the general one.
 * Softmax (2 heads): E = 10 the copy compiled for heads of 5 (Figure 10), other E the
 * one for any width; every entry of q, k, v of every lane is checked. */
static inline double check_attention(Rng *r, int softmax, int E) {
    NnCheck c = {.T = 9, .E = E, .NH = 2};
    size_t lanes = softmax ? SA_LANES : 1;
    size_t nq = (size_t)c.T * 3 * c.E * lanes, no = (size_t)c.T * c.E * lanes;
    c.inp = nncheck_rand(r, nq, 1); c.probe = nncheck_rand(r, no, 1);
    c.out = xmalloc(no * sizeof(float));
    float *dq = xcalloc(nq, sizeof(float));
    double e;
    if (softmax) {
        c.prob = xmalloc(softattn_prob_size(c.T, c.NH) * sizeof(float));
        float *scratch = xmalloc(softattn_scratch_size(c.T) * sizeof(float));
        nncheck_softattn_f(&c);
        softattn_backward(dq, c.probe, c.inp, c.prob, c.T, c.E, c.NH, scratch);
        e = gradcheck(c.inp, dq, nq, nncheck_softattn_f, &c, NNCHECK_H, nq);
        free(scratch);
    } else {
        float *scratch = xmalloc((size_t)c.E * c.E * sizeof(float));
        linattn_backward(dq, c.probe, c.inp, c.T, c.E, scratch);
        e = gradcheck(c.inp, dq, nq, nncheck_linattn_f, &c, NNCHECK_H, 1000);
        free(scratch);
    }
    free(c.inp); free(c.probe); free(c.out); free(c.prob); free(dq);
    return e;
}

/* Whole models: a small batch of real AR data, every parameter checked. */
typedef struct { void *m; float (*batch)(void *, const float *, const float *, int, int); const float *e, *y; int B; } NnModelCheck;

static inline double nncheck_model_f(void *p) {
    NnModelCheck *c = p;
    return c->batch(c->m, c->e, c->y, c->B, 0);
}

/* Check a model's gradient tensor by tensor, the parameters laid out as the table
 * t[nt] says (tensors.h); returns the worst error, and names its tensor on stderr when
 * it is above NNCHECK_TOL. */
static inline double nncheck_model(void *m, float (*batch)(void *, const float *, const float *, int, int),
                                   float *params, float *grads, size_t n, const Tensor *t, int nt,
                                   float h, const float *e, const float *y, int B) {
    NnModelCheck c = {m, batch, e, y, B};
    memset(grads, 0, n * sizeof(float));
    batch(m, e, y, B, 1);
    double worst = 0.0;
    const Tensor *at = NULL;
    size_t off = 0;
    for (int k = 0; k < nt; k++) {
        double err = gradcheck(params + off, grads + off, t[k].size, nncheck_model_f, &c, h, t[k].size);
        if (err > worst) {                     /* (gradcheck gives INFINITY, never NaN) */
            worst = err;
            at = &t[k];
        }
        off += t[k].size;
    }
    if (off != n) die("internal: gradient check covered %zu of %zu parameters", off, n);
    if (worst > NNCHECK_TOL) warn("gradient check: worst tensor %s (layer %d), relative error %g", at->name, at->layer, worst);
    return worst;
}
#endif
