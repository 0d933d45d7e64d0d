/* nn.h — neural-network layers as forward/backward pairs over flat float arrays
 * (float32, row-major, in the manner of llm.c's train_gpt2.c).
 *
 * Conventions shared by every layer of the project:
 *  - shapes are given in brackets, e.g. inp[N,C] is N rows of C floats;
 *  - every backward ACCUMULATES (+=) into its gradient buffers; the caller zeroes
 *    them once per step;
 *  - gradient pointers documented "may be NULL" are skipped when NULL. */
#ifndef ICAR_NN_H
#define ICAR_NN_H
#include "rng.h"
#include <stddef.h>

/* out[N,OC] = inp[N,C] @ w[OC,C]^T + b[OC]  (b may be NULL). OC <= 64 (C <= 256): a register-blocked
 * kernel of nn.c (the sums in input order); otherwise sgemm through CBLAS. The same for
 * dinp of linear_backward with C <= 64 (OC <= 256); dw is always sgemm. */
void linear_forward(float *out, const float *inp, const float *w, const float *b, int N, int C, int OC);
/* dinp[N,C] += dout @ w; dw[OC,C] += dout^T @ inp; db[OC] += sum_n dout. dinp/db may be NULL. */
void linear_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w, int N, int C, int OC);

/* db[OC] += sum over the N rows of dout[N, OC], each column summed in row order: the
 * bias gradient of linear_backward, for callers that make the product themselves. */
void bias_backward(float *db, const float *dout, int N, int OC);

/* LayerNorm over the last dim C, eps 1e-5, affine g,b [C]; mean,rstd [N] saved for backward. */
void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *g, const float *b, int N, int C);
/* dinp[N,C] += ..., dg[C] += ..., db[C] += ... (dg/db may be NULL). */
void layernorm_backward(float *dinp, float *dg, float *db, const float *dout, const float *inp, const float *g, const float *mean, const float *rstd, int N, int C);

/* out[n] = max(inp[n], 0); dinp[n] += dout[n] * (inp[n] > 0). */
void relu_forward(float *out, const float *inp, size_t n);
void relu_backward(float *dinp, const float *dout, const float *inp, size_t n);
/* The same from the ReLU's output, in place (out > 0 exactly where inp > 0), for a caller
 * that keeps only the output: d[n] = d[n] * (out[n] > 0), d the gradient of the output on
 * entry, of the input on return. Overwrites (one pass over d instead of a zeroed copy). */
void relu_backward_inplace(float *d, const float *out, size_t n);

void residual_forward(float *out, const float *a, const float *b, size_t n);   /* out = a + b */
void residual_backward(float *da, float *db, const float *dout, size_t n);      /* da += dout; db += dout */

/* Mean squared error over N rows, comparing the first D entries of pred rows (stride
 * pred_stride) with target rows (stride target_stride); returns sum/(N*D). */
float mse_forward(const float *pred, int pred_stride, const float *target, int target_stride, int N, int D);
/* dpred[n, 0..D) += 2 (pred - target) / (N*D); other entries untouched. */
void mse_backward(float *dpred, const float *pred, int pred_stride, const float *target, int target_stride, int N, int D);

/* The causal softmax over one query's scores s[0..n) (the keys t' <= t, n = t+1), in
 * place: p = exp(s - max s) / sum exp(s - max s), the sum in order, normalised by one
 * multiplication with its inverse. */
void softmax_forward(float *p, int n);
/* Its backward: ds[u] = p[u] (dp[u] - sum_u' p[u'] dp[u']), the gradient of the scores
 * from the gradient dp of the probabilities p (ds may be dp). */
void softmax_backward(float *ds, const float *dp, const float *p, int n);

/* w[n] ~ U(-bound, bound): PyTorch's default init of nn.Linear uses bound = 1/sqrt(fan_in)
 * for the weight and the bias. */
void uniform_init(float *w, size_t n, float bound, Rng *r);
#endif
