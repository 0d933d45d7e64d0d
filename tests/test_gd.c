/* Unit tests of the GD baseline of Figures 5 and 10 (gdbaseline.h, gdreadings.h), the
 * convergence criterion of a run and the run file (depth.h, depthrun.h): closed forms
 * on tiny cases, GD's limit, the readings against independent literal iterations. */
#include "test.h"
#include "ardata.h"
#include "depth.h"
#include "depthrun.h"
#include "gdbaseline.h"
#include "gdreadings.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double mean(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += x[i];
    return s / n;
}

/* The training MSE of L steps with one step x at every position. */
typedef struct { const GdSpectral *g; int L; } SearchCtx;
static double global_mse(double x, void *p) {
    SearchCtx *c = p;
    double eta[64];
    for (int t = 0; t < c->g->T; t++) eta[t] = x;
    return gd_spectral_mse(c->g, c->L, eta, 0, c->g->T);
}

/* Spectral form == literal iteration, with a different step at each position; one
 * step is eta C_t s_t; the search finds a local minimum. */
static void test_spectral(Rng *r) {
    int n = 6, T = 30, d = 5;
    float *s = xmalloc((size_t)n * (T + 1) * d * sizeof(float));
    ar_sequences(s, n, T + 1, d, r);
    GdSpectral g;
    gd_spectral_init(&g, s, n, T, d);
    double eta[30], pos[30], worst = 0;
    for (int L = 1; L <= 6; L++)
        for (double e0 = 0.005; e0 < 0.2; e0 *= 3) {
            for (int t = 0; t < T; t++) eta[t] = e0 * (1 + 0.5 * rng_uniform(r));
            gd_fixed_mse(s, n, T, d, L, eta, pos);
            double lit = mean(pos, T);
            worst = fmax(worst, fabs(gd_spectral_mse(&g, L, eta, 0, T) - lit) / lit);
            worst = fmax(worst, fabs(gd_spectral_mse(&g, L, eta, T - 1, T) - pos[T - 1]) / pos[T - 1]);
        }
    test_below("gd.spectral_equals_iteration", worst, 1e-9);
    /* L = 1 by hand: prediction eta sum_{tau<t} s_{tau+1} (s_tau . s_t) */
    double h = 0.03, sse = 0;
    for (int k = 0; k < n; k++)
        for (int t = 0; t < T; t++) {
            const float *q = s + (size_t)k * (T + 1) * d;
            for (int i = 0; i < d; i++) {
                double p = 0;
                for (int u = 0; u < t; u++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += (double)q[u * d + j] * q[t * d + j];
                    p += h * q[(u + 1) * d + i] * dot;
                }
                sse += (p - q[(t + 1) * d + i]) * (p - q[(t + 1) * d + i]);
            }
        }
    for (int t = 0; t < T; t++) eta[t] = h;
    gd_fixed_mse(s, n, T, d, 1, eta, pos);
    test_near("gd.one_step_closed_form", mean(pos, T), sse / (n * T * d), 1e-10 * sse / (n * T * d));
    SearchCtx c = {&g, 3};
    double best, step = gd_search_log(global_mse, &c, 1e-3, 1e1, &best, "test");
    int ok = best <= global_mse(step * 1.05, &c) && best <= global_mse(step / 1.05, &c);
    test_ok("gd.search_finds_minimum", ok, "the searched step beats steps 5% larger and smaller");
    gd_spectral_free(&g);
    free(s);
}

/* Steepest descent with exact line search on a tiny quadratic, by hand: Sigma =
 * diag(1, 4), C = I. Step 1: G = -I, alpha = |G|^2 / tr(G Sigma G^T) = 2/5, W = 0.4 I.
 * Step 2: G = diag(-0.6, 0.6), alpha = 0.72 / 1.8 = 0.4, W = diag(0.64, 0.16). */
static void test_line_search_by_hand(void) {
    double Sig[4] = {1, 0, 0, 4}, C[4] = {1, 0, 0, 1}, W[4];
    gd_line_search_W(Sig, C, 2, 2, W);
    double err = fabs(W[0] - 0.64) + fabs(W[1]) + fabs(W[2]) + fabs(W[3] - 0.16);
    test_below("gd.line_search_closed_form", err, 1e-14);
    /* d = 1: one exact step is the minimiser c / sigma */
    double s1 = 2.5, c1 = 0.7, w1;
    gd_line_search_W(&s1, &c1, 1, 1, &w1);
    test_near("gd.line_search_1d_exact", w1, c1 / s1, 1e-15);
}

