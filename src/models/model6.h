/* model6.h — model (6) of the paper on real tokens, with the softmax and MLP variants of
 * Figure 9 (App. B).
 *
 * A sequence has T+1 tokens s_0..s_T in R^D (Figure 9: D = 2, the plane, i.e. one complex
 * coordinate of a unitary d = 1 context). For every query position i = 0..T-2 the model
 * reads the tokens j <= i+1 (the token to predict, s_{i+2}, stays masked) and outputs
 *
 *   score^h_{ij} = s_j . (A^h s_i)                           A^h, B^h in R^{D x D}, h = 1..H
 *   linear:  att^h_{ij} = P_{ij} score^h_{ij}
 *   softmax: att^h_{ij} = P_{ij} softmax_{j<=i+1}(score^h_{ij})
 *   z_i   = sum_h sum_{j<=i+1} att^h_{ij} B^h s_j            (model (6), tau = T-1)
 *   out_i = z_i                                              without MLP
 *   out_i = z_i + W2 relu(W1 z_i + b1) + b2                  with MLP (hidden M), after the
 *                                                            attention, with a residual
 *   loss  = mean over sequences and i of |out_i - s_{i+2}|^2
 *
 * P [T-1, T] is the learned positional encoding (row i, columns j <= i+1 used). The
 * softmax replaces the identity on the token scores only, so the linear and softmax
 * models share every parameter. With D = 2 and H = 2 the linear model can reach zero
 * loss (A^1 = B^1 = I, A^2 = B^2 = a quarter turn, P_{i,i+1} = 1: the complex product
 * conj(s_i) s_{i+1} s_{i+1} = s_{i+2} of Proposition 3); the softmax model cannot make
 * its weights depend linearly on the scores. */
#ifndef ICAR_MODEL6_H
#define ICAR_MODEL6_H
#include "rng.h"
#include <stddef.h>

typedef struct {
    int D;         /* token dimension */
    int T;         /* context tokens; sequences hold T+1 */
    int H;         /* heads */
    int softmax;   /* 1: softmax on the token scores */
    int mlp;       /* MLP hidden width, 0: no MLP */
} M6Config;

typedef struct {
    float *A, *B;    /* [H, D, D] */
    float *P;        /* [T-1, T] */
    float *w1, *b1;  /* [M, D], [M] */
    float *w2, *b2;  /* [D, M], [D] */
} M6Params;

typedef struct {
    M6Config c;
    size_t nparams;
    float *params, *grads;
    M6Params p, g;
    int maxB;
    /* work for train_chunks: per chunk gradients */
    float *cgrads;
    /* the batch being run (set by m6_batch) */
    const float *bx, *by;
    int B;
} Model6;

/* Sequences per parallel chunk. */
enum { M6_CHUNK = 64 };

size_t m6_num_params(const M6Config *c);
void m6_create(Model6 *m, const M6Config *c, int maxB);
void m6_free(Model6 *m);
/* A, B, P: scale * N(0,1); MLP: PyTorch's U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
void m6_init(Model6 *m, Rng *rng, float scale);

/* Rotation data: n sequences, theta ~ U(0, 2 pi), s_0 = (1, 0), s_{t+1} = R_theta s_t
 * (the unitary d = 1 context lambda = e^{i theta} as a real pair). x[n, T, 2] holds
 * s_0..s_{T-1}, y[n, T-1, 2] the targets s_2..s_T. */
void m6_rotation_data(float *x, float *y, int n, int T, Rng *rng);

/* Trainer interface (train.h): mean loss over B sequences x[B, T, D] against
 * y[B, T-1, D]; with backward, grads += its gradient. */
float m6_batch(void *model, const float *x, const float *y, int B, int backward);

/* One sequence (exposed for the tests): out[T-1, D] (and with MLP, the hidden layer
 * h1[T-1, M] and z[T-1, D] saved for backward). */
void m6_forward_seq(const Model6 *m, const float *s, float *z, float *h1, float *out);
/* grads g += gradient of sum_i dout_i . out_i for one sequence. */
void m6_backward_seq(const Model6 *m, M6Params *g, const float *s, const float *z,
                     const float *h1, const float *dout);
#endif
