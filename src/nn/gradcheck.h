/* gradcheck.h — finite-difference checks of analytic gradients (header-only).
 *
 * Usage: write a loss function `double f(void *ctx)` that runs the forward pass at the
 * current values of the parameters and returns a scalar (accumulate it in double);
 * run the backward pass once to get the analytic gradient `grad`; then
 *     double err = gradcheck(x, grad, n, f, ctx, 2e-2f, 200);
 * perturbs x[i] by +-h and +-h/2 (in place, restored afterwards) for up to max_checks
 * indices spread evenly over 0..n-1 and returns the relative error of the gradient
 * array as a whole,
 *     |g - fd|_2 / max(|g|_2, |fd|_2)   over the checked entries,
 * where fd_i is the Richardson extrapolation (4 D(h/2) - D(h)) / 3 of the central
 * differences D(h) = (f(x + h e_i) - f(x - h e_i)) / (actual step), accurate to O(h^4),
 * so that a step large enough to keep float32 rounding noise small (h ~ 2e-2) is
 * still accurate. Check each gradient array (each weight, bias, input) on its own, so
 * that an error in a small one is not hidden by a large one. Correct float32 gradients
 * give errors of 1e-5..1e-3; a wrong gradient gives errors of order 1. Functions with
 * kinks (ReLU) give isolated outliers where a perturbation crosses a kink; the norm
 * keeps those from dominating while a wrong formula still shows.
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
    double diff2 = 0.0, g2 = 0.0, fd2 = 0.0;
    size_t checks = n < max_checks ? n : max_checks;
    for (size_t c = 0; c < checks; c++) {
        size_t i = checks == n ? c : (size_t)((double)c * n / checks);
        float x0 = x[i];
        /* central differences with steps h and h/2 (actual float steps), combined by
         * Richardson extrapolation: (4 D(h/2) - D(h)) / 3 cancels the h^2 error term */
        double D[2];
        for (int k = 0; k < 2; k++) {
            float hk = k ? h / 2 : h, xp = x0 + hk, xm = x0 - hk;
            x[i] = xp;
            double fp = f(ctx);
            x[i] = xm;
            double fm = f(ctx);
            D[k] = (fp - fm) / ((double)xp - (double)xm);
        }
        x[i] = x0;
        double fd = (4.0 * D[1] - D[0]) / 3.0;
        diff2 += (grad[i] - fd) * (grad[i] - fd);
        g2 += (double)grad[i] * grad[i];
        fd2 += fd * fd;
    }
    double den = sqrt(fmax(g2, fd2));
    if (den == 0.0) return 0.0;          /* both exactly zero: nothing to disagree on */
    double e = sqrt(diff2) / den;
    return isnan(e) ? INFINITY : e;
}
#endif
