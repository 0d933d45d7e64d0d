/* possoftmax.c — see possoftmax.h. */
#include "possoftmax.h"
#include "nn.h"
#include <math.h>
#include <stddef.h>

void possoftmax_forward(float *pi, const float *qp, const float *kp, int ld, int T, int E) {
    float scale = 1.0f / sqrtf((float)E);
    for (int t = 0; t < T; t++) {
        float *row = pi + (size_t)t * T;
        const float *q = qp + (size_t)t * ld;
        for (int u = 0; u <= t; u++) {
            const float *k = kp + (size_t)u * ld;
            float s = 0.0f;
            for (int e = 0; e < E; e++) s += q[e] * k[e];
            row[u] = s * scale;
        }
        softmax_forward(row, t + 1);
        for (int u = t + 1; u < T; u++) row[u] = 0.0f;
    }
}

void possoftmax_backward(float *dqp, float *dkp, int ldd, const float *dpi, const float *pi,
                         const float *qp, const float *kp, int ld, int T, int E) {
    float scale = 1.0f / sqrtf((float)E), dsm[T];
    for (int t = 0; t < T; t++) {
        softmax_backward(dsm, dpi + (size_t)t * T, pi + (size_t)t * T, t + 1);
        const float *q = qp + (size_t)t * ld;
        float *dq = dqp + (size_t)t * ldd;
        for (int u = 0; u <= t; u++) {
            float ds = dsm[u] * scale;                 /* d loss / d (q.k) */
            const float *k = kp + (size_t)u * ld;
            float *dk = dkp + (size_t)u * ldd;
            for (int e = 0; e < E; e++) { dq[e] += ds * k[e]; dk[e] += ds * q[e]; }
        }
    }
}
