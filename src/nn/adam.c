#include "adam.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>

void adam_init(Adam *a, size_t n, float lr) {
    a->lr = lr;
    a->beta1 = 0.9f;
    a->beta2 = 0.999f;
    a->eps = 1e-8f;
    a->t = 0;
    a->n = n;
    a->m = xcalloc(n, sizeof(float));
    a->v = xcalloc(n, sizeof(float));
}

void adam_step(Adam *a, float *params, const float *grads) {
    a->t++;
    /* Bias corrections in double as PyTorch computes them on the host. */
    double bc1 = 1.0 - pow(a->beta1, (double)a->t);
    double bc2 = 1.0 - pow(a->beta2, (double)a->t);
    float step_size = (float)(a->lr / bc1);
    float bc2_sqrt = (float)sqrt(bc2);
    for (size_t i = 0; i < a->n; i++) {
        float g = grads[i];
        a->m[i] = a->beta1 * a->m[i] + (1.0f - a->beta1) * g;
        a->v[i] = a->beta2 * a->v[i] + (1.0f - a->beta2) * g * g;
        float denom = sqrtf(a->v[i]) / bc2_sqrt + a->eps;
        params[i] -= step_size * a->m[i] / denom;
    }
}

void adam_free(Adam *a) {
    free(a->m);
    free(a->v);
    a->m = a->v = NULL;
}
