/* icar-theory — the claims of Lemmas 2-3 and Propositions 1, 2, 4, 5, 6, 7 that belong to
 * no figure; writes a summary CSV of every number measured to --out and the claims
 * (figure column "theory") to --claims, every one computed from summary.csv as written
 * (theoryclaims.h, as icar-rederive derives them from an archive).
 *
 *   icar-theory --mc N --mc-d N --mc-T N --mc-heads N --flow N
 *               --out data/results/theory --claims data/results/claims/theory.csv
 *
 * (make theory passes every setting from specs/theory.mk.)
 * Monte-Carlo checks run at small sizes (--mc-d, --mc-T, --mc-heads) so that 10^5 contexts
 * take about a second; the formulas do not depend on the size. */
#include "claims.h"
#include "err.h"
#include "opts.h"
#include "pe.h"
#include "progress.h"
#include "rng.h"
#include "theoryclaims.h"
#include "theory.h"
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t seed;
    long mc, flow;
    int mc_d, mc_T, mc_H;
    const char *profile;
} Opts;

static CsvOut *summary;   /* name,value rows: every number measured here */

static void note(const char *name, double v) {
    csv_str(summary, name);
    csv_num(summary, v);
    csv_endrow(summary);
}

/* Lemma 2: model (6) head by head against the formula, random diagonal heads. */
static void lemma2_check(Rng *r) {
    int H = 8, d = 10, T = 15;
    double A[80], B[80], C[100], P[225];
    rng_normals(r, A, 80); rng_normals(r, B, 80); rng_normals(r, P, 225);
    theory_C(A, B, H, d, C);
    double complex lam[10], o1[10], o2[10];
    double worst = 0;
    for (int rep = 0; rep < 100; rep++) {
        theory_context(r, 0, d, lam);
        for (int Tp = 2; Tp <= T; Tp++) {
            model6_forward(A, B, H, d, P, T, Tp, lam, o1);
            lemma2_forward(C, d, P, T, Tp, lam, o2);
            for (int i = 0; i < d; i++) worst = fmax(worst, cabs(o1[i] - o2[i]) / (1 + cabs(o1[i])));
        }
    }
    note("lemma2.max_rel_diff", worst);
}

/* Prop. 1: the augmented layer (4) with the parameters (8) equals one GD step on (5). */
static void prop1_check(Rng *r) {
    int d = 5, T = 20, D = 15;
    double eta = 0.1 + 0.9 * rng_uniform(r), W[25], A[225] = {0}, Bm[225] = {0};
    for (int i = 0; i < d; i++) {
        A[(2 * d + i) * D + d + i] = 1;   /* A: block (3,2) = I_d */
        Bm[i * D + d + i] = eta;           /* B: block (1,2) = eta I_d */
    }
    double complex s[20 * 5], e[20 * 15], out[5], pred[5];
    double worst = 0;
    for (int kind = 0; kind < 2; kind++)
        for (int rep = 0; rep < 20; rep++) {
            if (kind == 0) {   /* a real AR process with W Haar on O(d), s_1 = 1/sqrt(d) */
                rng_haar_orthogonal(r, W, d);
                for (int j = 0; j < d; j++) s[j] = 1 / sqrt(d);
                for (int t = 1; t < T; t++)
                    for (int i = 0; i < d; i++) {
                        double complex acc = 0;
                        for (int j = 0; j < d; j++) acc += W[i * d + j] * s[(t - 1) * d + j];
                        s[t * d + i] = acc;
                    }
            } else {           /* a unitary diagonal context, s_1 = 1_d */
                double complex lam[5];
                theory_context(r, 0, d, lam);
                for (int j = 0; j < d; j++) s[j] = 1;
                for (int t = 1; t < T; t++)
                    for (int j = 0; j < d; j++) s[t * d + j] = s[(t - 1) * d + j] * lam[j];
            }
            for (int Tp = 2; Tp <= T; Tp++) {
                theory_aug_tokens(s, NULL, d, Tp, e);
                theory_aug_layer(A, Bm, d, e, Tp, out);
                theory_gd_step(s, d, Tp, eta, NULL, pred);
                for (int i = 0; i < d; i++) worst = fmax(worst, cabs(out[i] - pred[i]));
            }
        }
    note("prop1.max_abs_diff", worst);
}

