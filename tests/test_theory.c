/* Unit tests of theory.c: finite-difference checks of every analytic gradient, the
 * closed forms against an exact enumeration of the expectation and against Monte-Carlo,
 * Lemma 2 against model (6), the Assumption-2 loss against Monte-Carlo, Prop. 1. */
#include "test.h"
#include "theory.h"
#include <complex.h>
#include <stdlib.h>
#include <string.h>

typedef double (*LossFn)(void *ctx, const double *x, double *g);

/* max relative error between an analytic gradient and central differences */
static double fd_check(LossFn f, void *ctx, double *x, int n) {
    double *g = xmalloc(sizeof(double) * n), worst = 0;
    f(ctx, x, g);
    for (int k = 0; k < n; k++) {
        double h = 1e-6, x0 = x[k];
        x[k] = x0 + h; double lp = f(ctx, x, NULL);
        x[k] = x0 - h; double lm = f(ctx, x, NULL);
        x[k] = x0;
        double fd = (lp - lm) / (2 * h), e = fabs(fd - g[k]) / (1e-6 + fabs(fd) + fabs(g[k]));
        if (e > worst) worst = e;
    }
    free(g);
    return worst;
}

typedef struct { TheoryForm form; int H, d, T; } Shape;

/* x = (A, B, P) flattened */
static double theory_f(void *ctx, const double *x, double *g) {
    Shape *s = ctx;
    int nA = s->H * s->d;
    return theory_loss(s->form, x, x + nA, s->H, s->d, x + 2 * nA, s->T, g, g ? g + nA : NULL,
                       g ? g + 2 * nA : NULL);
}

static double aug2_f(void *ctx, const double *x, double *g) { return theory_aug2_loss(ctx, x, g); }

/* E over contexts of model (6)'s loss, by enumeration: a monomial has expectation 1 iff
 * the exponent of every independent phase vanishes (unitary: one phase per coordinate;
 * orthogonal: coordinates 2k, 2k+1 carry phase k with signs +1, -1). */
static double loss_enumerated(int ortho, const double *C, int d, const double *P, int Tmax) {
    int *ex = xmalloc(sizeof(int) * d);
    double loss = 0;
#define GRP(j) (ortho ? (j) / 2 : (j))
#define SGN(j) (ortho && ((j) % 2) ? -1 : 1)
    for (int T = 2; T <= Tmax; T++) {
        const double *p = P + (T - 2) * Tmax;
        for (int i = 0; i < d; i++) {
            for (int t = 1; t <= T; t++)
                for (int u = 1; u <= T; u++)
                    for (int j = 0; j < d; j++)
                        for (int k = 0; k < d; k++) {
                            memset(ex, 0, sizeof(int) * d);
                            ex[GRP(j)] += SGN(j) * (t - T + 1);
                            ex[GRP(k)] -= SGN(k) * (u - T + 1);
                            ex[GRP(i)] += SGN(i) * (t - u);
                            int zero = 1;
                            for (int q = 0; q < d; q++) zero &= ex[q] == 0;
                            if (zero) loss += p[t - 1] * p[u - 1] * C[i * d + j] * C[i * d + k];
                        }
            for (int t = 1; t <= T; t++)
                for (int j = 0; j < d; j++) {
                    memset(ex, 0, sizeof(int) * d);
                    ex[GRP(j)] += SGN(j) * (t - T + 1);
                    ex[GRP(i)] += SGN(i) * (t - 1 - T);
                    int zero = 1;
                    for (int q = 0; q < d; q++) zero &= ex[q] == 0;
                    if (zero) loss -= 2 * p[t - 1] * C[i * d + j];
                }
            loss += 1;
        }
    }
    free(ex);
    return loss;
}

static void test_gradients(void) {
    Rng r;
    rng_init(&r, 11, RNG_INIT);
    const char *names[] = {"theory.grad_unitary", "theory.grad_unitary_printed", "theory.grad_orthogonal"};
    TheoryForm forms[] = {THEORY_UNITARY, THEORY_UNITARY_PRINTED, THEORY_ORTHOGONAL};
    for (int f = 0; f < 3; f++) {
        Shape s = {forms[f], 3, 4, 5};
        int n = 2 * s.H * s.d + s.T * s.T;
        double *x = xmalloc(sizeof(double) * n);
        rng_normals(&r, x, n);
        test_below(names[f], fd_check(theory_f, &s, x, n), 1e-6);
        free(x);
    }
    TheoryAug2 L;
    for (int z = 0; z < 2; z++) {
        theory_aug2_init(&L, 3, 6, z);
        double th[6];
        rng_normals(&r, th, 6);
        test_below(z ? "aug2.grad_s0zero" : "aug2.grad", fd_check(aug2_f, &L, th, 6), 1e-6);
    }
}

