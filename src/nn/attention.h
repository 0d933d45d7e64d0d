/* attention.h — causal self-attention, forward/backward pairs.
 *
 * Both layers read q, k, v from one packed row per token, qkv[T, 3E] = (q | k | v),
 * as produced by one linear_forward with a [3E, E] weight; backward passes accumulate
 * (+=) into dqkv[T, 3E]. The linear attention works on one sequence, the softmax
 * attention on SA_LANES sequences side by side: models call them inside an OpenMP loop
 * over sequences.
 *
 * Causal linear attention (Figure 5, no softmax):
 *     att_t = sum_{t' <= t} (q_t . k_t') / sqrt(E) * v_t'  =  S_t^T q_t / sqrt(E),
 *     S_t = sum_{t' <= t} k_t' v_t'^T   [E, E]  (running state, prefix sums: O(T E^2)).
 * Backward: dq_t = S_t datt_t / sqrt(E) (a forward sweep rebuilding S_t), and with
 *     G_t' = sum_{t >= t'} q_t datt_t^T / sqrt(E) (sweeps backwards in time):
 *     dk_t' = G_t' v_t', dv_t' = G_t'^T k_t'. Each of the four is one sweep of attention.c.
 *
 * Causal softmax attention with NH heads of width hd = E / NH (Figure 10), on SA_LANES
 * sequences at once, sequence s in lane s of every vector:
 *     a^h[t, u] = softmax_{u <= t} (q^h_t . k^h_u / sqrt(hd)),  att^h_t = sum_{u <= t} a^h[t,u] v^h_u,
 * head h using entries h*hd .. h*hd+hd-1 of q, k, v and of att (hd <= SA_HMAX). Its arrays
 * are lane-major: X[T, W, SA_LANES] holds entry (t, c) of sequence s at (t*W + c)*SA_LANES + s
 * (lanes_from_rows / rows_from_lanes convert from / to SA_LANES row-major [T, W] arrays),
 * so that every step is one vector operation over the sequences and nothing is summed
 * across lanes. The probabilities prob[NH, T(T+1)/2, SA_LANES] (row t of head h, keys
 * u <= t, at h*T(T+1)/2 + t(t+1)/2 + u) are kept for the backward pass. */
#ifndef ICAR_ATTENTION_H
#define ICAR_ATTENTION_H
#include "tensors.h"
#include <stddef.h>

/* The parameters of one attention sub-layer of Figures 5 and 10 (views into a flat
 * parameter or gradient array): q, k, v from one map, the output map, a LayerNorm. */
typedef struct {
    float *wqkv, *bqkv;          /* [3E, E] (Wq; Wk; Wv), [3E] */
    float *wo, *bo;              /* [E, E], [E] */
    float *lng, *lnb;            /* [E], [E] */
} AttnParams;
/* Its table entries (tensors.h) in this order, of layer `layer`, views into v (NULL:
 * none); returns the next free entry. */
Tensor *attn_tensors(Tensor *t, int layer, int E, AttnParams *v);

/* att[T,E] = causal linear attention of qkv[T,3E]. */
void linattn_forward(float *att, const float *qkv, int T, int E);
/* dqkv[T,3E] += gradient, given datt[T,E]; scratch[E*E] work space. */
void linattn_backward(float *dqkv, const float *datt, const float *qkv, int T, int E, float *scratch);

#define SA_LANES 16
#define SA_HMAX 16
size_t softattn_prob_size(int T, int NH);    /* floats of prob */
size_t softattn_scratch_size(int T);         /* floats of the backward's scratch */
/* att[T,E,SA_LANES], prob from qkv[T,3E,SA_LANES]. */
void softattn_forward(float *att, float *prob, const float *qkv, int T, int E, int NH);
/* dqkv[T,3E,SA_LANES] += gradient, given datt[T,E,SA_LANES]. */
void softattn_backward(float *dqkv, const float *datt, const float *qkv, const float *prob, int T, int E, int NH, float *scratch);
/* dst[n, SA_LANES] = src[nrows, n] transposed, lanes >= nrows zero (nrows <= SA_LANES);
 * and back: dst[nrows, n] = the first nrows lanes of src[n, SA_LANES]. */
void lanes_from_rows(float *dst, const float *src, int nrows, size_t n);
void rows_from_lanes(float *dst, const float *src, int nrows, size_t n);
#endif