/* 1/2 tr(W Sig W^T) - tr(C W^T): the inner loss up to a constant. */
static double quad_loss(const double *W, const double *Sig, const double *C, int d) {
    double f = 0;
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            f -= C[i * d + j] * W[i * d + j];
            for (int m = 0; m < d; m++) f += 0.5 * W[i * d + j] * Sig[j * d + m] * W[i * d + m];
        }
    return f;
}

/* On a random quadratic, the last step's length is optimal: scaling it by 1 +- 1%
 * raises the loss. */
static void test_line_search_optimal(Rng *r) {
    int d = 4, L = 3;
    double A[16], Sig[16] = {0}, C[16], W[16], Wp[16], Wq[16], G[16];
    for (int i = 0; i < 16; i++) { A[i] = rng_normal(r); C[i] = rng_normal(r); }
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++)
            for (int m = 0; m < d; m++) Sig[i * d + j] += A[m * d + i] * A[m * d + j];
    gd_line_search_W(Sig, C, d, L - 1, Wp);     /* W_{L-1} */
    gd_line_search_W(Sig, C, d, L, W);          /* W_L = W_{L-1} - alpha G */
    for (int i = 0; i < 16; i++) G[i] = Wp[i] - W[i];   /* alpha G */
    int ok = 1;
    for (int k = -1; k <= 1; k += 2) {
        for (int i = 0; i < 16; i++) Wq[i] = Wp[i] - (1 + 0.01 * k) * G[i];
        ok &= quad_loss(Wq, Sig, C, d) > quad_loss(W, Sig, C, d);
    }
    test_ok("gd.line_search_step_optimal", ok, "scaling the last exact step by 0.99 or 1.01 raises the inner loss");
}

/* The minimum-norm least-squares solution is GD's limit from W_0 = 0: 20000 steps of
 * size 1 / tr(Sigma_t) (below 2 / lambda_max) reach it, also where there are fewer
 * pairs than dimensions. Gaussian sequences keep Sigma_t well conditioned. */
static void test_least_squares_limit(Rng *r) {
    int n = 3, T = 8, d = 3;
    float *s = xmalloc((size_t)n * (T + 1) * d * sizeof(float));
    rng_normals_f(r, s, (size_t)n * (T + 1) * d, 1.0f);
    double lsq[8], gd[8], eta[8] = {0}, worst = 0;
    gd_least_squares_mse(s, n, T, d, lsq);
    for (int k = 0; k < n; k++) {             /* one sequence at a time: eta depends on it */
        const float *q = s + (size_t)k * (T + 1) * d;
        double tr = 0;
        for (int t = 1; t < T; t++) {
            for (int j = 0; j < d; j++) tr += (double)q[(t - 1) * d + j] * q[(t - 1) * d + j];
            eta[t] = 1.0 / tr;
        }
        double one[8];
        gd_fixed_mse(q, 1, T, d, 20000, eta, gd);
        gd_least_squares_mse(q, 1, T, d, one);
        for (int t = 0; t < T; t++) worst = fmax(worst, fabs(gd[t] - one[t]) / fmax(one[t], 1e-300));
    }
    test_below("gd.least_squares_is_gd_limit", worst, 1e-8);
    /* positions with d or more pairs of an exact AR sequence: LS recovers W, error ~ 0 */
    float *ar = xmalloc((size_t)2 * (T + 1) * d * sizeof(float));
    ar_sequences(ar, 2, T + 1, d, r);
    gd_least_squares_mse(ar, 2, T, d, lsq);
    test_below("gd.least_squares_exact_on_ar", lsq[T - 1], 1e-10);
    free(s);
    free(ar);
}

/* The readings on one set used for search and test: per_position is at least as good
 * as global at every position (each position's own step minimises that position);
 * mean_loss's steps are one step on the mean loss (eta_t * (t-1) constant) and its
 * MSE equals literal GD on the mean loss (1/N) sum_tau ... with that step. */
