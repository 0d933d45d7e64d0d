#include "claims.h"
#include "err.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Claims {
    CsvOut *out;
};

Claims *claims_open(const char *path) {
    Claims *c = xcalloc(1, sizeof *c);
    c->out = csv_create(path);
    csv_header(c->out, CLAIMS_HEADER);
    return c;
}

static void claim_row(Claims *c, const char *id, double measured, const char *note) {
    csv_str(c->out, id);
    csv_num(c->out, measured);
    csv_str(c->out, note);
    csv_endrow(c->out);
    printf("MEASURED %-28s %-12.6g %s\n", id, measured, note);
}

void claim(Claims *c, const char *id, double measured) { claim_row(c, id, measured, ""); }

void claim_note(Claims *c, const char *id, double measured, const char *fmt, ...) {
    char note[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
    claim_row(c, id, measured, note);
}

void claims_close(Claims *c) {
    csv_close(c->out);
    free(c);
}

/* ---------- checks ---------- */

static int parse_bound(const char *s, double *x) {
    char *end;
    if (!s || !*s) return 0;
    *x = strtod(s, &end);
    return *end == '\0' && isfinite(*x);
}

int check_parse(Check *k, const char *comparator, const char *bound, const char *bound2,
                char *why, size_t whylen) {
    static const struct { const char *name; CmpKind kind; int nbounds; } CMP[] = {
        {"<", CMP_BELOW, 1}, {">", CMP_ABOVE, 1}, {"abs<=", CMP_NEAR, 2}, {"between", CMP_BETWEEN, 2}};
    int n = -1;
    for (size_t i = 0; i < sizeof CMP / sizeof *CMP; i++)
        if (strcmp(comparator, CMP[i].name) == 0) { k->kind = CMP[i].kind; n = CMP[i].nbounds; }
    int has2 = bound2 && *bound2;
    if (n < 0)
        snprintf(why, whylen, "unknown comparator '%s' (<, >, abs<= or between)", comparator);
    else if (!parse_bound(bound, &k->a))
        snprintf(why, whylen, "bound '%s' is not a finite number", bound ? bound : "");
    else if (n == 1 && has2)
        snprintf(why, whylen, "comparator '%s' takes one bound, bound2 is '%s'", comparator, bound2);
    else if (n == 2 && !parse_bound(bound2, &k->b))
        snprintf(why, whylen, "comparator '%s' needs bound2 as a finite number, not '%s'", comparator,
                 bound2 ? bound2 : "");
    else if (k->kind == CMP_NEAR && k->b < 0)
        snprintf(why, whylen, "abs<= with a negative tolerance %s", bound2);
    else if (k->kind == CMP_BETWEEN && k->a > k->b)
        snprintf(why, whylen, "between %s and %s: the lower bound is above the upper", bound, bound2);
    else
        return 1;
    return 0;
}

int check_pass(const Check *k, double m) {
    if (!isfinite(m)) return 0;
    switch (k->kind) {
    case CMP_BELOW:   return m < k->a;
    case CMP_ABOVE:   return m > k->a;
    case CMP_NEAR:    return fabs(m - k->a) <= k->b;
    case CMP_BETWEEN: return m >= k->a && m <= k->b;
    }
    return 0;
}

void check_describe(const char *comparator, const char *bound, const char *bound2,
                    char *expected, size_t elen, char *tolerance, size_t tlen) {
    if (strcmp(comparator, "abs<=") == 0) {
        snprintf(expected, elen, "%s", bound);
        snprintf(tolerance, tlen, "abs<=%s", bound2);
    } else if (strcmp(comparator, "between") == 0) {
        snprintf(expected, elen, "in [%s, %s]", bound, bound2);
        snprintf(tolerance, tlen, "inclusive");
    } else {
        snprintf(expected, elen, "%s%s", comparator, bound);
        snprintf(tolerance, tlen, "strict");
    }
}

Check claims_registered_check(const char *path, const char *id) {
    CsvTable *t = table_read_tsv(path);
    int cid = table_col(t, "id"), ccmp = table_col(t, "comparator");
    int cb = table_col(t, "bound"), cb2 = table_col(t, "bound2");
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, cid), id) == 0) {
            Check k;
            char why[256];
            if (!check_parse(&k, table_cell(t, r, ccmp), table_cell(t, r, cb), table_cell(t, r, cb2), why, sizeof why))
                die("'%s': claim '%s': %s", path, id, why);
            table_free(t);
            return k;
        }
    die("'%s': claim '%s' is not registered", path, id);
}
