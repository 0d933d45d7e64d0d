/* icar-fig3 — minimizers of the population loss (Figure 3, Props. 3 and 6).
 *
 *   icar-fig3 --seed 1 --out data/results/fig3 --claims data/results/claims/fig3.csv
 *
 * Gradient descent on (A, B, P) of model (6) under Assumptions 1 and 3, on the
 * closed-form population loss (theory.h): unitary contexts with H = d heads, and
 * orthogonal contexts (conjugate pairs) with H < d heads. Writes, per case,
 * CASE_A.csv, CASE_B.csv, CASE_C.csv (C = B^T A), CASE_P.csv (row,col,value; P rows
 * 1..T-1, columns 1..T, entries above the first super-diagonal zeroed), trace.csv
 * (case, step, loss), restarts.csv (the same from --restarts further initialisations,
 * claim fig3.restarts_*), summary.csv (case, H, lr, steps, final loss, loss at step 10^5 —
 * the authors' step cap) and the claims prop3.* and prop6.structure*. */
#include "args.h"
#include "claims.h"
#include "err.h"
#include "matcsv.h"
#include "progress.h"
#include "theory.h"
#include <getopt.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-fig3 --out DIR --claims FILE [options]\n"
    "  --seed N            random seed (default 1)\n"
    "  --d N               token dimension, even (default 10)\n"
    "  --T N               context length T_max (default 15, the paper's caption)\n"
    "  --heads-unitary N   heads for unitary contexts (default 10 = d)\n"
    "  --heads-orthogonal N heads for orthogonal contexts (default 8 < d)\n"
    "  --steps N           maximum gradient steps per case (default 100000)\n"
    "  --lr-unitary X      step size, unitary (default 1e-2)\n"
    "  --lr-orthogonal X   step size, orthogonal (default 1e-3)\n"
    "  --tol X             stop when the loss is below X (default 1e-8)\n"
    "  --init X            initial scale of A, B, P (X * N(0,1); default 0.1)\n"
    "  --restarts N        further random initialisations per case for the claim\n"
    "                      fig3.restarts (default 8)\n"
    "  --profile NAME      recorded in the CSV settings (default quick)\n";

typedef struct {
    uint64_t seed;
    int d, T, H[2], restarts;
    long steps;
    double lr[2], tol, init;
    const char *profile;
} Opts;

typedef struct {
    const char *name;
    TheoryForm form;
    int H;
    double lr, tol;
    long max_steps;
    double *A, *B, *C, *P, loss;
    long steps;
    double *trace;   /* (step, loss) pairs: every 10 steps up to 1000, then every 100 */
    long ntrace;
} Case;


static void settings(CsvOut *c, const void *ctx) {
    const Opts *o = ctx;
    csv_setting(c, "tool", "icar-fig3");
    csv_setting(c, "profile", "%s", o->profile);
    csv_setting(c, "seed", "%llu", (unsigned long long)o->seed);
    csv_setting(c, "d", "%d", o->d);
    csv_setting(c, "T", "%d", o->T);
    csv_setting(c, "heads_unitary", "%d", o->H[0]);
    csv_setting(c, "heads_orthogonal", "%d", o->H[1]);
    csv_setting(c, "lr_unitary", "%g", o->lr[0]);
    csv_setting(c, "lr_orthogonal", "%g", o->lr[1]);
    csv_setting(c, "max_steps", "%ld", o->steps);
    csv_setting(c, "restarts", "%d", o->restarts);
    csv_setting(c, "tol", "%g", o->tol);
    csv_setting(c, "init", "%g N(0,1)", o->init);
    csv_setting(c, "loss", "closed form (unitary: derived here; orthogonal: authors' code, verified)");
}

static void trace_cb(void *ctx, long step, double loss) {
    Case *c = ctx;   /* called every 10 steps and at the last */
    if (step >= 1000 && step % 100 && loss >= c->tol && step != c->max_steps) return;
    c->trace = xrealloc(c->trace, sizeof(double) * 2 * (c->ntrace + 1));
    c->trace[2 * c->ntrace] = step;
    c->trace[2 * c->ntrace + 1] = loss;
    c->ntrace++;
}

