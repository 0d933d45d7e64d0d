/* gdbaseline.h — gradient descent on the inner loss, the baseline of Figures 5 and 10,
 * and its primitives: L steps with given step sizes, exact line search, the
 * least-squares limit, and the spectral form used to search step sizes.
 *
 * For one sequence s_1..s_{T+1} and every position t = 1..T (the model has seen
 * e_1..e_t, i.e. s_1..s_t), the inner loss is
 *     L_t(W) = 1/2 sum_{tau < t} |s_{tau+1} - W s_tau|^2,  grad = W Sigma_t - C_t,
 *     Sigma_t = sum_{tau<t} s_tau s_tau^T,  C_t = sum_{tau<t} s_{tau+1} s_tau^T,
 * and GD from W_0 = 0 with step eta gives W_L = eta C_t sum_{k<L} (I - eta Sigma_t)^k;
 * the prediction of s_{t+1} is W_L s_t (at t = 1 there is no pair: W_L = 0). Errors
 * are per entry: (W_L s_t - s_{t+1})_i^2, averaged over sequences and the d entries,
 * reported per position (index t-1), so that any set of positions can be averaged.
 *
 * The step-size search uses the same map in spectral form: Sigma_t = V diag(lambda) V^T
 * (LAPACKE_dsyev), W_L s_t = (C_t V) diag(p(lambda)) V^T s_t with
 * p(lambda) = eta sum_{k<L} (1 - eta lambda)^k, precomputed once per (sequence,
 * position) so that one evaluation costs O(d^2). */
#ifndef ICAR_GDBASELINE_H
#define ICAR_GDBASELINE_H

/* L GD steps on the sum loss with step eta[t-1] at position t, on s[n, T+1, d];
 * mse_pos[T] gets the MSE at each position (literal iteration, double precision). */
void gd_fixed_mse(const float *s, int n, int T, int d, int L, const double *eta, double *mse_pos);

/* L steps of steepest descent with exact line search from W_0 = 0 on the loss with
 * Gram matrix Sig[d,d] and cross term C[d,d]: at each step G = W Sig - C and
 * W <- W - (|G|^2 / tr(G Sig G^T)) G (the exact minimiser along -G); stops early
 * where G = 0. W[d,d] gets the result. */
void gd_line_search_W(const double *Sig, const double *C, int d, int L, double *W);
/* gd_line_search_W at every position of s[n, T+1, d]; mse_pos[T] as above. */
void gd_line_search_mse(const float *s, int n, int T, int d, int L, double *mse_pos);

/* The minimum-norm least-squares W of the pairs (s_tau, s_{tau+1}), tau < t, at every
 * position (LAPACKE_dgelsd, singular values below GD_LSQ_RCOND times the largest
 * taken as zero; on the 2^10 test sequences of seed 1 every cut-off from machine
 * precision to 1e-5 gives the same MSE to six digits): the limit of GD from W_0 = 0
 * with a convergent step. */
#define GD_LSQ_RCOND 1e-10
void gd_least_squares_mse(const float *s, int n, int T, int d, double *mse_pos);

typedef struct {
    int n, T, d;
    double *pre;   /* [n*T][d*d + 3d]: C V, lambda, V^T s_t, s_{t+1} */
} GdSpectral;

void gd_spectral_init(GdSpectral *g, const float *s, int n, int T, int d);
void gd_spectral_free(GdSpectral *g);
/* MSE over positions t0 < t <= t1 (1-based) of L steps with step eta[t-1] at position t. */
double gd_spectral_mse(const GdSpectral *g, int L, const double *eta, int t0, int t1);

/* The x in [lo, hi] minimising f: a log grid (5 points per decade), then golden-section
 * search on log(x) around the best grid point (to 0.02 %); *fmin gets f there. Dies
 * naming `what` if f is not finite anywhere on the grid. */
double gd_search_log(double (*f)(double x, void *ctx), void *ctx, double lo, double hi,
                     double *fmin, const char *what);
#endif
