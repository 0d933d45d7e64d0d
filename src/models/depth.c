#include "depth.h"
#include "ardata.h"
#include "augmented.h"
#include "err.h"
#include "gdbaseline.h"
#include "rng.h"
#include "transformer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Trainable depth_model_new(const DepthOpts *o, int L, int maxB) {
    Rng init;
    rng_init(&init, o->seed, 1000 + (uint64_t)L);
    Trainable t = {0};
    t.maxB = maxB;
    if (o->model == DEPTH_LINEAR) {
        AugModel *m = xmalloc(sizeof *m);
        aug_init(m, (AugConfig){.L = L, .d = o->d, .T = o->T, .E = 3 * o->d}, maxB, &init);
        t.model = m; t.nparams = m->nparams; t.params = m->params; t.grads = m->grads;
        t.batch = aug_batch;
    } else {
        TfModel *m = xmalloc(sizeof *m);
        tf_init(m, (TfConfig){.L = L, .d = o->d, .T = o->T, .E = 3 * o->d, .NH = o->heads, .F = o->ffn},
                maxB, &init);
        t.model = m; t.nparams = m->nparams; t.params = m->params; t.grads = m->grads;
        t.batch = tf_batch;
    }
    return t;
}

void depth_model_free(Trainable *t, DepthModel kind) {
    if (kind == DEPTH_LINEAR) aug_free(t->model); else tf_free(t->model);
    free(t->model);
    t->model = NULL;
}

/* The model's outputs [B, T, E] after its last batch. */
static const float *model_out(const Trainable *t, DepthModel kind) {
    return kind == DEPTH_LINEAR ? ((AugModel *)t->model)->out : ((TfModel *)t->model)->out;
}

void depth_settings(const DepthOpts *o, int L, char *buf, size_t n) {
    snprintf(buf, n, "icar-depth model=%s L=%d d=%d T=%d train=%d test=%d epochs=%d batch=%d lr=%.9g seed=%llu heads=%d ffn=%d",
             o->model == DEPTH_LINEAR ? "linear" : "full", L, o->d, o->T, o->ntrain, o->ntest, o->epochs,
             o->batch, o->lr, (unsigned long long)o->seed, o->heads, o->ffn);
}

/* Test MSE at each position t (index t-1) from the model's outputs. */
static void model_mse_pos(Trainable *t, DepthModel kind, const SeqSet *s, int T, int d, double *pos) {
    int E = 3 * d;
    memset(pos, 0, T * sizeof *pos);
    for (int b0 = 0; b0 < s->n; b0 += t->maxB) {
        int B = s->n - b0 < t->maxB ? s->n - b0 : t->maxB;
        const float *y = s->y + (size_t)b0 * s->ys;
        t->batch(t->model, s->x + (size_t)b0 * s->xs, y, B, 0);
        const float *out = model_out(t, kind);
        for (int b = 0; b < B; b++)
            for (int i = 0; i < T; i++)
                for (int j = 0; j < d; j++) {
                    double e = out[((size_t)b * T + i) * E + j] - y[((size_t)b * T + i) * d + j];
                    pos[i] += e * e;
                }
    }
    for (int i = 0; i < T; i++) pos[i] /= (double)s->n * d;
}

int depth_run(const DepthOpts *o, DepthRow *rows) {
    int d = o->d, T = o->T, E = 3 * d;
    float *s_train = xmalloc((size_t)o->ntrain * (T + 1) * d * sizeof(float));
    float *s_test = xmalloc((size_t)o->ntest * (T + 1) * d * sizeof(float));
    Rng r;
    rng_init(&r, o->seed, RNG_TRAIN);
    ar_sequences(s_train, o->ntrain, T + 1, d, &r);
    rng_init(&r, o->seed, RNG_TEST);
    ar_sequences(s_test, o->ntest, T + 1, d, &r);
    float *e_train = xmalloc((size_t)o->ntrain * T * E * sizeof(float));
    float *y_train = xmalloc((size_t)o->ntrain * T * d * sizeof(float));
    float *e_test = xmalloc((size_t)o->ntest * T * E * sizeof(float));
    float *y_test = xmalloc((size_t)o->ntest * T * d * sizeof(float));
    aug_tokens(e_train, y_train, s_train, o->ntrain, T, d);
    aug_tokens(e_test, y_test, s_test, o->ntest, T, d);
    SeqSet train = {e_train, y_train, o->ntrain, (size_t)T * E, (size_t)T * d};
    SeqSet test = {e_test, y_test, o->ntest, (size_t)T * E, (size_t)T * d};

    GdSpectral spec;
    gd_spectral_init(&spec, s_train, o->ntrain, T, d);
    const char *name = o->model == DEPTH_LINEAR ? "linear" : "full";
    int stopped = 0;
    for (int L = o->Lmin; L <= o->Lmax; L++) {
        DepthRow *row = &rows[L - o->Lmin];
        memset(row, 0, sizeof *row);
        row->L = L;
        row->gd_eta = gd_search_step(&spec, L, &row->gd_train_mse);
        row->gd_mse_pos = xmalloc(T * sizeof(double));
        row->mse_pos = xmalloc(T * sizeof(double));
        row->gd_mse = gd_mse(s_test, o->ntest, T, d, L, row->gd_eta, row->gd_mse_pos);

        Trainable m = depth_model_new(o, L, o->batch);
        row->nparams = m.nparams;
        row->mse_init = train_eval(&m, &test);
        char settings[512], label[64], path[4096];
        depth_settings(o, L, settings, sizeof settings);
        snprintf(label, sizeof label, "%s L=%d", name, L);
        if (o->checkpoint) snprintf(path, sizeof path, "%s-%s-L%d.ckpt", o->checkpoint, name, L);
        TrainOpts to = {.epochs = o->epochs, .batch = o->batch, .lr = o->lr, .seed = o->seed,
                        .checkpoint = o->checkpoint ? path : NULL, .checkpoint_every = o->checkpoint_every,
                        .settings = settings, .stop_after = o->stop_after, .label = label};
        TrainResult res;
        train_run(&m, &train, &test, &to, &res);
        row->curve = res.curve;
        row->epochs_done = res.epochs_done;
        row->seconds_per_epoch = res.epochs_timed ? res.train_seconds / res.epochs_timed : 0.0;
        if (res.epochs_done < o->epochs) stopped = 1;
        row->mse = train_eval(&m, &test);
        model_mse_pos(&m, o->model, &test, T, d, row->mse_pos);
        fprintf(stderr, "%s L=%d: test MSE %.4g (init %.4g), GD %.4g (eta %.4g), %.3f s/epoch\n", name, L,
                row->mse, row->mse_init, row->gd_mse, row->gd_eta, row->seconds_per_epoch);
        depth_model_free(&m, o->model);
    }
    gd_spectral_free(&spec);
    free(s_train); free(s_test); free(e_train); free(y_train); free(e_test); free(y_test);
    return stopped;
}
