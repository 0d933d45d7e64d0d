/* pe.h — the positional-encoding-only model of Sec. 5.3 (Figure 6, Proposition 7).
 *
 * d = 1, s_j = lambda^j for 0-based j = 0..T (T + 1 tokens), lambda = exp(i theta / mu),
 * theta ~ U(0, 2 pi). At position i = 0..T-2 the model predicts
 *   sum_{j <= i+1} P[i][j] conj(s_i) s_j s_j = sum_j P[i][j] lambda^(2j - i)
 * and is compared with s_{i+2} = lambda^(i+2); the loss is the mean of |error|^2 over
 * samples and positions. P : [T * T] row-major, entries with j > i + 1 unused (0).
 *
 * Expanding |.|^2 the empirical loss depends on the samples only through the moments
 *   c_k = mean_n Re lambda_n^(2k) = mean_n cos(2 k theta_n / mu),  k = 0..T,
 *   row i:  sum_{j,k} P_ij P_ik c_|j-k| - 2 sum_j P_ij c_|i+1-j| + 1,
 * so full-batch gradient descent on N samples costs O(T^3) per step, not O(N T^2).
 * Population (N -> infinity): c_k = mu / (4 pi k) sin(4 pi k / mu) (c_0 = 1), which is
 * Proposition 7's matrix H_{t,t'} = c_|t'-t| of the quadratic term of loss (7). */
#ifndef ICAR_PE_H
#define ICAR_PE_H
#include "rng.h"

/* c [T+1] from n sampled theta (stream RNG_TRAIN of seed). */
void pe_moments_sampled(double mu, int T, long n, uint64_t seed, double *c);
/* c [T+1] in closed form (Prop. 7). */
void pe_moments_exact(double mu, int T, double *c);
/* c [T+1] by the midpoint rule with n nodes on [0, 2 pi) (a deterministic "many samples"). */
void pe_moments_quadrature(double mu, int T, long n, double *c);
/* Loss and gradient gP [T*T] (may be NULL) of P from the moments c. */
double pe_loss(const double *c, int T, const double *P, double *gP);
/* The same loss computed sample by sample in complex arithmetic (for tests). */
double pe_loss_direct(const double *theta, long n, double mu, int T, const double *P);
/* Gradient descent from the given P until loss < tol or max_steps; returns the steps. */
long pe_train(const double *c, int T, double *P, double lr, long max_steps, double tol,
              double *loss);
/* Toeplitz matrix H [T*T], H_{t,t'} = c_|t-t'|. */
void pe_toeplitz(const double *c, int T, double *H);
/* Eigenvalues of the symmetric H [T*T] in descending order (LAPACKE_dsyev). */
void pe_eigs_desc(const double *H, int T, double *eig);
/* Cosine absolute positional encoding (Vaswani et al. 2017): pe [T*dm] with
 * pe[t][2k] = sin(t / 10000^(2k/dm)), pe[t][2k+1] = cos(t / 10000^(2k/dm)). */
void pe_cosine(int T, int dm, double *pe);
#endif
