/* adam.h — the Adam optimiser exactly as PyTorch's torch.optim.Adam (no weight decay,
 * no amsgrad): m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2;
 * p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). */
#ifndef ICAR_ADAM_H
#define ICAR_ADAM_H
#include <stddef.h>

typedef struct { float lr, beta1, beta2, eps; long t; size_t n; float *m, *v; } Adam;
void adam_init(Adam *a, size_t n, float lr);      /* betas 0.9/0.999, eps 1e-8 (PyTorch defaults) */
void adam_step(Adam *a, float *params, const float *grads);   /* PyTorch Adam, no weight decay */
void adam_free(Adam *a);
#endif
