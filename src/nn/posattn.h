/* posattn.h — attention over the tokens of one sequence with a learned weight on every
 * (query, key) pair, the attention of one head of model (6) (model6.h): a
 * forward/backward pair (nn.h's conventions, but for z, which the forward accumulates).
 *
 *   score[i,j] = q_i . k_j
 *   a[i,j]     = P[i,j] score[i,j]                                linear
 *   a[i,j]     = P[i,j] softmax_{j' <= i+shift}(score[i,j'])_j    softmax
 *   z_i       += sum_{j <= i+shift} a[i,j] v_j                    i = 0..R-1
 *
 * Query i sees the keys j <= i + shift; shift >= 0 and R - 1 + shift <= T - 1, so that
 * every key a query sees exists. Entries of P right of i + shift are not read, and their
 * gradient is left as it was. The forward adds to z, so that heads sum into one output.
 *
 * The work space is [R+1, T] floats: row i < R keeps the factor of P[i,j] of query i
 * (softmax: the probabilities, linear: the scores) from the forward for the backward;
 * row R is the backward's scratch. */
#ifndef ICAR_POSATTN_H
#define ICAR_POSATTN_H
#include <stddef.h>

typedef struct {
    int R;         /* queries */
    int T;         /* keys (and values) */
    int D;         /* features of a query, key and value */
    int shift;     /* query i sees the keys j <= i + shift */
    int softmax;   /* 1: softmax over the scores of each query */
} PosAttn;

/* Floats of the work space of one forward/backward pair. */
size_t posattn_work_floats(const PosAttn *pa);

/* z[R,D] += the attention of q[R,D] over k[T,D], v[T,D] weighted by P[R,T]; work >=
 * posattn_work_floats keeps what the backward reads. */
void posattn_forward(const PosAttn *pa, float *z, const float *q, const float *k, const float *v,
                     const float *P, float *work);
/* From dz[R,D]: dq[R,D] += ..., dk[T,D] += ... (may be NULL), dv[T,D] += ...,
 * dP[R,T] += ... (the entries the forward read); q, k, v, P and work as the forward
 * left them. */
void posattn_backward(const PosAttn *pa, float *dq, float *dk, float *dv, float *dP, const float *dz,
                      const float *q, const float *k, const float *v, const float *P, float *work);
#endif
