#include "theory.h"
#include "err.h"
#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- closed-form population losses (Props. 4 and 6) ---------- */

void theory_C(const double *A, const double *B, int H, int d, double *C) {
    /* C [d*d] = B^T [d*H] A [H*d] */
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, d, H, 1.0, B, d, A, d, 0.0, C, d);
}

double theory_loss_C(TheoryForm form, const double *C, int d, const double *P, int Tmax,
                     double *gC, double *gP) {
    int ortho = form == THEORY_ORTHOGONAL, printed = form == THEORY_UNITARY_PRINTED;
    if (ortho && d % 2) die("orthogonal contexts need an even d, got %d", d);
    double *rho = xcalloc(d, sizeof *rho);   /* row sums of C */
    double t1 = 0, t2 = 0, t3 = 0, t4 = 0, tr = 0;
    for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
            rho[i] += C[i * d + j];
            t2 += C[i * d + j] * C[i * d + j];
        }
        t1 += rho[i] * rho[i];
        tr += C[i * d + i];
    }
    if (ortho)
        for (int i = 0; i < d; i++) {
            double c = C[i * d + (i ^ 1)];
            t3 += rho[i] * c;
            t4 += c * c;
        }
    if (gP) memset(gP, 0, sizeof(double) * Tmax * Tmax);
    double K1 = 0, K2 = 0, K3 = 0, K4 = 0, KT = 0, loss = 0;
    for (int Tp = 2; Tp <= Tmax; Tp++) {
        const double *p = P + (size_t)(Tp - 2) * Tmax;   /* entries 0..Tp-1 */
        double r = p[Tp - 2], pT = p[Tp - 1], s = 0, n2 = 0;
        for (int t = 0; t < Tp; t++) { s += p[t]; n2 += p[t] * p[t]; }
        double k1 = r * r, k2 = printed ? n2 : n2 - r * r, k3 = 0, k4 = 0;
        if (ortho) { k3 = 2 * (r * s - r * r); k4 = (s - r) * (s - r) - (n2 - r * r); }
        loss += k1 * t1 + k2 * t2 + k3 * t3 + k4 * t4 - 2 * pT * tr + d;
        K1 += k1; K2 += k2; K3 += k3; K4 += k4; KT += pT;
        if (gP) {
            double *g = gP + (size_t)(Tp - 2) * Tmax;
            for (int t = 0; t < Tp; t++) {
                g[t] = 2 * p[t] * t2;
                if (ortho) g[t] += 2 * r * t3 + (2 * (s - r) - 2 * p[t]) * t4;
            }
            /* the extra dependence through r = p_{T'-1} */
            g[Tp - 2] += 2 * r * t1 - (printed ? 0 : 2 * r * t2);
            if (ortho) g[Tp - 2] += (2 * s - 4 * r) * t3 + (2 * r - 2 * (s - r)) * t4;
            g[Tp - 1] += -2 * tr;
        }
    }
    if (gC)
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double g = 2 * K1 * rho[i] + 2 * K2 * C[i * d + j] - (i == j ? 2 * KT : 0);
                if (ortho) {
                    g += K3 * C[i * d + (i ^ 1)];
                    if (j == (i ^ 1)) g += K3 * rho[i] + 2 * K4 * C[i * d + j];
                }
                gC[i * d + j] = g;
            }
    free(rho);
    return loss;
}

double theory_loss(TheoryForm form, const double *A, const double *B, int H, int d,
                   const double *P, int Tmax, double *gA, double *gB, double *gP) {
    double *C = xmalloc(sizeof(double) * d * d), *gC = xmalloc(sizeof(double) * d * d);
    theory_C(A, B, H, d, C);
    double loss = theory_loss_C(form, C, d, P, Tmax, gC, gP);
    /* C = B^T A:  dL/dA = B gC [H*d],  dL/dB = A gC^T [H*d] */
    if (gA) cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, H, d, d, 1.0, B, d, gC, d, 0.0, gA, d);
    if (gB) cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, H, d, d, 1.0, A, d, gC, d, 0.0, gB, d);
    free(C);
    free(gC);
    return loss;
}

/* ---------- model (6) directly, and Lemma 2 ---------- */

/* pw [(T) * d]: pw[k*d + j] = lambda_j^k, k = 0..T-1 */
static void powers(const double complex *lambda, int d, int T, double complex *pw) {
    for (int j = 0; j < d; j++) pw[j] = 1;
    for (int k = 1; k < T; k++)
        for (int j = 0; j < d; j++) pw[k * d + j] = pw[(k - 1) * d + j] * lambda[j];
}

