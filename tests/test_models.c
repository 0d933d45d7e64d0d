/* Unit tests of the Figure 5 / 10 models, their attention layers and
 * the training loop: finite differences, a naive reference for the prefix-sum
 * attention, chunk and thread invariance, exact resumption and the pinned first epochs of
 * both models (test_trajectory); GD: test_gd.c. */
#include "test.h"
#include "modelcheck.h"
#include "train.h"
#include <omp.h>
#include <stdio.h>
#include <unistd.h>

/* Prefix-sum linear attention against the O(T^2) definition. */
static void test_linattn_reference(Rng *r, int E, const char *name) {
    int T = 11;
    float *qkv = nncheck_rand(r, (size_t)T * 3 * E, 1), att[11 * 32];
    linattn_forward(att, qkv, T, E);
    double worst = 0;
    for (int t = 0; t < T; t++)
        for (int j = 0; j < E; j++) {
            double a = 0;
            for (int u = 0; u <= t; u++) {
                double s = 0;
                for (int i = 0; i < E; i++) s += qkv[t * 3 * E + i] * qkv[u * 3 * E + E + i];
                a += s / sqrt(E) * qkv[u * 3 * E + 2 * E + j];
            }
            worst = fmax(worst, fabs(a - att[t * E + j]));
        }
    test_below(name, worst, 1e-5);
    free(qkv);
}

/* Linear attention's backward adds to dqkv (the padded fast path writes whole vectors
 * and must leave every other float as it was): into a random dqkv, it must give that
 * plus the gradient computed into zeros. */
static void test_linattn_accumulates(Rng *r, int E, const char *name) {
    int T = 11;
    size_t nq = (size_t)T * 3 * E;
    float *qkv = nncheck_rand(r, nq, 1), *datt = nncheck_rand(r, (size_t)T * E, 1);
    float *base = nncheck_rand(r, nq, 1), *sum = xmalloc(nq * sizeof(float)), *grad = xcalloc(nq, sizeof(float));
    float *scratch = xmalloc((size_t)E * E * sizeof(float));
    memcpy(sum, base, nq * sizeof(float));
    linattn_backward(sum, datt, qkv, T, E, scratch);
    linattn_backward(grad, datt, qkv, T, E, scratch);
    double worst = 0;
    for (size_t i = 0; i < nq; i++) worst = fmax(worst, fabs((double)sum[i] - base[i] - grad[i]));
    test_below(name, worst, 1e-5);
    free(qkv); free(datt); free(base); free(sum); free(grad); free(scratch);
}

/* The softmax's exp (attention.c) against libm's, through a two-key row: with scores 0
 * and x the probabilities are 1/(1+e^x) and e^x/(1+e^x); v_0 = 0 and v_1 = 1 make the
 * second one the attention output. One x per lane (lane-major arrays, attention.h). */
static void test_exp_neg(void) {
    enum { T = 2, E = 2, NH = 1, LN = SA_LANES };   /* token rows (q | k | v), width 2 each */
    float qkv[T * 3 * E * LN] = {0}, att[T * E * LN], prob[3 * LN];
    double worst = 0;
    for (double x0 = -20; x0 <= 0; x0 += 0.01 * LN) {
        double want[LN];
        for (int s = 0; s < LN; s++) {
            double x = fmin(x0 + 0.01 * s, 0);
            qkv[(3 * E + 0) * LN + s] = 1.0f;                     /* q_1 = (1, 0); k_0 = 0: score 0 */
            qkv[(3 * E + E) * LN + s] = (float)(x * sqrt(2.0));   /* k_1 = (x sqrt 2, 0): score ~ x */
            qkv[(3 * E + 2 * E) * LN + s] = 1.0f;                 /* v_1 = (1, 0) */
            double sc = (double)(1.0f / sqrtf(2.0f)) * qkv[(3 * E + E) * LN + s];
            want[s] = exp(sc) / (1 + exp(sc));
        }
        softattn_forward(att, prob, qkv, T, E, NH);
        for (int s = 0; s < LN; s++) worst = fmax(worst, fabs(att[E * LN + s] - want[s]) / want[s]);
    }
    /* float32 softmax: the same row through libm's expf is off by up to 1.0e-6 as well,
     * from the rounding of the scores, the sum and the division */
    test_below("attention.softmax_exp_accuracy", worst, 2e-6);
}

/* lanes_from_rows puts entry (s, j) at lane s of vector j and zeroes the lanes past
 * nrows; rows_from_lanes gives the rows back (n = 37: two blocks of 16 and a tail). */
static void test_lanes(Rng *r) {
    enum { NR = 5, N = 37, LN = SA_LANES };
    float src[NR * N], lanes[N * LN], back[NR * N];
    rng_normals_f(r, src, NR * N, 1);
    memset(lanes, 0x7f, sizeof lanes);          /* garbage that must be overwritten */
    lanes_from_rows(lanes, src, NR, N);
    rows_from_lanes(back, lanes, NR, N);
    int ok = memcmp(back, src, sizeof src) == 0;
    for (int j = 0; j < N; j++)
        for (int s = 0; s < LN; s++) ok &= lanes[j * LN + s] == (s < NR ? src[s * N + j] : 0.0f);
    test_ok("attention.lanes_layout", ok, "every entry in its lane, padding lanes zero, rows back unchanged");
}