static void test_closed_forms(void) {
    Rng r;
    rng_init(&r, 12, RNG_INIT);
    int H = 3, d = 4, T = 5;
    double A[12], B[12], C[16], P[25];
    rng_normals(&r, A, 12); rng_normals(&r, B, 12); rng_normals(&r, P, 25);
    for (int k = 0; k < 25; k++) P[k] *= 0.5;
    theory_C(A, B, H, d, C);
    double eu = loss_enumerated(0, C, d, P, T), eo = loss_enumerated(1, C, d, P, T);
    double cu = theory_loss_C(THEORY_UNITARY, C, d, P, T, NULL, NULL);
    double cp = theory_loss_C(THEORY_UNITARY_PRINTED, C, d, P, T, NULL, NULL);
    double co = theory_loss_C(THEORY_ORTHOGONAL, C, d, P, T, NULL, NULL);
    test_below("theory.unitary_vs_enumeration", fabs(cu - eu) / eu, 1e-12);
    test_below("theory.orthogonal_vs_enumeration", fabs(co - eo) / eo, 1e-12);
    test_ok("theory.printed_prop4_differs", fabs(cp - eu) / eu > 1e-3,
            "Prop. 4 as printed differs from the enumerated expectation");
    double se;
    double mu = theory_loss_mc(0, A, B, H, d, P, T, 20000, 5, &se);
    test_below("theory.unitary_mc_in_se", fabs(mu - cu) / se, 5);
    double mo = theory_loss_mc(1, A, B, H, d, P, T, 20000, 6, &se);
    test_below("theory.orthogonal_mc_in_se", fabs(mo - co) / se, 5);
}

static void test_lemma2(void) {
    Rng r;
    rng_init(&r, 13, RNG_INIT);
    int H = 4, d = 5, T = 7;
    double A[20], B[20], C[25], P[49];
    rng_normals(&r, A, 20); rng_normals(&r, B, 20); rng_normals(&r, P, 49);
    theory_C(A, B, H, d, C);
    double complex lam[5], o1[5], o2[5];
    double worst = 0;
    for (int rep = 0; rep < 20; rep++) {
        theory_context(&r, 0, d, lam);
        for (int Tp = 2; Tp <= T; Tp++) {
            model6_forward(A, B, H, d, P, T, Tp, lam, o1);
            lemma2_forward(C, d, P, T, Tp, lam, o2);
            for (int i = 0; i < d; i++) worst = fmax(worst, cabs(o1[i] - o2[i]));
        }
    }
    test_below("theory.lemma2_small", worst, 1e-12);
}

/* Assumption 2: the exact loss against Monte-Carlo with the layer (4) computed in full. */
static void test_aug2_mc(void) {
    Rng r;
    rng_init(&r, 14, RNG_INIT);
    int d = 3, Tmax = 5;
    double th[6], A[81], B[81];
    rng_normals(&r, th, 6);
    theory_aug2_matrices(th, d, A, B);
    for (int z = 0; z < 2; z++) {
        TheoryAug2 L;
        theory_aug2_init(&L, d, Tmax, z);
        double exact = theory_aug2_loss(&L, th, NULL);
        long n = 20000;
        double m = 0, m2 = 0;
        double complex lam[3], s[6 * 3], s0[3], e[6 * 9], out[3];
        for (long k = 0; k < n; k++) {
            theory_context(&r, 0, d, lam);
            for (int j = 0; j < d; j++) {
                s0[j] = 1 / lam[j];
                s[j] = 1;
                for (int t = 1; t <= Tmax; t++) s[t * d + j] = s[(t - 1) * d + j] * lam[j];
            }
            theory_aug_tokens(s, z ? NULL : s0, d, Tmax, e);
            double l = 0;
            for (int T = 2; T <= Tmax; T++) {
                theory_aug_layer(A, B, d, e, T, out);
                for (int i = 0; i < d; i++) l += pow(cabs(out[i] - s[T * d + i]), 2);
            }
            m += l; m2 += l * l;
        }
        m /= n;
        double se = sqrt((m2 / n - m * m) / n);
        test_below(z ? "aug2.exact_vs_mc_s0zero" : "aug2.exact_vs_mc", fabs(m - exact) / se, 5);
    }
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_gradients();
    test_closed_forms();
    test_lemma2();
    test_aug2_mc();
    return test_end();
}
