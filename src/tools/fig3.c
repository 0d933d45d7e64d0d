/* icar-fig3 — minimizers of the population loss (Figure 3, Props. 3 and 6).
 *
 *   icar-fig3 --d N --T N --heads-unitary N --heads-orthogonal N --lr-unitary X --lr-orthogonal X
 *             --steps N --restarts N --tol X --init X
 *             --out data/results/fig3 --claims data/results/claims/fig3.csv
 *
 * (make fig3 passes every setting from specs/fig3.mk.)
 *
 * Gradient descent on (A, B, P) of model (6) under Assumptions 1 and 3, on the
 * closed-form population loss (theory.h): unitary contexts with H = d heads, and
 * orthogonal contexts (conjugate pairs) with H < d heads. Writes, per case,
 * CASE_A.csv, CASE_B.csv, CASE_C.csv (C = B^T A), CASE_P.csv (row,col,value; P rows
 * 1..T-1, columns 1..T, entries above the first super-diagonal zeroed), trace.csv
 * (case, step, loss), restarts.csv (the same from --restarts further initialisations,
 * claim fig3.restarts_*), summary.csv (case, H, lr, steps, final loss, loss at step 10^5 —
 * the authors' step cap) and, from those CSVs as written, the claims prop3.*,
 * prop6.structure.* and fig3.restarts_* (fig3claims.h). */
#include "claims.h"
#include "err.h"
#include "fig3claims.h"
#include "opts.h"
#include "matcsv.h"
#include "progress.h"
#include "theory.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t seed;
    int d, T, H[2], restarts;
    long steps;
    double lr[2], tol, init;
    const char *profile;
    const Opt *table;   /* the option table: the settings lines of every CSV */
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
    matcsv_write(path, c->A, c->H, d, d, opts_settings, o->table);
    snprintf(path, sizeof path, "%s/%s_B.csv", dir, c->name);
    matcsv_write(path, c->B, c->H, d, d, opts_settings, o->table);
    snprintf(path, sizeof path, "%s/%s_C.csv", dir, c->name);
    matcsv_write(path, c->C, d, d, d, opts_settings, o->table);
    snprintf(path, sizeof path, "%s/%s_P.csv", dir, c->name);
    matcsv_write(path, c->P, T - 1, T, T, opts_settings, o->table);   /* rows T'-1 = 1..T-1 */
}

int main(int argc, char **argv) {
    Opts o = {.seed = 1, .profile = "quick"};
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_RUN("icar-fig3", o.profile, o.seed),
        {"d", OPT_INT, &o.d, 2, 64, .required = 1, .help = "token dimension, even", .key = "d"},
        {"T", OPT_INT, &o.T, 2, 200, .required = 1, .help = "context length T_max (the paper's caption: 15)", .key = "T"},
        {"heads-unitary", OPT_INT, &o.H[0], 1, 256, .required = 1, .help = "heads for unitary contexts", .key = "heads_unitary"},
        {"heads-orthogonal", OPT_INT, &o.H[1], 1, 256, .required = 1, .help = "heads for orthogonal contexts", .key = "heads_orthogonal"},
        {"lr-unitary", OPT_DOUBLE, &o.lr[0], 1e-12, 10, .required = 1, .help = "step size, unitary", .key = "lr_unitary"},
        {"lr-orthogonal", OPT_DOUBLE, &o.lr[1], 1e-12, 10, .required = 1, .help = "step size, orthogonal", .key = "lr_orthogonal"},
        {"steps", OPT_LONG, &o.steps, 0, 100000000, .required = 1, .help = "maximum gradient steps per case", .key = "max_steps"},
        {"restarts", OPT_INT, &o.restarts, 0, 10000, .required = 1,
         .help = "further random initialisations per case for the claim fig3.restarts", .key = "restarts"},
        {"tol", OPT_DOUBLE, &o.tol, 0, 1e6, .required = 1, .help = "stop when the loss is below X", .key = "tol"},
        {"init", OPT_DOUBLE, &o.init, 0, 10, .required = 1, .help = "initial scale of A, B, P (X * N(0,1))", .key = "init",
         .fmt = "%g N(0,1)"},
        {.kind = OPT_TEXT, .key = "loss", .text = "closed form (unitary: derived here; orthogonal: authors' code, verified)"},
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .help = "the figure's CSVs", .required = 1},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .help = "the figure's claims", .required = 1},
        {0}};
    o.table = opts;
    opts_parse(opts, argc, argv, "icar-fig3", NULL);
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
    opts_settings(tr, opts);
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
    opts_settings(sm, opts);
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

    for (int k = 0; k < 2; k++) free_case(&cs[k]);

    /* Global convergence from other random starts (the paper: "in both cases, we obtain
     * arbitrarily small final loss"). */
    snprintf(path, sizeof path, "%s/restarts.csv", out);
    CsvOut *rs = csv_create(path);
    opts_settings(rs, opts);
    csv_header(rs, "case,run,steps,final_loss,converged");
    for (int run = 1; run <= o.restarts; run++)
        for (int k = 0; k < 2; k++) {
            train(&cs[k], &o, RNG_INIT * 100 + 10 * run + k, 0);
            int conv = cs[k].loss < o.tol;
            csv_str(rs, cs[k].name); csv_int(rs, run); csv_int(rs, cs[k].steps);
            csv_num(rs, cs[k].loss); csv_int(rs, conv);
            csv_endrow(rs);
            free_case(&cs[k]);
        }
    csv_close(rs);
    fig3_claims(out, cl);   /* from the CSVs as written, as icar-rederive derives them from an archive */
    claims_close(cl);
    return 0;
}
