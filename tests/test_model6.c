/* Unit tests of model (6) with and without softmax and MLP (model6.h): finite-difference
 * gradients of every variant, the rotation data, and the zero-loss construction of the
 * linear model with two heads, and the pinned first epochs of training (test_trajectory). */
#include "test.h"
#include "gradcheck.h"
#include "model6.h"
#include "rng.h"
#include "train.h"
#include <stdlib.h>
#include <string.h>

typedef struct { Model6 *m; const float *x, *y; int n; } Ctx;
/* The loss accumulated in double from the per-sequence forward (less float noise). */
static double loss_fn(void *v) {
    Ctx *c = v;
    int T = c->m->c.T, R = T - 1;
    M6Work *w = &c->m->work[0];
    double s = 0;
    for (int b = 0; b < c->n; b++) {
        m6_forward_seq(c->m, c->x + (size_t)b * T * 2, w);
        for (int i = 0; i < R * 2; i++) {
            double e = (double)w->out[i] - c->y[(size_t)b * R * 2 + i];
            s += e * e;
        }
    }
    return s / ((double)c->n * R);
}

/* The first 3 epochs (train loss, test MSE) of model (6) trained on rotation data
 * (seed 8), against values pinned from a reference run. */
static void test_trajectory_m6(const char *name, int softmax, int mlp, const double pinned[6]) {
    int T = 6, n = 96, nt = 32;
    Rng data, init;
    rng_init(&data, 8, RNG_TRAIN);
    rng_init(&init, 8, RNG_INIT);
    float *x = xmalloc((size_t)n * T * 2 * sizeof(float)), *y = xmalloc((size_t)n * (T - 1) * 2 * sizeof(float));
    float *xt = xmalloc((size_t)nt * T * 2 * sizeof(float)), *yt = xmalloc((size_t)nt * (T - 1) * 2 * sizeof(float));
    m6_rotation_data(x, y, n, T, &data);
    m6_rotation_data(xt, yt, nt, T, &data);
    M6Config c = {.D = 2, .T = T, .H = 3, .softmax = softmax, .mlp = mlp};
    Model6 m;
    m6_create(&m, &c, 32);
    m6_init(&m, &init, 0.5f);
    Trainable tm = m.run.t;
    SeqSet tr = {x, y, n, (size_t)T * 2, (size_t)(T - 1) * 2}, ts = {xt, yt, nt, (size_t)T * 2, (size_t)(T - 1) * 2};
    TrainOpts o = {.epochs = 3, .batch = 32, .lr = 1e-2f, .seed = 8, .settings = "t", .label = "test"};
    TrainResult res;
    train_run(&tm, &tr, &ts, &o, &res);
    test_trajectory(name, res.curve, pinned, 6);
    free(res.curve); free(x); free(y); free(xt); free(yt);
    m6_free(&m);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    Rng rng;
    rng_init(&rng, 5, RNG_TRAIN);
    int T = 6, n = 70;   /* two chunks */
    float *x = xmalloc((size_t)n * T * 2 * sizeof(float)), *y = xmalloc((size_t)n * (T - 1) * 2 * sizeof(float));
    m6_rotation_data(x, y, n, T, &rng);
    /* s_2 = R^2 s_0: |s_t| = 1 and the angle doubles */
    double err = 0;
    for (int b = 0; b < n; b++) {
        float c1 = x[(size_t)b * T * 2 + 2], s1 = x[(size_t)b * T * 2 + 3];
        err = fmax(err, fabs(y[(size_t)b * (T - 1) * 2] - (c1 * c1 - s1 * s1)));
        err = fmax(err, fabs(y[(size_t)b * (T - 1) * 2 + 1] - 2 * c1 * s1));
    }
    test_below("model6.rotation_data", err, 1e-5);

    const char *names[4] = {"model6.grad_linear", "model6.grad_softmax", "model6.grad_linear_mlp",
                            "model6.grad_softmax_mlp"};
    for (int v = 0; v < 4; v++) {
        M6Config c = {.D = 2, .T = T, .H = 3, .softmax = v & 1, .mlp = v & 2 ? 8 : 0};
        Model6 m;
        m6_create(&m, &c, n);
        m6_init(&m, &rng, 0.5f);
        memset(m.run.t.grads, 0, m.run.t.nparams * sizeof(float));
        chunk_batch(&m, x, y, n, 1);
        float *g = xmalloc(m.run.t.nparams * sizeof(float));
        memcpy(g, m.run.t.grads, m.run.t.nparams * sizeof(float));
        /* with the MLP: finite differences that cross a ReLU kink (a pre-activation within
         * h of 0) are not derivatives, so half the hidden units get a bias of +3 (always
         * on) and half -3 (always off); the test checks that no pre-activation is near 0 */
        int nv = n;
        if (c.mlp) {
            for (int j = 0; j < c.mlp; j++) m.p.b1[j] = j % 2 ? 3.0f : -3.0f;
            float amin = INFINITY;
            for (int b = 0; b < n; b++) {
                m6_forward_seq(&m, x + (size_t)b * T * 2, &m.work[0]);
                for (int i = 0; i < (T - 1) * c.mlp; i++) amin = fminf(amin, fabsf(m.work[0].h1[i]));
            }
            test_ok(c.softmax ? "model6.softmax_mlp_away_from_kinks" : "model6.linear_mlp_away_from_kinks", amin > 0.05, "every MLP pre-activation at least 0.05 from the ReLU kink");
        }
        memset(m.run.t.grads, 0, m.run.t.nparams * sizeof(float));
        chunk_batch(&m, x, y, nv, 1);
        memcpy(g, m.run.t.grads, m.run.t.nparams * sizeof(float));
        Ctx ctx = {&m, x, y, nv};
        /* tensor by tensor (m6_tensors), so that an error in a small one is not hidden */
        Tensor t[M6_NTENSORS];
        int nt = m6_tensors(&c, 0, NULL, t);
        double worst = 0;
        size_t off = 0;
        for (int k = 0; k < nt; off += t[k].size, k++)
            worst = fmax(worst, gradcheck(m.run.t.params + off, g + off, t[k].size, loss_fn, &ctx, c.mlp ? 1e-3f : 1e-2f, 400));
        test_below(names[v], worst, 1e-2);
        free(g);
        m6_free(&m);
    }

    /* Proposition 3 in the plane: H = 2, A1 = B1 = I, A2 = B2 = quarter turn, P_{i,i+1} = 1 */
    M6Config c = {.D = 2, .T = T, .H = 2, .softmax = 0, .mlp = 0};
    Model6 m;
    m6_create(&m, &c, n);
    float I[4] = {1, 0, 0, 1}, J[4] = {0, -1, 1, 0};
    memcpy(m.p.A, I, sizeof I); memcpy(m.p.B, I, sizeof I);
    memcpy(m.p.A + 4, J, sizeof J); memcpy(m.p.B + 4, J, sizeof J);
    for (int i = 0; i < T - 1; i++) m.p.P[i * T + i + 1] = 1.0f;
    test_below("model6.linear_zero_loss_construction", chunk_batch(&m, x, y, n, 0), 1e-10);
    m6_free(&m);
    free(x); free(y);

    static const double linear[6] = {1.01941085, 0.993819416, 0.951754034, 0.943294406, 0.900133967, 0.899538338};
    static const double softmax_mlp[6] = {1.25499356, 1.17871773, 1.15583885, 1.10935962, 1.0863781, 1.06378019};
    test_trajectory_m6("model6.trajectory_linear", 0, 0, linear);
    test_trajectory_m6("model6.trajectory_softmax_mlp", 1, 8, softmax_mlp);
    return test_end();
}
