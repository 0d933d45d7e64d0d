/* theory.h — the population losses of Sections 4 and 5, in double precision.
 *
 * Notation (paper, Sec. 5): d token dimension, H heads, Tmax context length.
 * Model (6) under Assumptions 1 and 3 (diagonal heads) has parameters
 *   A, B : [H * d] row-major (row h = diagonal of A^h, B^h), C = B^T A : [d * d],
 *   P    : [Tmax * Tmax] row-major.
 * The loss (3) sums over context lengths T' = 2..Tmax; length T' uses row T'-1
 * (1-based), entries 1..T' of P, i.e. 0-based row T'-2, columns 0..T'-1:
 *   p = (P[T'-2][0], ..., P[T'-2][T'-1]),  r = p_{T'-1} = P[T'-2][T'-2] (diagonal),
 *   p_{T'} = P[T'-2][T'-1] (first super-diagonal).
 *
 * Contexts (Assumption 1): unitary = d independent uniform phases lambda_i; orthogonal
 * = d = 2 delta, eigenvalues in conjugate pairs (lambda_k, conj lambda_k) at 0-based
 * positions (2k, 2k+1). Tokens s_t = lambda^(t-1) (s_1 = 1_d).
 *
 * Closed forms, all of the shape  sum_T' [k1 t1 + k2 t2 + k3 t3 + k4 t4 - 2 p_T' Tr C + d]
 * with t1 = S(C^T C) (sum of all entries), t2 = |C|_F^2,
 * t3 = sum_i rowsum(C)_i C_{i,i^1}, t4 = sum_i C_{i,i^1}^2 (i^1 = partner of i in its pair):
 *   THEORY_UNITARY_PRINTED  Prop. 4 as printed:  |p|^2 t2 + r^2 t1
 *   THEORY_UNITARY          derived here:        |p|^2 t2 + r^2 (t1 - t2)
 *                           (Prop. 4's proof counts the j = k terms with t = t' = T'-1 twice)
 *   THEORY_ORTHOGONAL       the authors' published code (their Figure 3 script), verified here:
 *        r^2 t1 + (|p|^2 - r^2) t2 + 2 (r s - r^2) t3 + ((s - r)^2 - |q|^2) t4
 *        with s = sum p, q = p without p_{T'-1}.
 * Every formula is checked against the Monte-Carlo estimate theory_loss_mc() of
 * loss (3) with model (6) computed head by head in complex arithmetic. */
#ifndef ICAR_THEORY_H
#define ICAR_THEORY_H
#include "rng.h"
#include <complex.h>

typedef enum { THEORY_UNITARY, THEORY_UNITARY_PRINTED, THEORY_ORTHOGONAL } TheoryForm;

/* Closed-form loss (3) as a function of C [d*d] and P [Tmax*Tmax]. gC [d*d] and
 * gP [Tmax*Tmax] (entries that the loss does not use get 0) may be NULL. */
double theory_loss_C(TheoryForm form, const double *C, int d, const double *P, int Tmax,
                     double *gC, double *gP);
/* The same through C = B^T A; gA, gB [H*d], gP may be NULL. */
double theory_loss(TheoryForm form, const double *A, const double *B, int H, int d,
                   const double *P, int Tmax, double *gA, double *gB, double *gP);
/* C = B^T A. */
void theory_C(const double *A, const double *B, int H, int d, double *C);

/* Model (6), computed directly: for the sequence s_t = lambda^(t-1), t = 1..T,
 * out = sum_h sum_t P[T-2][t-1] <s_t | A^h s_{T-1}> B^h s_t  (Hermitian product
 * <x|y> = sum_j x_j conj(y_j)). out [d]. */
void model6_forward(const double *A, const double *B, int H, int d, const double *P,
                    int Pstride, int T, const double complex *lambda, double complex *out);
/* Lemma 2: out = sum_t P[T-2][t-1] (C lambda^(t-T+1)) .* lambda^(t-1). */
void lemma2_forward(const double *C, int d, const double *P, int Pstride, int T,
                    const double complex *lambda, double complex *out);

/* Random context: unitary (d phases) or orthogonal (conjugate pairs; d even). */
void theory_context(Rng *r, int orthogonal, int d, double complex *lambda);

/* Monte-Carlo estimate of loss (3) with model (6) over n random contexts:
 * returns the mean, *se its standard error. Deterministic for a seed (contexts are
 * drawn serially; the per-context losses are summed in order). */
double theory_loss_mc(int orthogonal, const double *A, const double *B, int H, int d,
                      const double *P, int Tmax, long n, uint64_t seed, double *se);

/* ---- Section 4: augmented tokens e_t = (0, s_t, s_{t-1}) in C^(3d) ---- */

/* Layer (4): out = (e_T + sum_{t=1..T} <A e_T | e_t> B e_t)_{1:d}, A, B [3d*3d] real,
 * e [T * 3d] complex tokens (row t-1 = e_t). out [d]. */
void theory_aug_layer(const double *A, const double *B, int d, const double complex *e,
                       int T, double complex *out);
/* Augmented tokens of s_1..s_T (s [T*d]) with s_0 given (s0 [d], NULL = zero). */
void theory_aug_tokens(const double complex *s, const double complex *s0, int d, int T,
                double complex *e);
/* One gradient step on the inner loss (5) from W_0 = 0 with step eta:
 * W_1 = eta sum_{t=1..T-1} s_{t+1} s_t^*, and pred = W_1 s_T. W1 [d*d] may be NULL. */
void theory_gd_step(const double complex *s, int d, int T, double eta, double complex *W1,
                     double complex *pred);

/* Assumption 2: theta = (a1, a2, a3, a4, b1, b2), unitary contexts, layer (4).
 * The exact population loss (3), sum over T' = 2..Tmax, is a quadratic form in the 8
 * products c_kl = a_k b_l; it is computed exactly from the Fourier coefficients of
 * the output (E lambda^k = [k = 0]). s0_zero: s_0 = 0 (tokens as in Fig. 5) instead
 * of the paper's s_0 = lambda^(-1) (the convention of Lemma 4's sums over t = 1..T). */
typedef struct {
    int d, Tmax, s0_zero;
    double M[8][8], g[8], K;   /* loss(c) = c^T M c - 2 g^T c + K */
} TheoryAug2;
void theory_aug2_init(TheoryAug2 *L, int d, int Tmax, int s0_zero);
/* loss at theta [6]; grad [6] may be NULL. */
double theory_aug2_loss(const TheoryAug2 *L, const double *theta, double *grad);
/* A, B [3d*3d] of Assumption 2 for theta. */
void theory_aug2_matrices(const double *theta, int d, double *A, double *B);
/* eta* = sum_T T / sum_T (T^2 + (d-1) T), T = 2..Tmax (Prop. 2). With s0_zero the
 * same with T - 1 pairs per context: sum (T-1) / sum ((T-1)^2 + (d-1)(T-1)). */
double prop2_eta(int d, long Tmax, int s0_zero);

/* Plain gradient descent on theory_loss over (A, B, P) until the loss is below tol or
 * max_steps. Returns the steps taken; *loss the final loss. trace(step, loss) is called
 * every trace_every steps (may be NULL). */
long theory_train(TheoryForm form, double *A, double *B, int H, int d, double *P, int Tmax,
                  double lr, long max_steps, double tol, double *loss, long trace_every,
                  void (*trace)(void *ctx, long step, double loss), void *ctx);
#endif
