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
 * Each head is the attention layer of posattn.h with queries q_i = A^h s_i, keys k_j = s_j,
 * values v_j = B^h s_j and shift 1, the heads summing into z.
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
#include "tensors.h"
#include "train.h"
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

/* One chunk's arrays for the sequence it is running (R = T-1 rows): */
typedef struct {
    float *q, *v, *att;          /* [H, R, D] queries, [H, T, D] values and [H, W] the
                                    attention's work space (W = posattn_work_floats) of
                                    every head, from the forward for the backward */
    float *dq, *dv;              /* [R, D], [T, D] one head's gradients of q and v */
    float *z, *h1, *r, *out;     /* [R, D] attention output, [R, M] MLP pre-activation and
                                    ReLU of it, [R, D] output */
    float *dout, *dz, *dr, *dh;  /* [R, D], [R, D], [R, M], [R, M] their gradients */
} M6Work;

typedef struct {
    ChunkRun run;                /* run.t: the model as the trainer sees it (params and grads
                                    laid out as m6_tensors says); run.acts: one block holding
                                    the per-chunk gradients and every work[] */
    M6Config c;
    M6Params p;                  /* views of run.t.params */
    M6Work *work;                /* [nchunks] */
} Model6;

/* Sequences per parallel chunk. */
enum { M6_CHUNK = 64 };

/* The parameter tensors in memory order (A, B, P, then with an MLP its w1, b1, w2, b2)
 * with their initialisation (A, B, P: scale * N(0,1); MLP: PyTorch's
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in))), into t[M6_NTENSORS]; views into v (NULL: none).
 * Returns the count. */
enum { M6_NTENSORS = 7 };
int m6_tensors(const M6Config *c, float scale, M6Params *v, Tensor *t);
size_t m6_num_params(const M6Config *c);
/* The model, its parameters zero (m6_init draws them); m->run.t its Trainable (batch:
 * the mean loss over B <= maxB sequences x[B, T, D] against y[B, T-1, D], with backward
 * != 0 also grads += its gradient; free: m6_free). */
void m6_create(Model6 *m, const M6Config *c, int maxB);
void m6_free(void *m);   /* m: Model6 */
/* Draws the parameters as m6_tensors says. */
void m6_init(Model6 *m, Rng *rng, float scale);

/* Rotation data: n sequences, theta ~ U(0, 2 pi), s_0 = (1, 0), s_{t+1} = R_theta s_t
 * (the unitary d = 1 context lambda = e^{i theta} as a real pair). x[n, T, 2] holds
 * s_0..s_{T-1}, y[n, T-1, 2] the targets s_2..s_T. */
void m6_rotation_data(float *x, float *y, int n, int T, Rng *rng);

/* One sequence s[T, D] (exposed for the tests): w->out[T-1, D], with w->z and (with MLP)
 * w->h1, w->r saved for backward. */
void m6_forward_seq(const Model6 *m, const float *s, M6Work *w);
/* grads g += gradient of sum_i dout_i . out_i for the sequence s that w was just run
 * forward on, dout in w->dout. */
void m6_backward_seq(const Model6 *m, M6Params *g, const float *s, M6Work *w);
#endif
