/* theoryclaims.c — the theory's claims from its summary.csv (theoryclaims.h). */
#include "theoryclaims.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The value of row NAME. */
static double value(const CsvTable *t, const char *name) {
    int cn = table_col(t, "name"), cv = table_col(t, "value");
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, cn), name) == 0) return table_num(t, r, cv);
    die("'%s' has no row %s", t->path, name);
}

/* The setting KEY: a whole number of at least 1. */
static long setting(const CsvTable *t, const char *key) {
    const char *v = table_setting(t, key);
    if (!v) die("'%s' lacks the setting %s", t->path, key);
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 1) die("'%s': setting %s=%s is not a whole number of at least 1", t->path, key, v);
    return n;
}

/* |a - b| / b of rows A and B (a step size found against its formula). */
static double relative(const CsvTable *t, const char *a, const char *b) {
    return fabs(value(t, a) - value(t, b)) / value(t, b);
}

/* |closed - mc| / se of rows CLOSED, MC and MC_SE (standard errors of the Monte-Carlo). */
static double standard_errors(const CsvTable *t, const char *closed, const char *mc, const char *se) {
    return fabs(value(t, closed) - value(t, mc)) / value(t, se);
}

void theory_claims(const CsvTable *summary, Claims *cl) {
    const CsvTable *t = summary;
    long mc = setting(t, "mc"), d = setting(t, "mc_d"), T = setting(t, "mc_T"), H = setting(t, "mc_heads");
    long starts = setting(t, "flow");
    claim(cl, "lemma2.forward", value(t, "lemma2.max_rel_diff"));
    claim(cl, "prop1.gd_step", value(t, "prop1.max_abs_diff"));
    claim(cl, "prop2.eta", relative(t, "prop2.a3b1", "prop2.eta_star"));
    claim(cl, "prop2.others", value(t, "prop2.others"));
    claim(cl, "prop2.eta_s0zero", relative(t, "prop2.s0zero.a3b1", "prop2.s0zero.eta_shifted"));
    claim(cl, "prop2.asymptotic", value(t, "prop2.eta_times_Tmax_1e4"));
    claim_note(cl, "prop4.closed_vs_mc", standard_errors(t, "prop4.closed_derived", "prop4.mc", "prop4.mc_se"),
               "%ld contexts, d=%ld, H=%ld, T=%ld", mc, d, H, T);
    claim_note(cl, "prop4.printed_erratum", standard_errors(t, "prop4.closed_printed", "prop4.mc", "prop4.mc_se"),
               "%ld contexts, d=%ld, H=%ld, T=%ld", mc, d, H, T);
    claim_note(cl, "prop6.closed_vs_mc", standard_errors(t, "prop6.closed_authors", "prop6.mc", "prop6.mc_se"),
               "%ld contexts, d=%ld, H=%ld, T=%ld", mc, d, H, T);
    claim_note(cl, "lemma3.zero_loss", fmax(fabs(value(t, "lemma3.closed")), value(t, "lemma3.mc")),
               "d=%ld, H=%ld, T=%ld", d, d / 2, T);
    claim_note(cl, "prop5.flow", value(t, "prop5.converged") / starts, "%ld starts", starts);
    claim(cl, "prop7.hessian", value(t, "prop7.max_abs_diff"));
    claim(cl, "prop7.eigs", value(t, "prop7.top_over_T"));
    claim(cl, "prop7.eigs.second", value(t, "prop7.second") / value(t, "prop7.top"));
}
