/* possoftmax.h — the positional softmax of the heads model of Figures 7 and 8 (one
 * head), a forward/backward pair (nn.h's conventions).
 *
 *   pi[t,u] = softmax_{u <= t} (qp_t . kp_u / sqrt(E)),   pi[t,u] = 0 for u > t
 *
 * qp, kp: the queries and keys of the position vectors, [T, E] rows at stride ld (one
 * head's columns of a wider array). pi does not depend on the sequence: a model computes
 * it once per batch and sums its gradient dpi over the batch before the backward. */
#ifndef ICAR_POSSOFTMAX_H
#define ICAR_POSSOFTMAX_H

/* pi[T,T] from qp, kp [T, E] (row stride ld). */
void possoftmax_forward(float *pi, const float *qp, const float *kp, int ld, int T, int E);
/* dqp, dkp [T, E] (row stride ldd) += the gradient through the softmax of dpi[T,T];
 * pi, qp, kp as the forward left and read them. */
void possoftmax_backward(float *dqp, float *dkp, int ldd, const float *dpi, const float *pi,
                         const float *qp, const float *kp, int ld, int T, int E);
#endif
