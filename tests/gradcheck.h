/* gradcheck.h — finite-difference checks of analytic gradients (header-only).
 *
 * Usage: write a loss function `double f(void *ctx)` that runs the forward pass at the
 * current values of the parameters and returns a scalar (accumulate it in double);
 * run the backward pass once to get the analytic gradient `grad`; then
 *     double err = gradcheck(x, grad, n, f, ctx, 2e-2f, 200);
 * perturbs x[i] by +-h (in place, restored afterwards) for up to max_checks indices
 * spread evenly over 0..n-1 and returns the largest relative error
 *     |g_i - fd_i| / max(|g_i|, |fd_i|, floor),   floor = 1e-3 * max_j |g_j| + 1e-7,
 * where fd_i = (f(x + h e_i) - f(x - h e_i)) / (actual step). The floor keeps entries
 * whose gradient is ~0 relative to the largest one from dividing noise by noise.
 * With float32 layers use h ~ 1e-2 (smaller steps let rounding noise dominate);
 * relative errors of 1e-4..1e-2 are then the norm; a wrong
 * gradient gives errors of order 1.
 *
 * gc_probe(out, r, n): the scalar sum_i out[i] * r[i] (in double), the usual loss for
 * checking one layer: its gradient with respect to out is r. */
#ifndef ICAR_GRADCHECK_H
#define ICAR_GRADCHECK_H
#include <math.h>
#include <stddef.h>

typedef double (*GcLossFn)(void *ctx);

static inline double gc_probe(const float *out, const float *r, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++) s += (double)out[i] * r[i];
    return s;
}

static inline double gradcheck(float *x, const float *grad, size_t n, GcLossFn f, void *ctx,
                               float h, size_t max_checks) {
    double gmax = 0.0;
    for (size_t i = 0; i < n; i++) if (fabs(grad[i]) > gmax) gmax = fabs(grad[i]);
    double floor = 1e-3 * gmax + 1e-7, worst = 0.0;
    size_t checks = n < max_checks ? n : max_checks;
    for (size_t k = 0; k < checks; k++) {
        size_t i = checks == n ? k : (size_t)((double)k * n / checks);
        float x0 = x[i];
        float xp = x0 + h, xm = x0 - h;
        x[i] = xp;
        double fp = f(ctx);
        x[i] = xm;
        double fm = f(ctx);
        x[i] = x0;
        double fd = (fp - fm) / ((double)xp - (double)xm);
        double den = fmax(fmax(fabs(grad[i]), fabs(fd)), floor);
        double e = fabs(grad[i] - fd) / den;
        if (e > worst || isnan(e)) worst = isnan(e) ? INFINITY : e;
    }
    return worst;
}
#endif