/* One run from the initialisation of stream `stream`; traced runs record the loss curve. */
static void train(Case *c, const Opts *o, uint64_t stream, int traced) {
    int d = o->d, T = o->T, H = c->H;
    Rng r;
    rng_init(&r, o->seed, stream);
    c->A = xmalloc(sizeof(double) * H * d);
    c->B = xmalloc(sizeof(double) * H * d);
    c->P = xcalloc((size_t)T * T, sizeof(double));
    c->C = xmalloc(sizeof(double) * d * d);
    rng_normals(&r, c->A, (size_t)H * d);
    rng_normals(&r, c->B, (size_t)H * d);
    rng_normals(&r, c->P, (size_t)T * T);
    for (int k2 = 0; k2 < H * d; k2++) { c->A[k2] *= o->init; c->B[k2] *= o->init; }
    for (int i = 0; i < T; i++)   /* entries the loss never uses stay 0 */
        for (int j = 0; j < T; j++) c->P[i * T + j] = (i <= T - 2 && j <= i + 1) ? o->init * c->P[i * T + j] : 0;
    double t0 = now_seconds();
    c->tol = o->tol;
    c->max_steps = o->steps;
    c->steps = theory_train(c->form, c->A, c->B, H, d, c->P, T, c->lr, o->steps, o->tol,
                            &c->loss, 10, traced ? trace_cb : NULL, c);
    theory_C(c->A, c->B, H, d, c->C);
    fprintf(stderr, "icar-fig3: %s H=%d (init stream %llu): loss %.3g after %ld steps (%.2f s)\n",
            c->name, H, (unsigned long long)stream, c->loss, c->steps, now_seconds() - t0);
}

static void free_case(Case *c) {
    free(c->A); free(c->B); free(c->C); free(c->P); free(c->trace);
    c->A = c->B = c->C = c->P = c->trace = NULL;
    c->ntrace = 0;
}

static void write_case(const Case *c, const Opts *o, const char *dir) {
    char path[4096];
    int d = o->d, T = o->T;
    snprintf(path, sizeof path, "%s/%s_A.csv", dir, c->name);
    matcsv_write(path, c->A, c->H, d, d, settings, o);
    snprintf(path, sizeof path, "%s/%s_B.csv", dir, c->name);
    matcsv_write(path, c->B, c->H, d, d, settings, o);
    snprintf(path, sizeof path, "%s/%s_C.csv", dir, c->name);
    matcsv_write(path, c->C, d, d, d, settings, o);
    snprintf(path, sizeof path, "%s/%s_P.csv", dir, c->name);
    matcsv_write(path, c->P, T - 1, T, T, settings, o);   /* rows T'-1 = 1..T-1 */
}

/* P row of length T' (0-based row T'-2) */
#define PROW(c, Tp) ((c)->P + (size_t)((Tp) - 2) * T)

static void unitary_claims(Claims *cl, const Case *c, const Opts *o) {
    int d = o->d, T = o->T;
    double off = 0, dmin = INFINITY, pc = 0, pother = 0;
    for (int i = 0; i < d; i++) {
        dmin = fmin(dmin, fabs(c->C[i * d + i]));
        for (int j = 0; j < d; j++)
            if (i != j) off = fmax(off, fabs(c->C[i * d + j]));
    }
    for (int Tp = 2; Tp <= T; Tp++) {
        const double *p = PROW(c, Tp);
        for (int i = 0; i < d; i++) pc = fmax(pc, fabs(p[Tp - 1] * c->C[i * d + i] - 1));
        for (int t = 0; t < Tp - 1; t++) pother = fmax(pother, fabs(p[t] / p[Tp - 1]));
    }
    claim_note(cl, "prop3.loss", c->loss, "d=%d, H=%d, T=%d, %ld GD steps", d, c->H, T, c->steps);
    claim(cl, "prop3.offdiag", off / dmin);
    claim(cl, "prop3.pC", pc);
    claim(cl, "prop3.p_other", pother);
}

