#include "arfit.h"
#include "err.h"
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { TMAX = 16 };

void arfit_gram(const float *const *rows, int T, int d, double *G) {
    for (int i = 0; i < T; i++)
        for (int j = 0; j <= i; j++) {
            const float *a = rows[i], *b = rows[j];
            double s = 0;
            for (int k = 0; k < d; k++) s += (double)a[k] * b[k];
            G[i * T + j] = G[j * T + i] = s;
        }
}

double arfit_mse_gram(const double *G, int T, int d) {
    if (T < 2 || T > TMAX) die("internal: window length %d outside [2, %d]", T, TMAX);
    int n = T - 1;
    double A[TMAX * TMAX], w[TMAX], P[TMAX * TMAX], M[TMAX * TMAX];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) A[i * n + j] = G[i * T + j];
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', n, A, n, w) != 0)
        die("internal: LAPACKE_dsyev failed on a window's Gram matrix");
    double tol = ARFIT_RCOND * ARFIT_RCOND * w[n - 1];
    /* P = pinv(G_n) = sum_k u_k u_k^T / w_k over the kept eigenvalues (columns of A). */
    memset(P, 0, sizeof P);
    for (int k = 0; k < n; k++) {
        if (!(w[k] > tol)) continue;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) P[i * n + j] += A[i * n + k] * A[j * n + k] / w[k];
    }
    /* M: row 0 zero; row r (1..T-1) = row r-1 of P G[0:n, :]. */
    memset(M, 0, sizeof M);
    for (int r = 1; r < T; r++)
        for (int c = 0; c < T; c++) {
            double s = 0;
            for (int k = 0; k < n; k++) s += P[(r - 1) * n + k] * G[k * T + c];
            M[r * T + c] = s;
        }
    double c[TMAX] = {1}, next[TMAX], err = 0;
    for (int step = 1; step < T; step++) {
        for (int i = 0; i < T; i++) {
            double s = 0;
            for (int j = 0; j < T; j++) s += M[i * T + j] * c[j];
            next[i] = s;
        }
        memcpy(c, next, T * sizeof *c);
        double diff[TMAX];
        for (int i = 0; i < T; i++) diff[i] = c[i] - (i == step);
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) err += diff[i] * G[i * T + j] * diff[j];
    }
    return (err > 0 ? err : 0) / ((double)T * d);
}

double arfit_mse_direct(const double *X, int T, int d) {
    int m = T - 1;
    double *a = xmalloc((size_t)m * d * sizeof *a);
    double *b = xcalloc((size_t)d * d, sizeof *b);   /* in: S'^T padded; out: W^T (d x d) */
    double *s = xmalloc((size_t)m * sizeof *s);
    memcpy(a, X, (size_t)m * d * sizeof *a);
    memcpy(b, X + d, (size_t)m * d * sizeof *b);
    lapack_int rank;
    if (LAPACKE_dgelsd(LAPACK_ROW_MAJOR, m, d, d, a, d, b, d, s, ARFIT_RCOND, &rank) != 0)
        die("internal: LAPACKE_dgelsd failed");
    double *v = xmalloc(d * sizeof *v), *nv = xmalloc(d * sizeof *nv), err = 0;
    memcpy(v, X, d * sizeof *v);
    for (int step = 1; step < T; step++) {
        /* v <- W v = (W^T)^T v */
        cblas_dgemv(CblasRowMajor, CblasTrans, d, d, 1.0, b, d, v, 1, 0.0, nv, 1);
        memcpy(v, nv, d * sizeof *v);
        for (int j = 0; j < d; j++) {
            double e = v[j] - X[step * d + j];
            err += e * e;
        }
    }
    free(a); free(b); free(s); free(v); free(nv);
    return err / ((double)T * d);
}

void arfit_windows(const float *table, int d, const int *tok, long nw, int T, double *mse) {
    if (T < 2 || T > TMAX) die("internal: window length %d outside [2, %d]", T, TMAX);
    /* The windows are the parallel loop; a threaded BLAS inside LAPACKE would change the
     * rounding with the number of threads (and the CSV with it). */
    int blas_threads = openblas_get_num_threads();
    openblas_set_num_threads(1);
    #pragma omp parallel for schedule(static)
    for (long w = 0; w < nw; w++) {
        const float *rows[TMAX];
        double G[TMAX * TMAX];
        for (int t = 0; t < T; t++) rows[t] = table + (size_t)tok[w * T + t] * d;
        arfit_gram(rows, T, d, G);
        mse[w] = arfit_mse_gram(G, T, d);
    }
    openblas_set_num_threads(blas_threads);
}
