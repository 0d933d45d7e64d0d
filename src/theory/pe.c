#include "pe.h"
#include "err.h"
#include <cblas.h>
#include <complex.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pe_moments_sampled(double mu, int T, long n, uint64_t seed, double *c) {
    Rng r;
    rng_init(&r, seed, RNG_TRAIN);
    for (int k = 0; k <= T; k++) c[k] = 0;
    for (long s = 0; s < n; s++) {
        double th = 2 * M_PI * rng_uniform(&r) / mu;
        for (int k = 0; k <= T; k++) c[k] += cos(2 * k * th);
    }
    for (int k = 0; k <= T; k++) c[k] /= n;
}

void pe_moments_exact(double mu, int T, double *c) {
    c[0] = 1;
    for (int k = 1; k <= T; k++) c[k] = mu / (4 * M_PI * k) * sin(4 * M_PI * k / mu);
}

void pe_moments_quadrature(double mu, int T, long n, double *c) {
    for (int k = 0; k <= T; k++) {
        double acc = 0;
        for (long s = 0; s < n; s++) acc += cos(2 * k * (2 * M_PI * (s + 0.5) / n) / mu);
        c[k] = acc / n;
    }
}

double pe_loss(const double *c, int T, const double *P, double *gP) {
    double loss = 0;
    if (gP) memset(gP, 0, sizeof(double) * T * T);
    for (int i = 0; i <= T - 2; i++) {
        const double *p = P + (size_t)i * T;
        int n = i + 2;   /* entries j = 0..i+1 */
        double row = 1;
        for (int j = 0; j < n; j++) {
            double Hp = 0;
            for (int k = 0; k < n; k++) Hp += c[abs(j - k)] * p[k];
            double b = c[abs(i + 1 - j)];
            row += p[j] * Hp - 2 * p[j] * b;
            if (gP) gP[(size_t)i * T + j] = 2 * (Hp - b) / (T - 1);
        }
        loss += row;
    }
    return loss / (T - 1);
}

double pe_loss_direct(const double *theta, long n, double mu, int T, const double *P) {
    double loss = 0;
    for (long s = 0; s < n; s++) {
        double complex lam = cexp(I * theta[s] / mu);
        for (int i = 0; i <= T - 2; i++) {
            double complex pred = 0, si = cpow(lam, i);
            for (int j = 0; j <= i + 1; j++) {
                double complex sj = cpow(lam, j);
                pred += P[(size_t)i * T + j] * conj(si) * sj * sj;
            }
            double complex e = pred - cpow(lam, i + 2);
            loss += creal(e) * creal(e) + cimag(e) * cimag(e);
        }
    }
    return loss / ((double)n * (T - 1));
}

long pe_train(const double *c, int T, double *P, double lr, long max_steps, double tol,
              double *loss) {
    double *g = xmalloc(sizeof(double) * T * T);
    long step = 0;
    double l;
    for (;; step++) {
        l = pe_loss(c, T, P, g);
        check_finite(l, "positional-encoding loss during gradient descent (lower --lr)");
        if (l < tol || step == max_steps) break;
        for (int k = 0; k < T * T; k++) P[k] -= lr * g[k];
    }
    *loss = l;
    free(g);
    return step;
}

void pe_toeplitz(const double *c, int T, double *H) {
    for (int t = 0; t < T; t++)
        for (int u = 0; u < T; u++) H[t * T + u] = c[abs(t - u)];
}

void pe_eigs_desc(const double *H, int T, double *eig) {
    double *a = xmalloc(sizeof(double) * T * T), *w = xmalloc(sizeof(double) * T);
    memcpy(a, H, sizeof(double) * T * T);
    /* one BLAS thread: the result is then the same whatever OMP_NUM_THREADS is */
    int nt = openblas_get_num_threads();
    openblas_set_num_threads(1);
    int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'N', 'U', T, a, T, w);
    openblas_set_num_threads(nt);
    if (info != 0) die("LAPACKE_dsyev failed (info %d)", info);
    for (int k = 0; k < T; k++) eig[k] = w[T - 1 - k];   /* dsyev: ascending */
    free(a);
    free(w);
}

void pe_cosine(int T, int dm, double *pe) {
    for (int t = 0; t < T; t++)
        for (int k = 0; 2 * k < dm; k++) {
            double f = t / pow(10000.0, 2.0 * k / dm);
            pe[t * dm + 2 * k] = sin(f);
            if (2 * k + 1 < dm) pe[t * dm + 2 * k + 1] = cos(f);
        }
}
