/* gdbaseline.c — see gdbaseline.h. Sequences are split over the cores; every error is
 * stored per (sequence, position) and summed in a fixed order, so results do not
 * depend on the number of threads. */
#include "gdbaseline.h"
#include "err.h"
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sigma += a a^T, C += b a^T  ([d,d]): the pair (s_tau, s_{tau+1}) = (a, b). */
static void add_pair(double *Sig, double *C, const float *a, const float *b, int d) {
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            Sig[i * d + j] += (double)a[i] * a[j];
            C[i * d + j] += (double)b[i] * a[j];
        }
}

/* Squared error of the prediction W x of the target y. */
static double pred_err(const double *W, const float *x, const float *y, int d) {
    double e2 = 0.0;
    for (int i = 0; i < d; i++) {
        double p = 0.0;
        for (int j = 0; j < d; j++) p += W[i * d + j] * x[j];
        e2 += (p - y[i]) * (p - y[i]);
    }
    return e2;
}

/* err[n*T] (row k = sequence) -> per-position MSE. */
static void reduce_positions(const double *err, int n, int T, int d, double *mse_pos) {
    for (int t = 0; t < T; t++) {
        double s = 0.0;
        for (int k = 0; k < n; k++) s += err[(size_t)k * T + t];
        mse_pos[t] = s / ((double)n * d);
    }
}

/* G = W Sig - C ([d,d]). */
static void gradient(double *G, const double *W, const double *Sig, const double *C, int d) {
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            double g = -C[i * d + j];
            for (int m = 0; m < d; m++) g += W[i * d + m] * Sig[m * d + j];
            G[i * d + j] = g;
        }
}

/* The predictor of one position: W[d,d] from the position's Sig and C (t pairs). */
typedef void (*PosSolver)(const double *Sig, const double *C, const float *seq, int t, int d,
                          const void *ctx, double *W, double *work);

/* Run solve at every (sequence, position) of s[n, T+1, d] and write the per-position MSE.
 * Each thread gives the solver work_len doubles of work space. */
static void over_positions(const float *s, int n, int T, int d, PosSolver solve, const void *ctx,
                           size_t work_len, double *mse_pos) {
    double *err = xmalloc((size_t)n * T * sizeof *err);
    #pragma omp parallel
    {
        double *Sig = xmalloc((3 * (size_t)d * d + work_len) * sizeof *Sig);
        double *C = Sig + d * d, *W = C + d * d, *work = W + d * d;
        #pragma omp for schedule(static)
        for (int k = 0; k < n; k++) {
            const float *seq = s + (size_t)k * (T + 1) * d;
            memset(Sig, 0, 2 * (size_t)d * d * sizeof *Sig);
            for (int t = 0; t < T; t++) {                 /* predict seq[t+1] from seq[t] */
                if (t > 0) add_pair(Sig, C, seq + (t - 1) * d, seq + t * d, d);
                solve(Sig, C, seq, t, d, ctx, W, work);
                err[(size_t)k * T + t] = pred_err(W, seq + t * d, seq + (t + 1) * d, d);
            }
        }
        free(Sig);
    }
    reduce_positions(err, n, T, d, mse_pos);
    free(err);
}

typedef struct { int L; const double *eta; } FixedCtx;

static void solve_fixed(const double *Sig, const double *C, const float *seq, int t, int d,
                        const void *ctx, double *W, double *work) {
    (void)seq;
    const FixedCtx *f = ctx;
    double eta = f->eta[t], *G = work;
    memset(W, 0, (size_t)d * d * sizeof *W);
    for (int step = 0; step < f->L; step++) {            /* W <- W - eta (W Sigma - C) */
        gradient(G, W, Sig, C, d);
        for (int i = 0; i < d * d; i++) W[i] -= eta * G[i];
    }
}

void gd_fixed_mse(const float *s, int n, int T, int d, int L, const double *eta, double *mse_pos) {
    FixedCtx f = {L, eta};
    over_positions(s, n, T, d, solve_fixed, &f, (size_t)d * d, mse_pos);
}