/* One AR batch split into sequences of the model's layout. */
static void batch_data(Rng *r, int B, int T, int d, float **e, float **y) { modelcheck_data(r, B, T, d, e, y); }

/* The loss of a batch spanning several chunks equals the size-weighted mean of its
 * parts, and the result does not depend on the number of threads: 1 and 2, set here
 * whatever OMP_NUM_THREADS says (5 chunks, so that 2 threads split them unevenly). */
static void test_chunks_and_threads(Rng *r) {
    int B = 4 * AUG_CHUNK + 5, T = 20, d = 5;
    AugModel m;
    aug_init(&m, (AugConfig){.L = 2, .d = d, .T = T, .E = 3 * d}, B, r);
    float *e, *y;
    batch_data(r, B, T, d, &e, &y);
    double whole = chunk_batch(&m, e, y, B, 0);
    double part = (chunk_batch(&m, e, y, 7, 0) * 7 +
                   chunk_batch(&m, e + (size_t)7 * T * 3 * d, y + (size_t)7 * T * d, B - 7, 0) * (B - 7)) / B;
    test_near("augmented.batch_is_mean_of_parts", whole, part, 1e-6 * whole);
    float loss[2], *g[2];
    int team[2], threads = omp_get_max_threads();
    for (int k = 0; k < 2; k++) {
        omp_set_num_threads(k + 1);
        #pragma omp parallel
        #pragma omp single
        team[k] = omp_get_num_threads();
        memset(m.run.t.grads, 0, m.run.t.nparams * sizeof(float));
        loss[k] = chunk_batch(&m, e, y, B, 1);
        g[k] = xmalloc(m.run.t.nparams * sizeof(float));
        memcpy(g[k], m.run.t.grads, m.run.t.nparams * sizeof(float));
    }
    omp_set_num_threads(threads);
    test_ok("augmented.thread_invariant", team[0] == 1 && team[1] == 2 && loss[0] == loss[1] &&
            memcmp(g[0], g[1], m.run.t.nparams * sizeof(float)) == 0,
            "loss and gradient bit-identical with 1 thread and with 2 (teams of 1 and 2 checked)");
    free(g[0]); free(g[1]); free(e); free(y);
    chunk_free(&m);
}

/* Training stopped after 3 epochs and resumed from the checkpoint ends bit-identical
 * to an uninterrupted run of 6 epochs, and the resumed process trains only epochs 4-6
 * (so the checkpoint was read); a damaged checkpoint is refused. run_small returns the
 * epochs trained in this process. */
static int run_small(const char *ckpt, int stop_after, float *params_out, float *curve_out) {
    Rng init, data;
    rng_init(&init, 5, RNG_INIT);
    rng_init(&data, 5, RNG_TRAIN);
    int n = 40, nt = 12, T = 10, d = 3, E = 9;
    AugModel m;
    aug_init(&m, (AugConfig){.L = 2, .d = d, .T = T, .E = E}, 16, &init);
    float *e, *y, *te, *ty;
    modelcheck_data(&data, n, T, d, &e, &y);
    modelcheck_data(&data, nt, T, d, &te, &ty);
    Trainable tm = m.run.t;
    SeqSet tr = {e, y, n, (size_t)T * E, (size_t)T * d}, ts = {te, ty, nt, (size_t)T * E, (size_t)T * d};
    TrainOpts o = {.epochs = 6, .batch = 16, .lr = 5e-3f, .seed = 9, .checkpoint = ckpt,
                   .checkpoint_every = 2, .settings = "test", .stop_after = stop_after, .label = "test"};
    TrainResult res;
    train_run(&tm, &tr, &ts, &o, &res);
    memcpy(params_out, m.run.t.params, m.run.t.nparams * sizeof(float));
    memcpy(curve_out, res.curve, 12 * sizeof(float));
    free(res.curve); free(e); free(y); free(te); free(ty);
    chunk_free(&m);
    return res.epochs_timed;
}

static void test_resume(const char *self) {
    char path[] = "/tmp/icar-test-resume-XXXXXX", damaged[64];
    int fd = mkstemp(path);
    close(fd);
    remove(path);
    snprintf(damaged, sizeof damaged, "%s.damaged", path);
    float a[4096], b[4096], ca[12], cb[12];
    memset(a, 0, sizeof a); memset(b, 0, sizeof b);
    run_small(NULL, 0, a, ca);
    int first = run_small(path, 3, b, cb);           /* stops after epoch 3 */
    int stopped_differs = memcmp(a, b, sizeof a) != 0;
    test_copy_damaged(path, damaged);
    int resumed = run_small(path, 0, b, cb);         /* resumes at epoch 3 */
    test_ok("train.resume_bit_identical", stopped_differs && first == 3 && resumed == 3 &&
            memcmp(a, b, sizeof a) == 0 && memcmp(ca, cb, sizeof ca) == 0,
            "3 epochs + resume to 6 == 6 epochs uninterrupted, parameters and curve bit for bit; "
            "the resumed process trained 3 epochs");
    test_ok("train.damaged_checkpoint_refused", test_self_fails(self, "--resume-from", damaged),
            "resuming from the checkpoint with one byte of its state changed stops with an error");
    /* the first 6 epochs (train loss, test MSE) of the augmented model, seed 5 */
    static const double pinned[12] = {0.723783731, 0.450234324, 0.440847546, 0.401872575, 0.388604641, 0.408599019,
                                      0.372214705, 0.398920327, 0.360696644, 0.386926174, 0.336512655, 0.391045749};
    test_trajectory("augmented.trajectory", ca, pinned, 12);
    remove(path);
    remove(damaged);
}

