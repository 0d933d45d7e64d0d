/* fig3claims.c — the claims of Figure 3 from its CSVs (fig3claims.h). */
#include "fig3claims.h"
#include "csvio.h"
#include "err.h"
#include "matcsv.h"
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One case of the figure as its CSVs hold it. */
typedef struct {
    int d, T, H;
    long steps;
    double loss, lr;
    double *C;   /* d x d, C = B^T A */
    double *P;   /* T x T, row T-1 (0-based) zero: the file holds rows 1..T-1 */
} Fig3Case;

/* P row of length T' (0-based row T'-2) */
#define PROW(c, Tp) ((c)->P + (size_t)((Tp) - 2) * (c)->T)

static double setting_num(const CsvTable *t, const char *key) {
    const char *v = table_setting(t, key);
    if (!v) die("'%s' lacks the setting %s", t->path, key);
    return atof(v);
}

static CsvTable *read_in(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return table_read(path);
}

/* The matrix NAME (C or P) of case NAME from DIR, rows x cols into a zeroed array. */
static double *read_matrix(const char *dir, const char *cname, const char *m, int rows, int cols) {
    char name[256];
    snprintf(name, sizeof name, "%s_%s.csv", cname, m);
    CsvTable *t = read_in(dir, name);
    matcsv_check(t, rows, cols);   /* before the allocation: a bad file leaks nothing */
    double *M = xcalloc((size_t)cols * cols, sizeof(double));
    matcsv_fill(t, M, rows, cols, cols);
    table_free(t);
    return M;
}

/* Case NAME: its row of summary.csv and its C and P. */
static Fig3Case read_case(const char *dir, const CsvTable *sm, const char *name) {
    Fig3Case c = {.d = (int)setting_num(sm, "d"), .T = (int)setting_num(sm, "T")};
    int cc = table_col(sm, "case"), r = 0;
    while (r < sm->nrows && strcmp(table_cell(sm, r, cc), name) != 0) r++;
    if (r == sm->nrows) die("'%s' has no row of case %s", sm->path, name);
    c.H = (int)table_num(sm, r, table_col(sm, "heads"));
    c.steps = (long)table_num(sm, r, table_col(sm, "steps"));
    c.loss = table_num(sm, r, table_col(sm, "final_loss"));
    c.lr = table_num(sm, r, table_col(sm, "lr"));
    c.C = read_matrix(dir, name, "C", c.d, c.d);
    c.P = read_matrix(dir, name, "P", c.T - 1, c.T);
    return c;
}

static void unitary_claims(Claims *cl, const Fig3Case *c) {
    int d = c->d, T = c->T;
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

/* Singular values of the d x d matrix C above 1e-3 of the largest. */
static int numerical_rank(const double *C, int d) {
    double *a = xmalloc(sizeof(double) * d * d), *sv = xmalloc(sizeof(double) * d);
    double *sup = xmalloc(sizeof(double) * d);
    memcpy(a, C, sizeof(double) * d * d);
    if (LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'N', 'N', d, d, a, d, sv, NULL, 1, NULL, 1, sup) != 0)
        die("LAPACKE_dgesvd failed on C");
    int rank = 0;
    for (int k = 0; k < d; k++) rank += sv[k] > 1e-3 * sv[0];
    free(a); free(sv); free(sup);
    return rank;
}

static void orthogonal_claims(Claims *cl, const Fig3Case *c) {
    int d = c->d, T = c->T;
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
    claim_note(cl, "prop6.structure.loss", c->loss, "d=%d, H=%d, T=%d, %ld GD steps", d, c->H, T, c->steps);
    claim(cl, "prop6.structure.offblock", offblock);
    claim(cl, "prop6.structure.block", block);
    claim_note(cl, "prop6.structure.rank", numerical_rank(c->C, d), "d=%d", d);
    claim(cl, "prop6.structure.ratio", ratio_worst);
    claim(cl, "prop6.structure.pC", pc);
    claim(cl, "prop6.structure.p_other", pother);
}

/* fig3.restarts_CASE for both cases, from restarts.csv (the paper: "in both cases, we
 * obtain arbitrarily small final loss"). */
static void restart_claims(Claims *cl, const char *dir, const Fig3Case cs[2], const char *const names[2]) {
    CsvTable *rs = read_in(dir, "restarts.csv");
    int n = (int)setting_num(rs, "restarts");
    long steps = (long)setting_num(rs, "max_steps");
    double tol = setting_num(rs, "tol");
    int cc = table_col(rs, "case"), cv = table_col(rs, "converged");
    for (int k = 0; n > 0 && k < 2; k++) {
        int ok = 0;
        for (int r = 0; r < rs->nrows; r++)
            if (strcmp(table_cell(rs, r, cc), names[k]) == 0) ok += table_num(rs, r, cv) != 0;
        char id[64];
        snprintf(id, sizeof id, "fig3.restarts_%s", names[k]);
        claim_note(cl, id, (double)ok / n, "%d starts, step %g, at most %ld steps, stop below %g", n, cs[k].lr,
                   steps, tol);
    }
    table_free(rs);
}

void fig3_claims(const char *dir, Claims *cl) {
    static const char *const NAMES[2] = {"unitary", "orthogonal"};
    CsvTable *sm = read_in(dir, "summary.csv");
    Fig3Case cs[2];
    for (int k = 0; k < 2; k++) cs[k] = read_case(dir, sm, NAMES[k]);
    table_free(sm);
    unitary_claims(cl, &cs[0]);
    orthogonal_claims(cl, &cs[1]);
    restart_claims(cl, dir, cs, NAMES);
    for (int k = 0; k < 2; k++) { free(cs[k].C); free(cs[k].P); }
}