static void orthogonal_claims(Claims *cl, const Case *c, const Opts *o) {
    int d = o->d, T = o->T;
    double cmax = 0, offblock = 0, block = 0, pc = 0, ratio_dev = 0, ratio_worst = -0.5, pother = 0;
    for (int k = 0; k < d * d; k++) cmax = fmax(cmax, fabs(c->C[k]));
    for (int i = 0; i < d; i++)
        for (int j = 0; j < d; j++) {
            if (i / 2 != j / 2) offblock = fmax(offblock, fabs(c->C[i * d + j]) / cmax);
            else block = fmax(block, fabs(c->C[i * d + j] / c->C[(i & ~1) * d + (i & ~1)] - 1));
        }
    for (int Tp = 2; Tp <= T; Tp++) {
        const double *p = PROW(c, Tp);
        for (int i = 0; i < d; i++) pc = fmax(pc, fabs(p[Tp - 1] * c->C[i * d + i] - 1));
        double ratio = p[Tp - 2] / p[Tp - 1];
        if (fabs(ratio + 0.5) > ratio_dev) { ratio_dev = fabs(ratio + 0.5); ratio_worst = ratio; }
        for (int t = 0; t < Tp - 2; t++) pother = fmax(pother, fabs(p[t] / p[Tp - 1]));
    }
    /* numerical rank: singular values above 1e-3 of the largest */
    double *a = xmalloc(sizeof(double) * d * d), *sv = xmalloc(sizeof(double) * d);
    double *sup = xmalloc(sizeof(double) * d);
    memcpy(a, c->C, sizeof(double) * d * d);
    if (LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', d, d, a, d, sv, NULL, 1, NULL, 1, sup) != 0)
        die("LAPACKE_dgesvd failed on C");
    int rank = 0;
    for (int k = 0; k < d; k++) rank += sv[k] > 1e-3 * sv[0];
    claim_note(cl, "prop6.structure.loss", c->loss, "d=%d, H=%d, T=%d, %ld GD steps", d, c->H, T, c->steps);
    claim(cl, "prop6.structure.offblock", offblock);
    claim(cl, "prop6.structure.block", block);
    claim_note(cl, "prop6.structure.rank", rank, "d=%d", d);
    claim(cl, "prop6.structure.ratio", ratio_worst);
    claim(cl, "prop6.structure.pC", pc);
    claim(cl, "prop6.structure.p_other", pother);
    free(a); free(sv); free(sup);
}

int main(int argc, char **argv) {
    err_set_program("icar-fig3");
    Opts o = {.seed = 1, .d = 10, .T = 15, .H = {10, 8}, .steps = 100000, .lr = {1e-2, 1e-3},
              .tol = 1e-8, .init = 0.1, .restarts = 8, .profile = "quick"};
    const char *out = NULL, *claims = NULL;
    static struct option opts[] = {
        {"seed", required_argument, 0, 's'},  {"d", required_argument, 0, 'd'},
        {"T", required_argument, 0, 'T'},     {"heads-unitary", required_argument, 0, 'u'},
        {"heads-orthogonal", required_argument, 0, 'v'}, {"steps", required_argument, 0, 'n'},
        {"lr-unitary", required_argument, 0, 'a'}, {"lr-orthogonal", required_argument, 0, 'b'},
        {"tol", required_argument, 0, 't'},   {"init", required_argument, 0, 'i'},
        {"profile", required_argument, 0, 'p'}, {"out", required_argument, 0, 'o'},
        {"claims", required_argument, 0, 'c'}, {"restarts", required_argument, 0, 'r'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 's': o.seed = arg_seed(optarg); break;
        case 'd': o.d = arg_long("--d", optarg, 2, 64); break;
        case 'T': o.T = arg_long("--T", optarg, 2, 200); break;
        case 'u': o.H[0] = arg_long("--heads-unitary", optarg, 1, 256); break;
        case 'v': o.H[1] = arg_long("--heads-orthogonal", optarg, 1, 256); break;
        case 'n': o.steps = arg_long("--steps", optarg, 0, 100000000); break;
        case 'a': o.lr[0] = arg_double("--lr-unitary", optarg, 1e-12, 10); break;
        case 'b': o.lr[1] = arg_double("--lr-orthogonal", optarg, 1e-12, 10); break;
        case 't': o.tol = arg_double("--tol", optarg, 0, 1e6); break;
        case 'i': o.init = arg_double("--init", optarg, 0, 10); break;
        case 'p': o.profile = optarg; break;
        case 'r': o.restarts = arg_long("--restarts", optarg, 0, 10000); break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !out || !claims) usage_exit(USAGE);
    if (o.d % 2) die("--d must be even (orthogonal contexts come in conjugate pairs), got %d", o.d);
    make_dirs(out);
    make_parent_dirs(claims);
    Claims *cl = claims_open(claims);   /* opened first: an unwritable path fails early */

    Case cs[2] = {{.name = "unitary", .form = THEORY_UNITARY, .H = o.H[0], .lr = o.lr[0]},
                  {.name = "orthogonal", .form = THEORY_ORTHOGONAL, .H = o.H[1], .lr = o.lr[1]}};
    for (int k = 0; k < 2; k++) {
        train(&cs[k], &o, RNG_INIT * 100 + k, 1);
        write_case(&cs[k], &o, out);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/trace.csv", out);
    CsvOut *tr = csv_create(path);
    settings(tr, &o);
    csv_header(tr, "case,step,loss");   /* case 0 unitary, 1 orthogonal */
    for (int c = 0; c < 2; c++)
        for (long k = 0; k < cs[c].ntrace; k++) {
            csv_int(tr, c);
            csv_int(tr, (long)cs[c].trace[2 * k]);
            csv_num(tr, cs[c].trace[2 * k + 1]);
            csv_endrow(tr);
        }
    csv_close(tr);

    snprintf(path, sizeof path, "%s/summary.csv", out);
    CsvOut *sm = csv_create(path);
    settings(sm, &o);
    csv_header(sm, "case,heads,lr,steps,final_loss,loss_at_step_100000");
    for (int c = 0; c < 2; c++) {
        double at = NAN;   /* NaN: stopped before step 10^5 */
        for (long k = 0; k < cs[c].ntrace; k++)
            if (cs[c].trace[2 * k] == 100000) at = cs[c].trace[2 * k + 1];
        csv_str(sm, cs[c].name);
        csv_int(sm, cs[c].H);
        csv_num(sm, cs[c].lr);
        csv_int(sm, cs[c].steps);
        csv_num(sm, cs[c].loss);
        csv_num(sm, at);
        csv_endrow(sm);
    }
    csv_close(sm);

    unitary_claims(cl, &cs[0], &o);
    orthogonal_claims(cl, &cs[1], &o);
    for (int k = 0; k < 2; k++) free_case(&cs[k]);

    /* Global convergence from other random starts (the paper: "in both cases, we obtain
     * arbitrarily small final loss"). */
    snprintf(path, sizeof path, "%s/restarts.csv", out);
    CsvOut *rs = csv_create(path);
    settings(rs, &o);
    csv_header(rs, "case,run,steps,final_loss,converged");
    int ok[2] = {0, 0};
    for (int run = 1; run <= o.restarts; run++)
        for (int k = 0; k < 2; k++) {
            train(&cs[k], &o, RNG_INIT * 100 + 10 * run + k, 0);
            int conv = cs[k].loss < o.tol;
            ok[k] += conv;
            csv_str(rs, cs[k].name); csv_int(rs, run); csv_int(rs, cs[k].steps);
            csv_num(rs, cs[k].loss); csv_int(rs, conv);
            csv_endrow(rs);
            free_case(&cs[k]);
        }
    csv_close(rs);
    if (o.restarts > 0)
        for (int k = 0; k < 2; k++) {
            char id[64];
            snprintf(id, sizeof id, "fig3.restarts_%s", cs[k].name);
            claim_note(cl, id, (double)ok[k] / o.restarts, "%d starts, step %g, at most %ld steps, stop below %g",
                       o.restarts, cs[k].lr, o.steps, o.tol);
        }
    claims_close(cl);
    return 0;
}
