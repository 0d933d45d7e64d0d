/* modelcheck.h — finite-difference checks of the whole models of Figures 5 and 10: each
 * hands nncheck_model (nncheck.h) its parameter table and its batch function
 * (header-only; used by tests/test_models.c and icar-gradcheck, which writes the claim
 * nn.gradcheck). Each check returns the largest relative error over every parameter
 * tensor, on a small batch of real AR data. */
#ifndef ICAR_MODELCHECK_H
#define ICAR_MODELCHECK_H
#include "nncheck.h"
#include "ardata.h"
#include "augmented.h"
#include "train.h"
#include "transformer.h"
#include <stdlib.h>

/* Tokens of B sequences with T inputs in dimension d (s has T+1 tokens). */
static inline void modelcheck_data(Rng *r, int B, int T, int d, float **e, float **y) {
    float *s = xmalloc((size_t)B * (T + 1) * d * sizeof(float));
    ar_sequences(s, B, T + 1, d, r);
    *e = xmalloc((size_t)B * T * 3 * d * sizeof(float));
    *y = xmalloc((size_t)B * T * d * sizeof(float));
    aug_tokens(*e, *y, s, B, T, d);
    free(s);
}

/* Figure 5 model, L = 2, d = 2 (E = 6), T = 7, a batch of 3 sequences. */
static inline double check_aug_model(Rng *r) {
    AugModel m;
    aug_init(&m, (AugConfig){.L = 2, .d = 2, .T = 7, .E = 6}, 3, r);
    float *e, *y;
    modelcheck_data(r, 3, 7, 2, &e, &y);
    Tensor t[AUG_NTENSORS(2)];
    int nt = aug_tensors(&m.c, NULL, t);
    double err = nncheck_model(&m, chunk_batch, m.run.t.params, m.run.t.grads, m.run.t.nparams, t, nt, NNCHECK_H, e, y, 3);
    free(e); free(y);
    chunk_free(&m);
    return err;
}

/* Figure 10 model, L = 2, d = 2 (E = 6), 2 heads, MLP width 4, T = 5, 2 sequences.
 * ReLU has a kink at 0: instances (initialisation and data) are redrawn until every
 * ReLU input is at least NNCHECK_KINK away from 0, and the step is smaller
 * (NNCHECK_TF_H), so that no perturbation crosses a kink. */
#define NNCHECK_TF_H 2e-3f
#define NNCHECK_KINK 0.01f
static inline double check_tf_model(Rng *r) {
    TfModel m;
    float *e = NULL, *y = NULL;
    int L = 2, B = 2, T = 5;
    size_t E = 6, F = 4;
    for (int tries = 0;; tries++) {
        if (tries == 100) die("internal: no instance without a ReLU input near 0 in 100 draws");
        tf_init(&m, (TfConfig){.L = L, .d = 2, .T = T, .E = (int)E, .NH = 2, .F = (int)F}, B, r);
        modelcheck_data(r, B, T, 2, &e, &y);
        chunk_batch(&m, e, y, B, 0);
        float closest = INFINITY, pre[2 * 5 * 4];     /* [B*T, F]: the ReLU inputs of a layer */
        for (int l = 0; l < L; l++) {
            linear_forward(pre, m.h + (size_t)l * B * T * E, m.p.layer[l].w1, m.p.layer[l].b1, B * T, (int)E, (int)F);
            for (size_t i = 0; i < (size_t)B * T * F; i++) closest = fminf(closest, fabsf(pre[i]));
        }
        if (closest >= NNCHECK_KINK) break;
        chunk_free(&m);
        free(e);
        free(y);
    }
    Tensor t[TF_NTENSORS(2)];
    int nt = tf_tensors(&m.c, NULL, t);
    double err = nncheck_model(&m, chunk_batch, m.run.t.params, m.run.t.grads, m.run.t.nparams, t, nt, NNCHECK_TF_H, e, y, B);
    free(e); free(y);
    chunk_free(&m);
    return err;
}
#endif
