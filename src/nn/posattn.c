/* posattn.c — see posattn.h. */
#include "posattn.h"
#include "nn.h"

size_t posattn_work_floats(const PosAttn *pa) { return (size_t)(pa->R + 1) * pa->T; }

/* a[D] . b[D], summed in feature order. */
static float dot(const float *a, const float *b, int D) {
    float s = 0.0f;
    for (int e = 0; e < D; e++) s += a[e] * b[e];
    return s;
}

/* y[D] += c x[D] */
static void axpy(float *y, float c, const float *x, int D) {
    for (int e = 0; e < D; e++) y[e] += c * x[e];
}

/* The keys query i sees: j = 0 .. i + shift. */
static int keys_seen(const PosAttn *pa, int i) { return i + pa->shift + 1; }

void posattn_forward(const PosAttn *pa, float *z, const float *q, const float *k, const float *v,
                     const float *P, float *work) {
    int T = pa->T, D = pa->D;
    for (int i = 0; i < pa->R; i++) {
        int n = keys_seen(pa, i);
        float *w = work + (size_t)i * T;     /* [n]: the factor of P[i, j] */
        const float *qi = q + (size_t)i * D, *Pi = P + (size_t)i * T;
        for (int j = 0; j < n; j++) w[j] = dot(qi, k + (size_t)j * D, D);
        if (pa->softmax) softmax_forward(w, n);
        for (int j = 0; j < n; j++) axpy(z + (size_t)i * D, Pi[j] * w[j], v + (size_t)j * D, D);
    }
}

void posattn_backward(const PosAttn *pa, float *dq, float *dk, float *dv, float *dP, const float *dz,
                      const float *q, const float *k, const float *v, const float *P, float *work) {
    int R = pa->R, T = pa->T, D = pa->D;
    float *dw = work + (size_t)R * T;        /* [n]: d/d w[i, j], then d/d score[i, j] */
    for (int i = 0; i < R; i++) {
        int n = keys_seen(pa, i);
        const float *w = work + (size_t)i * T, *dzi = dz + (size_t)i * D, *Pi = P + (size_t)i * T;
        float *dPi = dP + (size_t)i * T;
        for (int j = 0; j < n; j++) {
            float da = dot(dzi, v + (size_t)j * D, D);   /* d/d a[i, j] */
            dPi[j] += da * w[j];
            dw[j] = da * Pi[j];
            axpy(dv + (size_t)j * D, Pi[j] * w[j], dzi, D);
        }
        if (pa->softmax) softmax_backward(dw, dw, w, n);
        for (int j = 0; j < n; j++) {
            axpy(dq + (size_t)i * D, dw[j], k + (size_t)j * D, D);
            if (dk) axpy(dk + (size_t)j * D, dw[j], q + (size_t)i * D, D);
        }
    }
}
