/* arfit.h — per-window AR fit of Figure 4 (Sec. 6 of the paper).
 *
 * A window is T tokens s_1..s_T in R^d. Fit W by minimum-norm least squares on
 * s_1..s_{T-1} -> s_2..s_T, roll out s_1, W s_1, ..., W^{T-1} s_1 and return the mean
 * squared error over the T x d entries (the first term is 0).
 *
 * Gram route (the fast one): every vector involved lives in the span of the window, so
 * with X = [s_1..s_T] (d x T) and G = X^T X:
 *   S = X E, S' = X E' (E, E' pick columns 1..T-1 and 2..T),  W = S' S^+,
 *   W X c = X M c  with  M = E' (S^T S)^+ S^T X = E' pinv(G[0:T-1,0:T-1]) G[0:T-1,:],
 *   rollout coefficients c_1 = e_1, c_{k+1} = M c_k, error_k = (c_k - e_k)^T G (c_k - e_k).
 * pinv of the (T-1) x (T-1) Gram block through LAPACKE_dsyev; eigenvalues below
 * ARFIT_RCOND^2 * the largest count as zero, i.e. singular values of S below
 * ARFIT_RCOND * the largest, the same cut the direct route gives LAPACKE_dgelsd.
 *
 * Direct route (the check): solve S^T W^T = S'^T with LAPACKE_dgelsd for the explicit
 * d x d matrix W, then roll out with d x d matrix-vector products. */
#ifndef ICAR_ARFIT_H
#define ICAR_ARFIT_H

#define ARFIT_T 5          /* tokens per window (the paper's T) */
#define ARFIT_RCOND 1e-5   /* relative singular-value cut of the pseudo-inverse */

/* G: [T*T] row-major Gram matrix of the window; d the token dimension. */
double arfit_mse_gram(const double *G, int T, int d);
/* X: [T*d] row-major, token t at X + t*d. */
double arfit_mse_direct(const double *X, int T, int d);
/* G = X X^T for X [T*d] float rows (accumulated in double). */
void arfit_gram(const float *const *rows, int T, int d, double *G);

/* MSE of NW windows (OpenMP): window w has tokens table + tok[w*T + t] * d. mse: [nw]. */
void arfit_windows(const float *table, int d, const int *tok, long nw, int T, double *mse);
#endif