/* Prop. 2: gradient descent on (a1..a4, b1, b2) of Assumption 2. */
static void prop2_checks(Rng *r) {
    int d = 5, Tmax = 10;
    for (int z = 0; z < 2; z++) {
        TheoryAug2 L;
        theory_aug2_init(&L, d, Tmax, z);
        double th[6], g[6], loss = 0, lr = 0.2 / L.M[2 * 2 + 0][2 * 2 + 0];   /* 1 / curvature of c_{a3 b1} */
        rng_normals(r, th, 6);
        for (int k = 0; k < 6; k++) th[k] *= 0.5;
        /* gradient descent; a step that would raise the loss is halved for that step (the loss
         * is quartic in theta, so a fixed step can diverge from a large start) */
        long step;
        loss = theory_aug2_loss(&L, th, g);
        for (step = 0; step < 200000; step++) {
            double gn = 0, trial[6], gt[6];
            for (int k = 0; k < 6; k++) gn += g[k] * g[k];
            if (sqrt(gn) < 1e-13) break;
            for (double h = lr;; h /= 2) {
                for (int k = 0; k < 6; k++) trial[k] = th[k] - h * g[k];
                double lt = theory_aug2_loss(&L, trial, gt);
                if (lt <= loss || h < 1e-300) { loss = lt; break; }
            }
            memcpy(th, trial, sizeof th);
            memcpy(g, gt, sizeof gt);
        }
        double eta = prop2_eta(d, Tmax, z), got = th[2] * th[4];
        double others = fmax(fabs(th[0] + th[3]), fmax(fabs(th[1]), fabs(th[5])));
        if (!z) {
            note("prop2.steps", step); note("prop2.loss", loss); note("prop2.a3b1", got);
            note("prop2.eta_star", eta); note("prop2.others", others);
        } else {
            note("prop2.s0zero.a3b1", got); note("prop2.s0zero.eta_shifted", eta);
            note("prop2.s0zero.eta_paper", prop2_eta(d, Tmax, 0));
        }
    }
    long Tm = 10000;
    double a = prop2_eta(5, Tm, 0) * Tm;
    note("prop2.eta_times_Tmax_1e4", a);
}

/* Props. 4 and 6, Lemma 3: closed forms against Monte-Carlo. */
static void closed_form_checks(Rng *r, const Opts *o) {
    int d = o->mc_d, T = o->mc_T, H = o->mc_H;
    double *A = xmalloc(sizeof(double) * H * d), *B = xmalloc(sizeof(double) * H * d);
    double *P = xmalloc(sizeof(double) * T * T), *C = xmalloc(sizeof(double) * d * d);
    rng_normals(r, A, (size_t)H * d); rng_normals(r, B, (size_t)H * d); rng_normals(r, P, (size_t)T * T);
    for (int k = 0; k < H * d; k++) { A[k] /= sqrt(H); B[k] /= sqrt(d); }
    for (int k = 0; k < T * T; k++) P[k] *= 0.5;
    theory_C(A, B, H, d, C);
    double se, mc = theory_loss_mc(0, A, B, H, d, P, T, o->mc, o->seed, &se);
    double cu = theory_loss_C(THEORY_UNITARY, C, d, P, T, NULL, NULL);
    double cp = theory_loss_C(THEORY_UNITARY_PRINTED, C, d, P, T, NULL, NULL);
    note("prop4.mc", mc); note("prop4.mc_se", se); note("prop4.closed_derived", cu); note("prop4.closed_printed", cp);

    double mo = theory_loss_mc(1, A, B, H, d, P, T, o->mc, o->seed + 1, &se);
    double co = theory_loss_C(THEORY_ORTHOGONAL, C, d, P, T, NULL, NULL);
    note("prop6.mc", mo); note("prop6.mc_se", se); note("prop6.closed_authors", co);

    /* Lemma 3: H = d/2 heads, head k = (e_2k + e_2k+1) / sqrt 2 for A and B: C = diag(J)/2;
     * P_{T'-1,T'-1} = -1, P_{T'-1,T'} = 2, other entries 0. */
    int h3 = d / 2;
    double *A3 = xcalloc((size_t)h3 * d, sizeof(double)), *P3 = xcalloc((size_t)T * T, sizeof(double));
    for (int k = 0; k < h3; k++) A3[k * d + 2 * k] = A3[k * d + 2 * k + 1] = 1 / sqrt(2.0);
    for (int Tp = 2; Tp <= T; Tp++) { P3[(Tp - 2) * T + Tp - 2] = -1; P3[(Tp - 2) * T + Tp - 1] = 2; }
    double l3c = theory_loss(THEORY_ORTHOGONAL, A3, A3, h3, d, P3, T, NULL, NULL, NULL);
    double l3m = theory_loss_mc(1, A3, A3, h3, d, P3, T, o->mc, o->seed + 2, &se);
    note("lemma3.closed", l3c); note("lemma3.mc", l3m);
    free(A); free(B); free(P); free(C); free(A3); free(P3);
}