static void test_readings(Rng *r) {
    int n = 40, T = 12, d = 3, L = 3;
    float *s = xmalloc((size_t)n * (T + 1) * d * sizeof(float));
    ar_sequences(s, n, T + 1, d, r);
    GdSpectral sp;
    gd_spectral_init(&sp, s, n, T, d);
    GdReadings g;
    gd_readings_run(&sp, s, n, L, &g);
    gd_spectral_free(&sp);
    int ok = 1;
    for (int t = 0; t < T; t++)
        ok &= g.mse_pos[GD_PER_POSITION * T + t] <= g.mse_pos[GD_GLOBAL * T + t] * (1 + 1e-6);
    test_ok("gd.per_position_beats_global", ok, "on the search set, per-position steps beat the global step at every position");
    double *mstep = g.step + 2 * T, eta_m = mstep[1] * 1, spread = 0;
    for (int t = 2; t < T; t++) spread = fmax(spread, fabs(mstep[t] * t - eta_m) / eta_m);
    test_below("gd.mean_loss_one_step", spread, 1e-12);
    /* literal GD on the mean loss: W <- W - eta_m (W Sigma - C) / N */
    double sse = 0;
    for (int k = 0; k < n; k++) {
        const float *q = s + (size_t)k * (T + 1) * d;
        for (int t = 0; t < T; t++) {
            double Sig[9] = {0}, C[9] = {0}, W[9] = {0}, G[9];
            for (int u = 0; u < t; u++)
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) {
                        Sig[i * d + j] += (double)q[u * d + i] * q[u * d + j];
                        C[i * d + j] += (double)q[(u + 1) * d + i] * q[u * d + j];
                    }
            for (int step = 0; step < L && t > 0; step++) {
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) {
                        G[i * d + j] = -C[i * d + j] / t;
                        for (int m = 0; m < d; m++) G[i * d + j] += W[i * d + m] * Sig[m * d + j] / t;
                    }
                for (int i = 0; i < 9; i++) W[i] -= eta_m * G[i];
            }
            for (int i = 0; i < d; i++) {
                double p = 0;
                for (int j = 0; j < d; j++) p += W[i * d + j] * q[t * d + j];
                sse += (p - q[(t + 1) * d + i]) * (p - q[(t + 1) * d + i]);
            }
        }
    }
    double want = sse / ((double)n * T * d);
    test_near("gd.mean_loss_is_gd_on_mean_loss", gd_readings_mean(&g, GD_MEAN_LOSS), want, 1e-10 * want);
    gd_readings_free(&g);
    free(s);
}

/* The convergence criterion on made-up test-MSE curves of 40 epochs. */
static void test_converged(void) {
    float c[40][2] = {{0}};
    for (int e = 0; e < 40; e++) c[e][1] = 0.03f + 0.1f * expf(-e / 3.0f);       /* flat at the end */
    int flat = depth_converged(&c[0][0], 40, INFINITY);
    int above_shallower = depth_converged(&c[0][0], 40, 0.02);
    for (int e = 0; e < 40; e++) c[e][1] = 0.1f * powf(0.97f, (float)e);       /* still falling 3 %/epoch */
    int falling = depth_converged(&c[0][0], 40, INFINITY);
    for (int e = 0; e < 40; e++) c[e][1] = e < 20 ? 0.2f - 0.007f * e : 0.08f;   /* best 0.067, ends 0.08 */
    int unstable = depth_converged(&c[0][0], 40, INFINITY);
    test_ok("depth.converged_criterion", flat && !above_shallower && !falling && !unstable,
            "flat curve converged; not when above a shallower run, still falling, or ending above its best");
}

/* A run file written and read back gives the same numbers bit for bit. */
static void test_run_file(void) {
    DepthArgs a;
    Opt opts[DEPTHRUN_NOPTS];
    depthargs_init(&a);
    depthrun_opts(&a, opts);
    a.model = DEPTH_FULL; a.d = 2; a.T = 3; a.f.ntrain = 8; a.f.ntest = 4; a.f.epochs = 2; a.f.batch = 4;
    a.f.lr = 1.2345678e-3; a.f.seed = 77; a.heads = 2; a.ffn = 5; a.L = 3; a.f.profile = "quick";
    DepthOpts o;
    depthargs_done(&a, &o);
    float curve[4] = {0.5f, 0.25f, 1.0f / 3.0f, 0.2f};
    double pos[3] = {0.1, 1.0 / 7.0, 2e-9};
    DepthRun r = {.L = a.L, .nparams = 123, .mse_init = 1.0 / 3.0, .mse_pos = pos, .curve = curve};
    char path[] = "/tmp/icar-test-run-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    depthrun_write(path, opts, &o, &r);
    DepthRunFile f;
    depthrun_read(path, &f);
    int ok = f.o.model == DEPTH_FULL && f.o.train.seed == 77 && f.o.train.lr == o.train.lr && f.o.heads == 2 && f.o.ffn == 5 &&
             f.o.train.epochs == 2 && f.o.T == 3 && f.run.L == 3 && f.run.nparams == 123 &&
             f.run.mse_init == r.mse_init && memcmp(f.run.curve, curve, sizeof curve) == 0 &&
             memcmp(f.run.mse_pos, pos, sizeof pos) == 0;
    test_ok("depthrun.round_trip", ok, "settings, curve and per-position MSE read back bit for bit");
    depthrun_free(&f);
    remove(path);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    Rng r;
    rng_init(&r, 4, RNG_TRAIN);
    test_spectral(&r);
    test_line_search_by_hand();
    test_line_search_optimal(&r);
    test_least_squares_limit(&r);
    test_readings(&r);
    test_converged();
    test_run_file();
    return test_end();
}
