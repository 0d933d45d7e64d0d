/* gdbaseline.h — L steps of gradient descent on the inner loss, the baseline of
 * Figures 5 and 10.
 *
 * For one sequence s_1..s_{T+1} and every position t = 1..T (the model has seen
 * e_1..e_t, i.e. s_1..s_t), the inner loss is
 *     L_t(W) = 1/2 sum_{tau < t} |s_{tau+1} - W s_tau|^2,  grad = W Sigma_t - C_t,
 *     Sigma_t = sum_{tau<t} s_tau s_tau^T,  C_t = sum_{tau<t} s_{tau+1} s_tau^T,
 * and GD from W_0 = 0 with step eta gives W_L = eta C_t sum_{k<L} (I - eta Sigma_t)^k;
 * the prediction of s_{t+1} is W_L s_t (at t = 1 there is no pair: W_L = 0). The MSE
 * averages (W_L s_t - s_{t+1})_i^2 over sequences, the T positions and the d entries —
 * the same positions and entries as the Transformer's loss.
 *
 * gd_mse iterates the L steps literally (double precision). The step-size search
 * uses the same map in spectral form: Sigma_t = V diag(lambda) V^T (LAPACKE_dsyev),
 * W_L s_t = (C_t V) diag(p(lambda)) V^T s_t, p(lambda) = eta sum_{k<L} (1 - eta lambda)^k,
 * precomputed once per (sequence, position) so that one evaluation costs O(d^2). */
#ifndef ICAR_GDBASELINE_H
#define ICAR_GDBASELINE_H

/* MSE of L GD steps with step eta on s[n, T+1, d]; mse_pos[T] (may be NULL) gets the
 * MSE at each position t = 1..T (index t-1). */
double gd_mse(const float *s, int n, int T, int d, int L, double eta, double *mse_pos);

typedef struct {
    int n, T, d;
    double *pre;   /* [n*T][d*d + 3d]: C V, lambda, V^T s_t, s_{t+1} */
} GdSpectral;

void gd_spectral_init(GdSpectral *g, const float *s, int n, int T, int d);
void gd_spectral_free(GdSpectral *g);
double gd_spectral_mse(const GdSpectral *g, int L, double eta);
/* The step minimising gd_spectral_mse: a log grid over [1e-4, 1] (10 points per
 * decade), then golden-section search on log(eta) around the best grid point.
 * *best_mse gets the MSE at the returned step. */
double gd_search_step(const GdSpectral *g, int L, double *best_mse);
#endif