/* Prop. 5: gradient flow on (pab - 1)^2 from |pab - 1| < 1 reaches pab = 1; of the N
 * starts, those that converged. */
static void prop5_check(Rng *r, long n) {
    long ok = 0;
    double dt = 1e-3, worst = 0;
    for (long k = 0; k < n; k++) {
        double a, b, p;
        do {
            a = 4 * rng_uniform(r) - 2; b = 4 * rng_uniform(r) - 2; p = 4 * rng_uniform(r) - 2;
        } while (fabs(p * a * b - 1) >= 1);
        for (long s = 0; s < 2000000 && fabs(p * a * b - 1) > 1e-9; s++) {
            double e = 2 * (p * a * b - 1), ga = e * p * b, gb = e * p * a, gp = e * a * b;
            a -= dt * ga; b -= dt * gb; p -= dt * gp;
        }
        double res = fabs(p * a * b - 1);
        worst = fmax(worst, res);
        ok += res < 1e-6;
    }
    note("prop5.worst_residual", worst);
    note("prop5.converged", ok);
}

/* Prop. 7: the quadratic term of loss (7) and its eigenvalues. */
static void prop7_check(void) {
    int T = 30;
    double mus[] = {50, 100, 200, 300}, c[31], ce[31], worst = 0;
    for (int m = 0; m < 4; m++) {
        pe_moments_quadrature(mus[m], T, 200000, c);
        pe_moments_exact(mus[m], T, ce);
        for (int k = 0; k < T; k++) worst = fmax(worst, fabs(c[k] - ce[k]));
    }
    note("prop7.max_abs_diff", worst);
    double H[900], eig[30];
    pe_moments_exact(1e4, T, ce);
    pe_toeplitz(ce, T, H);
    pe_eigs_desc(H, T, eig);
    note("prop7.top_over_T", eig[0] / T);
    note("prop7.top", eig[0]);
    note("prop7.second", eig[1]);
}

int main(int argc, char **argv) {
    Opts o = {.seed = 1, .profile = "quick"};
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_RUN("icar-theory", o.profile, o.seed),
        {"mc", OPT_LONG, &o.mc, 100, 100000000, .required = 1, .help = "Monte-Carlo contexts per closed-form check", .key = "mc"},
        {"mc-d", OPT_INT, &o.mc_d, 2, 64, .required = 1, .help = "token dimension of the Monte-Carlo checks, even", .key = "mc_d"},
        {"mc-T", OPT_INT, &o.mc_T, 2, 100, .required = 1, .help = "T_max of the Monte-Carlo checks", .key = "mc_T"},
        {"mc-heads", OPT_INT, &o.mc_H, 1, 256, .required = 1, .help = "heads of the Monte-Carlo checks", .key = "mc_heads"},
        {"flow", OPT_LONG, &o.flow, 1, 100000000, .required = 1, .help = "random (a, b, p) for Prop. 5", .key = "flow"},
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .help = "summary.csv goes there", .required = 1},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .help = "the theory claims", .required = 1},
        {0}};
    opts_parse(opts, argc, argv, "icar-theory", NULL);
    if (o.mc_d % 2) die("--mc-d must be even (orthogonal contexts come in conjugate pairs), got %d", o.mc_d);
    make_dirs(out);
    make_parent_dirs(claims);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.csv", out);
    summary = csv_create(path);
    opts_settings(summary, opts);
    csv_header(summary, "name,value");

    Rng r;
    rng_init(&r, o.seed, RNG_INIT);
    double t0 = now_seconds();
    lemma2_check(&r);
    prop1_check(&r);
    prop2_checks(&r);
    closed_form_checks(&r, &o);
    prop5_check(&r, o.flow);
    prop7_check();
    fprintf(stderr, "icar-theory: %.2f s\n", now_seconds() - t0);
    csv_close(summary);
    CsvTable *written = table_read(path);
    Claims *cl = claims_open(claims);
    theory_claims(written, cl);
    table_free(written);
    claims_close(cl);
    return 0;
}
