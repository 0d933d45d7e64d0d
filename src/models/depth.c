#include "depth.h"
#include "ardata.h"
#include "augmented.h"
#include "err.h"
#include "rng.h"
#include "transformer.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void depth_data_init(DepthData *D, uint64_t seed, int ntrain, int ntest, int T, int d) {
    int E = 3 * d;
    *D = (DepthData){.ntrain = ntrain, .ntest = ntest, .T = T, .d = d};
    D->s_train = xmalloc((size_t)ntrain * (T + 1) * d * sizeof(float));
    D->s_test = xmalloc((size_t)ntest * (T + 1) * d * sizeof(float));
    Rng r;
    rng_init(&r, seed, RNG_TRAIN);
    ar_sequences(D->s_train, ntrain, T + 1, d, &r);
    rng_init(&r, seed, RNG_TEST);
    ar_sequences(D->s_test, ntest, T + 1, d, &r);
    D->e_train = xmalloc((size_t)ntrain * T * E * sizeof(float));
    D->y_train = xmalloc((size_t)ntrain * T * d * sizeof(float));
    D->e_test = xmalloc((size_t)ntest * T * E * sizeof(float));
    D->y_test = xmalloc((size_t)ntest * T * d * sizeof(float));
    aug_tokens(D->e_train, D->y_train, D->s_train, ntrain, T, d);
    aug_tokens(D->e_test, D->y_test, D->s_test, ntest, T, d);
}

void depth_data_free(DepthData *D) {
    free(D->s_train); free(D->s_test); free(D->e_train); free(D->y_train); free(D->e_test); free(D->y_test);
    memset(D, 0, sizeof *D);
}

const char *depth_model_name(DepthModel m) { return m == DEPTH_LINEAR ? "linear" : "full"; }

Trainable depth_model_new(const DepthOpts *o, int L, int maxB) {
    Rng init;
    rng_init(&init, o->train.seed, 1000 + (uint64_t)L);
    if (o->model == DEPTH_LINEAR) {
        AugModel *m = xmalloc(sizeof *m);
        aug_init(m, (AugConfig){.L = L, .d = o->d, .T = o->T, .E = 3 * o->d}, maxB, &init);
        return m->run.t;
    }
    TfModel *m = xmalloc(sizeof *m);
    tf_init(m, (TfConfig){.L = L, .d = o->d, .T = o->T, .E = 3 * o->d, .NH = o->heads, .F = o->ffn}, maxB, &init);
    return m->run.t;
}

void depth_model_free(Trainable *t) {
    t->free(t->model);
    free(t->model);
    t->model = NULL;
}

/* Test MSE at each position t (index t-1) from the model's outputs. */
static void model_mse_pos(Trainable *t, const SeqSet *s, int T, int d, double *pos) {
    int E = 3 * d;
    memset(pos, 0, T * sizeof *pos);
    for (int b0 = 0; b0 < s->n; b0 += t->maxB) {
        int B = s->n - b0 < t->maxB ? s->n - b0 : t->maxB;
        const float *y = s->y + (size_t)b0 * s->ys;
        t->batch(t->model, s->x + (size_t)b0 * s->xs, y, B, 0);
        const float *out = t->outputs(t->model);
        for (int b = 0; b < B; b++)
            for (int i = 0; i < T; i++)
                for (int j = 0; j < d; j++) {
                    double e = out[((size_t)b * T + i) * E + j] - y[((size_t)b * T + i) * d + j];
                    pos[i] += e * e;
                }
    }
    for (int i = 0; i < T; i++) pos[i] /= (double)s->n * d;
}

int depth_train(const DepthOpts *o, int L, const DepthData *D, DepthRun *run) {
    int T = o->T, E = 3 * o->d;
    SeqSet train = {D->e_train, D->y_train, D->ntrain, (size_t)T * E, (size_t)T * o->d};
    SeqSet test = {D->e_test, D->y_test, D->ntest, (size_t)T * E, (size_t)T * o->d};
    memset(run, 0, sizeof *run);
    run->L = L;
    Trainable m = depth_model_new(o, L, o->train.batch);
    run->nparams = m.nparams;
    run->mse_init = train_eval(&m, &test);
    char label[64];
    snprintf(label, sizeof label, "%s L=%d", depth_model_name(o->model), L);
    TrainOpts to = o->train;
    to.label = label;
    TrainResult res;
    train_run(&m, &train, &test, &to, &res);
    run->curve = res.curve;
    run->mse_pos = xmalloc(T * sizeof *run->mse_pos);
    model_mse_pos(&m, &test, T, o->d, run->mse_pos);
    depth_model_free(&m);
    return res.epochs_done < o->train.epochs;
}

void depth_run_free(DepthRun *run) {
    free(run->mse_pos);
    free(run->curve);
    memset(run, 0, sizeof *run);
}

int depth_converged(const float *curve, int epochs, double shallower) {
    int k = epochs / 10 > 3 ? epochs / 10 : 3;
    if (epochs <= k) return 0;
    double before = INFINITY, tail = INFINITY, best;
    for (int e = 0; e < epochs; e++) {
        double v = curve[2 * (size_t)e + 1];
        if (e < epochs - k) before = fmin(before, v); else tail = fmin(tail, v);
    }
    best = fmin(before, tail);
    double final = curve[2 * (size_t)(epochs - 1) + 1];
    int flat = tail >= (1.0 - DEPTH_CONV_FLAT) * before;
    int stable = final <= (1.0 + DEPTH_CONV_STABLE) * best;
    int depth = final <= (1.0 + DEPTH_CONV_STABLE) * shallower;
    return flat && stable && depth;
}
