/* attention.h — causal self-attention of one sequence, forward/backward pairs.
 *
 * Both layers read q, k, v from one packed row per token, qkv[T, 3E] = (q | k | v),
 * as produced by one linear_forward with a [3E, E] weight; backward passes accumulate
 * (+=) into dqkv[T, 3E]. They work on a single sequence: models call them inside an
 * OpenMP loop over sequences.
 *
 * Causal linear attention (Figure 5, no softmax):
 *     att_t = sum_{t' <= t} (q_t . k_t') / sqrt(E) * v_t'  =  S_t^T q_t / sqrt(E),
 *     S_t = sum_{t' <= t} k_t' v_t'^T   [E, E]  (running state, prefix sums: O(T E^2)).
 * Backward: dq_t = S_t datt_t / sqrt(E) (a forward sweep rebuilding S_t), and with
 *     G_t' = sum_{t >= t'} q_t datt_t^T / sqrt(E) (sweeps backwards in time):
 *     dk_t' = G_t' v_t', dv_t' = G_t'^T k_t'. Each of the four is one sweep of attention.c.
 *
 * Causal softmax attention with NH heads of width hd = E / NH (Figure 10):
 *     a^h[t, t'] = softmax_{t' <= t} (q^h_t . k^h_t' / sqrt(hd)),  att^h_t = sum_t' a^h[t,t'] v^h_t',
 * head h uses entries h*hd .. h*hd+hd-1 of q, k, v and of att. The probabilities
 * prob[NH, T, T] (zero above the diagonal) are kept for the backward pass. */
#ifndef ICAR_ATTENTION_H
#define ICAR_ATTENTION_H

/* att[T,E] = causal linear attention of qkv[T,3E]. */
void linattn_forward(float *att, const float *qkv, int T, int E);
/* dqkv[T,3E] += gradient, given datt[T,E]; scratch[E*E] work space. */
void linattn_backward(float *dqkv, const float *datt, const float *qkv, int T, int E, float *scratch);

/* att[T,E], prob[NH,T,T] from qkv[T,3E]. */
void softattn_forward(float *att, float *prob, const float *qkv, int T, int E, int NH);
/* dqkv[T,3E] += gradient, given datt[T,E]; scratch[T] work space. */
void softattn_backward(float *dqkv, const float *datt, const float *qkv, const float *prob, int T, int E, int NH, float *scratch);
#endif