void gd_line_search_W(const double *Sig, const double *C, int d, int L, double *W) {
    double *G = xmalloc((size_t)d * d * sizeof *G);
    memset(W, 0, (size_t)d * d * sizeof *W);
    for (int step = 0; step < L; step++) {
        gradient(G, W, Sig, C, d);
        double g2 = 0.0, curv = 0.0;                     /* |G|^2, tr(G Sig G^T) */
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                g2 += G[i * d + j] * G[i * d + j];
                for (int m = 0; m < d; m++) curv += G[i * d + j] * Sig[j * d + m] * G[i * d + m];
            }
        if (g2 == 0.0 || !(curv > 0.0)) break;           /* at the minimum (or no pair) */
        double alpha = g2 / curv;
        for (int i = 0; i < d * d; i++) W[i] -= alpha * G[i];
    }
    free(G);
}

static void solve_line_search(const double *Sig, const double *C, const float *seq, int t, int d,
                              const void *ctx, double *W, double *work) {
    (void)seq; (void)t; (void)work;
    gd_line_search_W(Sig, C, d, *(const int *)ctx, W);
}

void gd_line_search_mse(const float *s, int n, int T, int d, int L, double *mse_pos) {
    over_positions(s, n, T, d, solve_line_search, &L, 0, mse_pos);
}

/* min |A X - B| with A[t, d] rows s_tau, B rows s_{tau+1}: X = W^T. */
static void solve_least_squares(const double *Sig, const double *C, const float *seq, int t, int d,
                                const void *ctx, double *W, double *work) {
    (void)Sig; (void)C; (void)ctx;
    memset(W, 0, (size_t)d * d * sizeof *W);
    if (t == 0) return;
    int rows = t > d ? t : d;
    double *A = work, *B = A + (size_t)t * d, *sv = B + (size_t)rows * d;
    memset(B, 0, (size_t)rows * d * sizeof *B);
    for (int tau = 0; tau < t; tau++)
        for (int j = 0; j < d; j++) {
            A[tau * d + j] = seq[tau * d + j];
            B[tau * d + j] = seq[(tau + 1) * d + j];
        }
    lapack_int rank;
    if (LAPACKE_dgelsd(LAPACK_ROW_MAJOR, t, d, d, A, d, B, d, sv, GD_LSQ_RCOND, &rank) != 0)
        die("LAPACKE_dgelsd failed on %d pairs in dimension %d", t, d);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) W[i * d + j] = B[j * d + i];
}

void gd_least_squares_mse(const float *s, int n, int T, int d, double *mse_pos) {
    int rows = T > d ? T : d;
    over_positions(s, n, T, d, solve_least_squares, NULL, (size_t)T * d + (size_t)rows * d + d, mse_pos);
}

static size_t pre_size(int d) { return (size_t)d * d + 3 * d; }

void gd_spectral_init(GdSpectral *g, const float *s, int n, int T, int d) {
    g->n = n; g->T = T; g->d = d;
    g->pre = xmalloc((size_t)n * T * pre_size(d) * sizeof *g->pre);
    #pragma omp parallel
    {
        double *Sig = xmalloc(3 * (size_t)d * d * sizeof *Sig);
        double *C = Sig + d * d, *V = C + d * d;
        #pragma omp for schedule(static)
        for (int k = 0; k < n; k++) {
            const float *seq = s + (size_t)k * (T + 1) * d;
            memset(Sig, 0, 2 * (size_t)d * d * sizeof *Sig);
            for (int t = 0; t < T; t++) {
                if (t > 0) add_pair(Sig, C, seq + (t - 1) * d, seq + t * d, d);
                double *pre = g->pre + ((size_t)k * T + t) * pre_size(d);
                double *CV = pre, *lam = pre + d * d, *y = lam + d, *target = y + d;
                memcpy(V, Sig, (size_t)d * d * sizeof *V);
                if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', d, V, d, lam) != 0)
                    die("LAPACKE_dsyev failed on a %dx%d Gram matrix", d, d);
                for (int i = 0; i < d; i++)          /* columns of V are eigenvectors */
                    for (int j = 0; j < d; j++) {
                        double acc = 0.0;
                        for (int m = 0; m < d; m++) acc += C[i * d + m] * V[m * d + j];
                        CV[i * d + j] = acc;
                    }
                for (int j = 0; j < d; j++) {
                    double acc = 0.0;
                    for (int m = 0; m < d; m++) acc += V[m * d + j] * seq[t * d + m];
                    y[j] = acc;
                    target[j] = seq[(t + 1) * d + j];
                }
            }
        }
        free(Sig);
    }
}

