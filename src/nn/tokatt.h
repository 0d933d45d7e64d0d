/* tokatt.h — causal token attention weighted by a fixed matrix, the attention of one head
 * of the heads model of Figures 7 and 8, on TOKATT_LANES sequences at once: a
 * forward/backward pair (nn.h's conventions, but for what is said below).
 *
 *   y_t = sum_{u <= t} (q_t . k_u / sqrt(E)) pi[t,u] v_u      t = 0..T-1, in every lane
 *
 * No softmax on the token scores; pi[T,T] (zero above the diagonal, the same for every
 * sequence) is the positional softmax of possoftmax.h in the model, any lower-triangular
 * matrix here.
 *
 * Layout: feature-major with the sequences in the lanes: entry (feature e, time t, lane l)
 * of q is q[e*fs + t*TOKATT_LANES + l], that is q[E, T, TOKATT_LANES] with feature stride
 * fs >= T*TOKATT_LANES (one head's rows of a wider array); likewise k, v, y and their
 * gradients. Every operation fills whole vectors of the lanes. */
#ifndef ICAR_TOKATT_H
#define ICAR_TOKATT_H
#include <stddef.h>

/* Sequences side by side: one v16 of simd.h (checked in tokatt.c). */
enum { TOKATT_LANES = 16 };

/* Floats of the work space both passes need: two [T, T, TOKATT_LANES] arrays. */
size_t tokatt_work_floats(int T);

/* y[E, T, LANES] (written) from q, k, v [E, T, LANES] and pi[T,T]; work >= tokatt_work_floats(T). */
void tokatt_forward(float *y, const float *q, const float *k, const float *v, size_t fs,
                    const float *pi, int T, int E, float *work);
/* From dy[E, T, LANES]: dq, dk, dv [E, T, LANES] are WRITTEN (not accumulated);
 * dpi[T,T] += the gradient of pi, summed over the lanes. */
void tokatt_backward(float *dq, float *dk, float *dv, float *dpi, const float *dy,
                     const float *q, const float *k, const float *v, size_t fs,
                     const float *pi, int T, int E, float *work);
#endif
