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

/* Sum err[n*T] (row k = sequence) into the mean and the per-position means. */
static double reduce_errors(const double *err, int n, int T, int d, double *mse_pos) {
    double total = 0.0;
    for (int t = 0; t < T; t++) {
        double s = 0.0;
        for (int k = 0; k < n; k++) s += err[(size_t)k * T + t];
        if (mse_pos) mse_pos[t] = s / ((double)n * d);
        total += s;
    }
    return total / ((double)n * T * d);
}

double gd_mse(const float *s, int n, int T, int d, int L, double eta, double *mse_pos) {
    double *err = xmalloc((size_t)n * T * sizeof *err);
    #pragma omp parallel
    {
        double *Sig = xmalloc(4 * (size_t)d * d * sizeof *Sig);
        double *C = Sig + d * d, *W = C + d * d, *Wn = W + d * d;
        #pragma omp for schedule(static)
        for (int k = 0; k < n; k++) {
            const float *seq = s + (size_t)k * (T + 1) * d;
            memset(Sig, 0, 2 * (size_t)d * d * sizeof *Sig);
            for (int t = 0; t < T; t++) {                 /* predict seq[t+1] from seq[t] */
                if (t > 0) add_pair(Sig, C, seq + (t - 1) * d, seq + t * d, d);
                memset(W, 0, (size_t)d * d * sizeof *W);
                for (int step = 0; step < L; step++) {    /* W <- W - eta (W Sigma - C) */
                    for (int i = 0; i < d; i++)
                        for (int j = 0; j < d; j++) {
                            double g = -C[i * d + j];
                            for (int m = 0; m < d; m++) g += W[i * d + m] * Sig[m * d + j];
                            Wn[i * d + j] = W[i * d + j] - eta * g;
                        }
                    memcpy(W, Wn, (size_t)d * d * sizeof *W);
                }
                double e2 = 0.0;
                for (int i = 0; i < d; i++) {
                    double p = 0.0;
                    for (int j = 0; j < d; j++) p += W[i * d + j] * seq[t * d + j];
                    double e = p - seq[(t + 1) * d + i];
                    e2 += e * e;
                }
                err[(size_t)k * T + t] = e2;
            }
        }
        free(Sig);
    }
    double mse = reduce_errors(err, n, T, d, mse_pos);
    free(err);
    return mse;
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

double gd_spectral_mse(const GdSpectral *g, int L, double eta) {
    int n = g->n, T = g->T, d = g->d;
    double *err = xmalloc((size_t)n * T * sizeof *err);
    #pragma omp parallel
    {
        double *z = xmalloc(d * sizeof *z);
        #pragma omp for schedule(static)
        for (size_t r = 0; r < (size_t)n * T; r++) {
            const double *pre = g->pre + r * pre_size(d);
            const double *CV = pre, *lam = pre + d * d, *y = lam + d, *target = y + d;
            for (int j = 0; j < d; j++) {            /* p(lambda) = eta sum_{k<L} (1 - eta lambda)^k */
                double f = 1.0 - eta * lam[j], pw = 1.0, sum = 0.0;
                for (int k = 0; k < L; k++) { sum += pw; pw *= f; }
                z[j] = eta * sum * y[j];
            }
            double e2 = 0.0;
            for (int i = 0; i < d; i++) {
                double p = 0.0;
                for (int j = 0; j < d; j++) p += CV[i * d + j] * z[j];
                e2 += (p - target[i]) * (p - target[i]);
            }
            err[r] = isfinite(e2) ? e2 : INFINITY;
        }
        free(z);
    }
    double mse = reduce_errors(err, n, T, d, NULL);
    free(err);
    return mse;
}

double gd_search_step(const GdSpectral *g, int L, double *best_mse) {
    /* log grid */
    const int per_decade = 10, decades = 4;
    int npts = per_decade * decades + 1, best = 0;
    double bestv = INFINITY;
    for (int i = 0; i < npts; i++) {
        double v = gd_spectral_mse(g, L, pow(10.0, -4.0 + (double)i / per_decade));
        if (v < bestv) { bestv = v; best = i; }
    }
    if (!isfinite(bestv)) die("gradient descent diverged for every step size in [1e-4, 1] (L=%d)", L);
    /* golden section on log10(eta) in the neighbouring grid interval */
    double a = -4.0 + (double)(best > 0 ? best - 1 : 0) / per_decade;
    double b = -4.0 + (double)(best < npts - 1 ? best + 1 : best) / per_decade;
    const double invphi = (sqrt(5.0) - 1.0) / 2.0;
    double c = b - invphi * (b - a), dd = a + invphi * (b - a);
    double fc = gd_spectral_mse(g, L, pow(10.0, c)), fd = gd_spectral_mse(g, L, pow(10.0, dd));
    while (b - a > 1e-4) {                             /* eta to 0.02 % */
        if (fc < fd) { b = dd; dd = c; fd = fc; c = b - invphi * (b - a); fc = gd_spectral_mse(g, L, pow(10.0, c)); }
        else         { a = c; c = dd; fc = fd; dd = a + invphi * (b - a); fd = gd_spectral_mse(g, L, pow(10.0, dd)); }
    }
    double eta = fc < fd ? pow(10.0, c) : pow(10.0, dd);
    double v = fc < fd ? fc : fd;
    if (bestv < v) { eta = pow(10.0, -4.0 + (double)best / per_decade); v = bestv; }
    *best_mse = v;
    return eta;
}