/* model (6) for length T from a power table with at least T rows */
static void model6_pw(const double *A, const double *B, int H, int d, const double *p, int T,
                      const double complex *pw, double complex *out) {
    const double complex *prev = pw + (size_t)(T - 2) * d;   /* s_{T-1} = lambda^(T-2) */
    for (int i = 0; i < d; i++) out[i] = 0;
    for (int h = 0; h < H; h++) {
        const double *a = A + (size_t)h * d, *b = B + (size_t)h * d;
        for (int t = 1; t <= T; t++) {
            const double complex *st = pw + (size_t)(t - 1) * d;   /* s_t */
            double complex score = 0;                             /* <s_t | A^h s_{T-1}> */
            for (int j = 0; j < d; j++) score += st[j] * conj(a[j] * prev[j]);
            double complex w = p[t - 1] * score;
            for (int i = 0; i < d; i++) out[i] += w * b[i] * st[i];
        }
    }
}

void model6_forward(const double *A, const double *B, int H, int d, const double *P,
                    int Pstride, int T, const double complex *lambda, double complex *out) {
    double complex *pw = xmalloc(sizeof *pw * T * d);
    powers(lambda, d, T, pw);
    model6_pw(A, B, H, d, P + (size_t)(T - 2) * Pstride, T, pw, out);
    free(pw);
}

void lemma2_forward(const double *C, int d, const double *P, int Pstride, int T,
                    const double complex *lambda, double complex *out) {
    const double *p = P + (size_t)(T - 2) * Pstride;
    for (int i = 0; i < d; i++) {
        double complex acc = 0;
        for (int t = 1; t <= T; t++) {
            double complex Cl = 0;   /* (C lambda^(t-T+1))_i */
            for (int j = 0; j < d; j++) Cl += C[i * d + j] * cpow(lambda[j], t - T + 1);
            acc += p[t - 1] * Cl * cpow(lambda[i], t - 1);
        }
        out[i] = acc;
    }
}

void theory_context(Rng *r, int orthogonal, int d, double complex *lambda) {
    if (orthogonal) {
        if (d % 2) die("orthogonal contexts need an even d, got %d", d);
        for (int k = 0; k < d / 2; k++) {
            double th = 2 * M_PI * rng_uniform(r);
            lambda[2 * k] = cexp(I * th);
            lambda[2 * k + 1] = cexp(-I * th);
        }
    } else {
        for (int j = 0; j < d; j++) lambda[j] = cexp(I * 2 * M_PI * rng_uniform(r));
    }
}

double theory_loss_mc(int orthogonal, const double *A, const double *B, int H, int d,
                      const double *P, int Tmax, long n, uint64_t seed, double *se) {
    Rng r;
    rng_init(&r, seed, RNG_MC);
    double complex *lam = xmalloc(sizeof *lam * n * d);
    for (long k = 0; k < n; k++) theory_context(&r, orthogonal, d, lam + k * d);
    double *per = xmalloc(sizeof *per * n);
#pragma omp parallel
    {
        double complex *pw = xmalloc(sizeof *pw * (Tmax + 1) * d);
        double complex *out = xmalloc(sizeof *out * d);
#pragma omp for schedule(static)
        for (long k = 0; k < n; k++) {
            powers(lam + k * d, d, Tmax + 1, pw);
            double l = 0;
            for (int Tp = 2; Tp <= Tmax; Tp++) {
                model6_pw(A, B, H, d, P + (size_t)(Tp - 2) * Tmax, Tp, pw, out);
                for (int i = 0; i < d; i++) {
                    double complex e = out[i] - pw[(size_t)Tp * d + i];   /* target lambda^T' */
                    l += creal(e) * creal(e) + cimag(e) * cimag(e);
                }
            }
            per[k] = l;
        }
        free(pw);
        free(out);
    }
    double m = 0, v = 0;
    for (long k = 0; k < n; k++) m += per[k];
    m /= n;
    for (long k = 0; k < n; k++) v += (per[k] - m) * (per[k] - m);
    v /= (n > 1 ? n - 1 : 1);
    if (se) *se = sqrt(v / n);
    free(lam);
    free(per);
    return m;
}

/* ---------- Section 4: augmented tokens ---------- */