void gd_spectral_free(GdSpectral *g) {
    free(g->pre);
    g->pre = NULL;
}

double gd_spectral_mse(const GdSpectral *g, int L, const double *eta, int t0, int t1) {
    int n = g->n, T = g->T, d = g->d, nt = t1 - t0;
    double *err = xmalloc((size_t)n * nt * sizeof *err);
    #pragma omp parallel
    {
        double *z = xmalloc(d * sizeof *z);
        #pragma omp for schedule(static)
        for (int k = 0; k < n; k++)
            for (int t = t0; t < t1; t++) {
                const double *pre = g->pre + ((size_t)k * T + t) * pre_size(d);
                const double *CV = pre, *lam = pre + d * d, *y = lam + d, *target = y + d;
                double h = eta[t];
                for (int j = 0; j < d; j++) {        /* p(lambda) = eta sum_{k<L} (1 - eta lambda)^k */
                    double f = 1.0 - h * lam[j], pw = 1.0, sum = 0.0;
                    for (int s = 0; s < L; s++) { sum += pw; pw *= f; }
                    z[j] = h * sum * y[j];
                }
                double e2 = 0.0;
                for (int i = 0; i < d; i++) {
                    double p = 0.0;
                    for (int j = 0; j < d; j++) p += CV[i * d + j] * z[j];
                    e2 += (p - target[i]) * (p - target[i]);
                }
                err[(size_t)k * nt + (t - t0)] = isfinite(e2) ? e2 : INFINITY;
            }
        free(z);
    }
    double total = 0.0;
    for (size_t r = 0; r < (size_t)n * nt; r++) total += err[r];
    free(err);
    return total / ((double)n * nt * d);
}

double gd_search_log(double (*f)(double x, void *ctx), void *ctx, double lo, double hi,
                     double *fmin, const char *what) {
    const int per_decade = 5;
    double a0 = log10(lo);
    int npts = (int)lround((log10(hi) - a0) * per_decade) + 1, best = 0;
    double bestv = INFINITY;
    for (int i = 0; i < npts; i++) {
        double v = f(pow(10.0, a0 + (double)i / per_decade), ctx);
        if (v < bestv) { bestv = v; best = i; }
    }
    if (!isfinite(bestv)) die("%s: not finite for any step size in [%g, %g]", what, lo, hi);
    /* golden section on log10(x) in the two grid intervals around the best point */
    double a = a0 + (double)(best > 0 ? best - 1 : 0) / per_decade;
    double b = a0 + (double)(best < npts - 1 ? best + 1 : best) / per_decade;
    const double invphi = (sqrt(5.0) - 1.0) / 2.0;
    double c = b - invphi * (b - a), dd = a + invphi * (b - a);
    double fc = f(pow(10.0, c), ctx), fd = f(pow(10.0, dd), ctx);
    while (b - a > 1e-4) {                             /* x to 0.02 % */
        if (fc < fd) { b = dd; dd = c; fd = fc; c = b - invphi * (b - a); fc = f(pow(10.0, c), ctx); }
        else         { a = c; c = dd; fc = fd; dd = a + invphi * (b - a); fd = f(pow(10.0, dd), ctx); }
    }
    double x = fc < fd ? pow(10.0, c) : pow(10.0, dd);
    double v = fc < fd ? fc : fd;
    if (bestv < v) { x = pow(10.0, a0 + (double)best / per_decade); v = bestv; }
    *fmin = v;
    return x;
}
