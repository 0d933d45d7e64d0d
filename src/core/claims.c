#include "claims.h"
#include "err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

Claims *claims_open(const char *path) {
    Claims *c = xcalloc(1, sizeof *c);
    c->out = csv_create(path);
    csv_header(c->out, "id,figure,statement,expected,measured,tolerance,pass");
    return c;
}

int claims_close(Claims *c) {
    int failed = c->failed;
    csv_close(c->out);
    free(c);
    return failed;
}

void claim_row(Claims *c, const char *id, const char *figure, const char *statement,
               const char *expected, double measured, const char *tolerance, int pass) {
    if (!isfinite(measured)) pass = 0;
    csv_str(c->out, id);
    csv_str(c->out, figure);
    csv_str(c->out, statement);
    csv_str(c->out, expected);
    csv_num(c->out, measured);
    csv_str(c->out, tolerance);
    csv_int(c->out, pass ? 1 : 0);
    csv_endrow(c->out);
    if (pass) c->passed++; else c->failed++;
    printf("%s %-28s measured %-12.6g expected %s (%s)\n", pass ? "PASS" : "FAIL", id, measured,
           expected, tolerance);
}

int claim_near(Claims *c, const char *id, const char *figure, const char *statement,
               double expected, double measured, double tol) {
    char e[64], t[64];
    snprintf(e, sizeof e, "%.10g", expected);
    snprintf(t, sizeof t, "abs<=%.3g", tol);
    int pass = fabs(measured - expected) <= tol;
    claim_row(c, id, figure, statement, e, measured, t, pass);
    return pass;
}

int claim_below(Claims *c, const char *id, const char *figure, const char *statement,
                double bound, double measured) {
    char e[64];
    snprintf(e, sizeof e, "<%.6g", bound);
    int pass = measured < bound;
    claim_row(c, id, figure, statement, e, measured, "strict", pass);
    return pass;
}

int claim_above(Claims *c, const char *id, const char *figure, const char *statement,
                double bound, double measured) {
    char e[64];
    snprintf(e, sizeof e, ">%.6g", bound);
    int pass = measured > bound;
    claim_row(c, id, figure, statement, e, measured, "strict", pass);
    return pass;
}