void theory_aug_tokens(const double complex *s, const double complex *s0, int d, int T,
                double complex *e) {
    for (int t = 0; t < T; t++)
        for (int j = 0; j < d; j++) {
            e[(size_t)t * 3 * d + j] = 0;
            e[(size_t)t * 3 * d + d + j] = s[(size_t)t * d + j];
            e[(size_t)t * 3 * d + 2 * d + j] =
                t > 0 ? s[(size_t)(t - 1) * d + j] : (s0 ? s0[j] : 0);
        }
}

void theory_aug_layer(const double *A, const double *B, int d, const double complex *e,
                       int T, double complex *out) {
    int D = 3 * d;
    const double complex *eT = e + (size_t)(T - 1) * D;
    double complex *AeT = xmalloc(sizeof *AeT * D);
    for (int k = 0; k < D; k++) {
        AeT[k] = 0;
        for (int l = 0; l < D; l++) AeT[k] += A[k * D + l] * eT[l];
    }
    for (int i = 0; i < d; i++) out[i] = eT[i];
    for (int t = 0; t < T; t++) {
        const double complex *et = e + (size_t)t * D;
        double complex score = 0;   /* <A e_T | e_t> = e_t^* A e_T */
        for (int k = 0; k < D; k++) score += AeT[k] * conj(et[k]);
        for (int i = 0; i < d; i++) {
            double complex Be = 0;
            for (int l = 0; l < D; l++) Be += B[i * D + l] * et[l];
            out[i] += score * Be;
        }
    }
    free(AeT);
}

void theory_gd_step(const double complex *s, int d, int T, double eta, double complex *W1,
                     double complex *pred) {
    double complex *W = W1 ? W1 : xmalloc(sizeof *W * d * d);
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            double complex acc = 0;   /* -eta grad L(0) = eta sum s_{t+1} s_t^* */
            for (int t = 0; t + 1 < T; t++) acc += s[(size_t)(t + 1) * d + i] * conj(s[(size_t)t * d + j]);
            W[i * d + j] = eta * acc;
        }
    const double complex *sT = s + (size_t)(T - 1) * d;
    for (int i = 0; i < d; i++) {
        pred[i] = 0;
        for (int j = 0; j < d; j++) pred[i] += W[i * d + j] * sT[j];
    }
    if (!W1) free(W);
}

/* ---------- Assumption 2: exact population loss ---------- */

void theory_aug2_init(TheoryAug2 *L, int d, int Tmax, int s0_zero) {
    memset(L, 0, sizeof *L);
    L->d = d; L->Tmax = Tmax; L->s0_zero = s0_zero;
    /* Output_i = sum_kl c_kl sum_t sum_j lambda_j^x lambda_i^y with, for the score
     * s_m^* s_n (x = n - m) of a_k and the value s_v (y = v - 1) of b_l:
     *   a1: (m,n) = (t,T)  a2: (t,T-1)  a3: (t-1,T)  a4: (t-1,T-1);  b1: v = t  b2: v = t-1.
     * Monomials with j != i are F[x][y] (independent of which j), with j = i they are
     * G[x+y]; E|.|^2 keeps (d-1) sum_{x!=0} F^2 + sum_z ((d-1) F[0][z] + G[z] - [z=T])^2. */
    int XO = 1, NX = Tmax + 2, YO = 1, NY = Tmax + 1, ZO = 2, NZ = 2 * Tmax + 2;
    double *F = xmalloc(sizeof(double) * 8 * NX * NY), *G = xmalloc(sizeof(double) * 8 * NZ);
    double *Z = xmalloc(sizeof(double) * 8 * NZ);   /* lambda_i-only coefficient per kl */
    for (int T = 2; T <= Tmax; T++) {
        memset(F, 0, sizeof(double) * 8 * NX * NY);
        memset(G, 0, sizeof(double) * 8 * NZ);
        for (int t = 1; t <= T; t++)
            for (int k = 0; k < 4; k++)
                for (int l = 0; l < 2; l++) {
                    int m = k < 2 ? t : t - 1, n = (k % 2 == 0) ? T : T - 1, v = l == 0 ? t : t - 1;
                    if (s0_zero && (m == 0 || v == 0)) continue;   /* s_0 = 0 */
                    int x = n - m, y = v - 1, kl = k * 2 + l;
                    F[(size_t)kl * NX * NY + (x + XO) * NY + (y + YO)] += 1;
                    G[(size_t)kl * NZ + x + y + ZO] += 1;
                }
        for (int kl = 0; kl < 8; kl++)
            for (int z = -ZO; z < NZ - ZO; z++) {
                double f0 = (z >= -YO && z < NY - YO) ? F[(size_t)kl * NX * NY + XO * NY + (z + YO)] : 0;
                Z[kl * NZ + z + ZO] = (d - 1) * f0 + G[kl * NZ + z + ZO];
            }
        for (int a = 0; a < 8; a++) {
            L->g[a] += d * Z[a * NZ + T + ZO];
            for (int b = 0; b < 8; b++) {
                double acc = 0;
                for (int x = -XO; x < NX - XO; x++) {
                    if (x == 0) continue;
                    for (int y = 0; y < NY; y++)
                        acc += (d - 1) * F[(size_t)a * NX * NY + (x + XO) * NY + y] *
                               F[(size_t)b * NX * NY + (x + XO) * NY + y];
                }
                for (int z = 0; z < NZ; z++) acc += Z[a * NZ + z] * Z[b * NZ + z];
                L->M[a][b] += d * acc;
            }
        }
        L->K += d;
    }
    free(F); free(G); free(Z);
}