/* Training lowers the loss of both models on a tiny problem (sanity of the loop). */
static void test_learns(Rng *r) {
    int n = 64, T = 12, d = 3, E = 9;
    float *e, *y;
    modelcheck_data(r, n, T, d, &e, &y);
    TfModel m;
    tf_init(&m, (TfConfig){.L = 1, .d = d, .T = T, .E = E, .NH = 3, .F = 12}, 32, r);
    Trainable tm = m.run.t;
    SeqSet tr = {e, y, n, (size_t)T * E, (size_t)T * d};
    double before = train_eval(&tm, &tr);
    TrainOpts o = {.epochs = 30, .batch = 32, .lr = 5e-3f, .seed = 1, .checkpoint_every = 1,
                   .settings = "t", .label = "test"};
    TrainResult res;
    train_run(&tm, &tr, &tr, &o, &res);
    test_below("transformer.training_lowers_loss", train_eval(&tm, &tr) / before, 0.7);
    free(res.curve); free(e); free(y);
    chunk_free(&m);
}

/* The first 4 epochs (train loss, test MSE) of the full Transformer, seeds 6 and 7. */
static void test_tf_trajectory(void) {
    Rng init, data;
    rng_init(&init, 6, RNG_INIT);
    rng_init(&data, 6, RNG_TRAIN);
    int n = 48, nt = 16, T = 10, d = 3, E = 9;
    TfModel m;
    tf_init(&m, (TfConfig){.L = 2, .d = d, .T = T, .E = E, .NH = 3, .F = 12}, 16, &init);
    float *e, *y, *te, *ty;
    modelcheck_data(&data, n, T, d, &e, &y);
    modelcheck_data(&data, nt, T, d, &te, &ty);
    Trainable tm = m.run.t;
    SeqSet tr = {e, y, n, (size_t)T * E, (size_t)T * d}, ts = {te, ty, nt, (size_t)T * E, (size_t)T * d};
    TrainOpts o = {.epochs = 4, .batch = 16, .lr = 5e-3f, .seed = 7, .settings = "t", .label = "test"};
    TrainResult res;
    train_run(&tm, &tr, &ts, &o, &res);
    static const double pinned[8] = {0.720725775, 0.512222588, 0.518858016, 0.428283542,
                                     0.441681683, 0.363183171, 0.377384394, 0.336097389};
    test_trajectory("transformer.trajectory", res.curve, pinned, 8);
    free(res.curve); free(e); free(y); free(te); free(ty);
    chunk_free(&m);
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--resume-from") == 0) {   /* for train.damaged_checkpoint_refused */
        float params[4096], curve[12];
        run_small(argv[2], 0, params, curve);
        return 0;
    }
    test_begin(argc, argv);
    train_single_threaded_blas();
    Rng r;
    rng_init(&r, 3, RNG_TRAIN);
    test_below("attention.linear_gradcheck", check_attention(&r, 0, 6), NNCHECK_TOL);
    test_below("attention.linear_gradcheck_full_lanes", check_attention(&r, 0, 16), NNCHECK_TOL);
    test_below("attention.linear_gradcheck_wide", check_attention(&r, 0, 18), NNCHECK_TOL);
    test_below("attention.softmax_gradcheck", check_attention(&r, 1, 10), NNCHECK_TOL);
    test_below("attention.softmax_gradcheck_wide", check_attention(&r, 1, 18), NNCHECK_TOL);
    test_exp_neg();
    test_lanes(&r);
    test_linattn_reference(&r, 15, "attention.linear_matches_definition");
    test_linattn_reference(&r, 16, "attention.linear_matches_definition_full_lanes");
    test_linattn_reference(&r, 20, "attention.linear_matches_definition_wide");
    test_linattn_accumulates(&r, 15, "attention.linear_backward_accumulates");
    test_linattn_accumulates(&r, 18, "attention.linear_backward_accumulates_wide");
    test_below("augmented.model_gradcheck", check_aug_model(&r), NNCHECK_TOL);
    test_below("transformer.model_gradcheck", check_tf_model(&r), NNCHECK_TOL);
    test_chunks_and_threads(&r);
    test_resume(argv[0]);
    test_learns(&r);
    test_tf_trajectory();
    return test_end();
}
