/* Unit tests of pe.c: the moment-based loss against the sample-by-sample complex model,
 * its gradient against finite differences, the Prop. 7 moments against quadrature. */
#include "test.h"
#include "pe.h"
#include <stdlib.h>

int main(int argc, char **argv) {
    test_begin(argc, argv);
    int T = 8;
    long n = 300;
    double mu = 3.0, c[9], P[64], g[64];
    Rng r;
    rng_init(&r, 21, RNG_INIT);
    rng_normals(&r, P, 64);
    for (int i = 0; i < T; i++)
        for (int j = i + 2; j < T; j++) P[i * T + j] = 0;   /* unused entries */
    /* the same theta as pe_moments_sampled draws */
    Rng rs;
    rng_init(&rs, 5, RNG_TRAIN);
    double *theta = malloc(sizeof(double) * n);
    for (long s = 0; s < n; s++) theta[s] = 2 * M_PI * rng_uniform(&rs);
    pe_moments_sampled(mu, T, n, 5, c);
    double lm = pe_loss(c, T, P, g), ld = pe_loss_direct(theta, n, mu, T, P);
    test_below("pe.moments_vs_direct", fabs(lm - ld) / ld, 1e-10);
    double worst = 0;
    for (int i = 0; i <= T - 2; i++)
        for (int j = 0; j <= i + 1; j++) {
            double h = 1e-6, x0 = P[i * T + j];
            P[i * T + j] = x0 + h; double lp = pe_loss(c, T, P, NULL);
            P[i * T + j] = x0 - h; double lq = pe_loss(c, T, P, NULL);
            P[i * T + j] = x0;
            double fd = (lp - lq) / (2 * h);
            worst = fmax(worst, fabs(fd - g[i * T + j]) / (1e-6 + fabs(fd)));
        }
    test_below("pe.grad_fd", worst, 1e-6);
    double ce[9], cq[9];
    pe_moments_exact(7.0, T, ce);
    pe_moments_quadrature(7.0, T, 100000, cq);
    worst = 0;
    for (int k = 0; k <= T; k++) worst = fmax(worst, fabs(ce[k] - cq[k]));
    test_below("pe.prop7_moments_vs_quadrature", worst, 1e-8);
    /* gradient descent reaches the optimum p = delta at the super-diagonal when mu = 1
     * (lambda uniform on the circle: the loss is well conditioned) */
    double c1[9], P0[64] = {0}, loss;
    pe_moments_exact(1.0, T, c1);
    pe_train(c1, T, P0, 0.5, 100000, 1e-12, &loss);
    test_near("pe.train_mu1_superdiag", P0[(T - 2) * T + T - 1], 1.0, 1e-5);
    free(theta);
    return test_end();
}