double theory_aug2_loss(const TheoryAug2 *L, const double *theta, double *grad) {
    double c[8], gc[8], loss = L->K;
    for (int k = 0; k < 4; k++)
        for (int l = 0; l < 2; l++) c[k * 2 + l] = theta[k] * theta[4 + l];
    for (int a = 0; a < 8; a++) {
        double Mc = 0;
        for (int b = 0; b < 8; b++) Mc += L->M[a][b] * c[b];
        loss += c[a] * Mc - 2 * L->g[a] * c[a];
        gc[a] = 2 * Mc - 2 * L->g[a];   /* M is symmetric */
    }
    if (grad) {
        for (int i = 0; i < 6; i++) grad[i] = 0;
        for (int k = 0; k < 4; k++)
            for (int l = 0; l < 2; l++) {
                grad[k] += gc[k * 2 + l] * theta[4 + l];
                grad[4 + l] += gc[k * 2 + l] * theta[k];
            }
    }
    return loss;
}

void theory_aug2_matrices(const double *theta, int d, double *A, double *B) {
    int D = 3 * d;
    memset(A, 0, sizeof(double) * D * D);
    memset(B, 0, sizeof(double) * D * D);
    for (int i = 0; i < d; i++) {
        A[(d + i) * D + d + i] = theta[0];          /* A1 */
        A[(d + i) * D + 2 * d + i] = theta[1];      /* A2 */
        A[(2 * d + i) * D + d + i] = theta[2];      /* A3 */
        A[(2 * d + i) * D + 2 * d + i] = theta[3];  /* A4 */
        B[i * D + d + i] = theta[4];                /* B1 */
        B[i * D + 2 * d + i] = theta[5];            /* B2 */
    }
}

double prop2_eta(int d, long Tmax, int s0_zero) {
    double num = 0, den = 0;
    for (long T = 2; T <= Tmax; T++) {
        double n = s0_zero ? T - 1 : T;
        num += n;
        den += n * n + (d - 1) * n;
    }
    return num / den;
}

/* ---------- training ---------- */

long theory_train(TheoryForm form, double *A, double *B, int H, int d, double *P, int Tmax,
                  double lr, long max_steps, double tol, double *loss, long trace_every,
                  void (*trace)(void *ctx, long step, double loss), void *ctx) {
    size_t nA = (size_t)H * d, nP = (size_t)Tmax * Tmax;
    double *gA = xmalloc(sizeof(double) * nA), *gB = xmalloc(sizeof(double) * nA);
    double *gP = xmalloc(sizeof(double) * nP);
    long step = 0;
    double l = 0;
    for (;; step++) {
        l = theory_loss(form, A, B, H, d, P, Tmax, gA, gB, gP);
        check_finite(l, "population loss during gradient descent (lower the learning rate)");
        if (trace && (step % trace_every == 0 || l < tol || step == max_steps)) trace(ctx, step, l);
        if (l < tol || step == max_steps) break;
        for (size_t k = 0; k < nA; k++) { A[k] -= lr * gA[k]; B[k] -= lr * gB[k]; }
        for (size_t k = 0; k < nP; k++) P[k] -= lr * gP[k];
    }
    *loss = l;
    free(gA); free(gB); free(gP);
    return step;
}
