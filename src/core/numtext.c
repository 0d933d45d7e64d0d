/* numtext.c — numbers and text as the manuscript and the README print them (numtext.h). */
#include "numtext.h"
#include "claims.h"
#include "err.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


/* s is a whole number ("0.6", "1e-08", "nan"), not text that starts with one. */
int num_parse(const char *s, double *x) {
    char *end;
    if (!*s) return 0;
    *x = strtod(s, &end);
    return end != s && *end == '\0';
}

/* Exponent e as Unicode superscripts appended to s: -15 -> "⁻¹⁵". */
static void append_superscript(char *s, int e) {
    static const char *digit[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    char buf[16];
    snprintf(buf, sizeof buf, "%d", e);
    for (const char *c = buf; *c; c++) strcat(s, *c == '-' ? "⁻" : digit[*c - '0']);
}

/* Remove trailing zeros (and a trailing '.') after a decimal point. */
static void strip_zeros(char *s) {
    if (!strchr(s, '.')) return;
    char *end = s + strlen(s) - 1;
    while (*end == '0') *end-- = '\0';
    if (*end == '.') *end = '\0';
}

/* x to `sig` significant digits in text[NUMBER_TEXT]; trailing zeros kept only when
 * `keep_zeros` (they are significant beside a standard error). */
void num_format(char *text, double x, int sig, int keep_zeros) {
    if (isnan(x)) { strcpy(text, "not measured"); return; }
    if (isinf(x)) { strcpy(text, x > 0 ? "infinite" : "minus infinite"); return; }
    if (x == floor(x) && fabs(x) < 1e15) { snprintf(text, NUMBER_TEXT, "%.0f", x); return; }
    if (sig < 1) sig = 1;
    if (sig > 17) sig = 17;
    char mant[64];
    snprintf(mant, sizeof mant, "%.*e", sig - 1, x);   /* "d.ddde±XX": the exponent after rounding */
    char *e_at = strchr(mant, 'e');
    int e = atoi(e_at + 1);
    *e_at = '\0';
    if (e >= -4 && e < 6) {
        snprintf(text, NUMBER_TEXT, "%.*f", sig - 1 - e > 0 ? sig - 1 - e : 0, x);
        if (!keep_zeros) strip_zeros(text);
        return;
    }
    if (!keep_zeros) strip_zeros(mant);
    if (strcmp(mant, "1") == 0) strcpy(text, "10");
    else if (strcmp(mant, "-1") == 0) strcpy(text, "-10");
    else snprintf(text, NUMBER_TEXT, "%s × 10", mant);
    append_superscript(text, e);
}

static void put_significant(FILE *out, double x, int sig, int keep_zeros) {
    char text[NUMBER_TEXT];
    num_format(text, x, sig, keep_zeros);
    fputs(text, out);
}

/* x beside its standard error se (se <= 0 or NaN: unknown, NUM_SIGNIFICANT); a
 * standard error itself (is_se) to 2 significant digits. */
void num_put(FILE *out, double x, double se, int is_se) {
    if (is_se) {
        put_significant(out, x, 2, 1);
        return;
    }
    if (!(se > 0) || isinf(se) || !isfinite(x) || x == 0) {
        put_significant(out, x, NUM_SIGNIFICANT, 0);
        return;
    }
    /* Last digit kept: the decimal place of se's second significant digit. */
    int last = (int)floor(log10(se)) - 1;
    put_significant(out, x, (int)floor(log10(fabs(x))) - last + 1, 1);
}

/* Text with '|' escaped and line breaks as spaces: safe inside a pipe-table cell. */
void text_put_cell(FILE *out, const char *s) {
    for (; *s; s++) {
        if (*s == '|') fputs("\\|", out);
        else if (*s == '\n' || *s == '\r') fputc(' ', out);
        else fputc(*s, out);
    }
}

/* Does a column, row or setting of this name hold standard errors? */
int name_is_se(const char *name) {
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, "_se") == 0;
}

/* A cell or setting named `name`: a number formatted as above (beside its standard
 * error se_text, or NULL), a bound such as "<1e-08" or "abs<=0.001" as its words and
 * its number, anything else as escaped text. */
/* A list of two or more numbers separated by single spaces (the seeds and per-seed values
 * of the claims table), each formatted, comma-separated; 0 if s is not such a list. */
static int list_put(FILE *out, const char *s) {
    char *copy = xstrdup(s), *save;
    double x = 0;
    int n = 0, all = 1;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), n++) all = all && num_parse(w, &x);
    free(copy);
    if (!all || n < 2) return 0;
    copy = xstrdup(s);
    n = 0;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), n++) {
        if (n) fputs(", ", out);
        num_parse(w, &x);
        num_put(out, x, NAN, 0);
    }
    free(copy);
    return 1;
}

void value_put(FILE *out, const char *s, const char *se_text, const char *name) {
    double x, se;
    if (list_put(out, s)) return;
    size_t op = strspn(s, "<>=!abs");
    if (op > 0 && num_parse(s + op, &x)) {
        fwrite(s, 1, op, out);
        fputc(' ', out);
        num_put(out, x, NAN, 0);
        return;
    }
    if (!num_parse(s, &x)) { text_put_cell(out, s); return; }
    num_put(out, x, se_text && num_parse(se_text, &se) ? se : NAN, name_is_se(name));
}

/* The numbers claim row r is judged against, read back from the claims table's
 * "expected" and "tolerance" texts (check_describe in claims.h: "<a" or ">a" with
 * "strict", "a" with "abs<=b", "in [a, b]" with "inclusive"); returns how many. */
static int claim_bounds(const CsvTable *claims, int r, double bound[2]) {
    const char *e = table_cell(claims, r, table_col(claims, "expected"));
    const char *tol = table_cell(claims, r, table_col(claims, "tolerance"));
    if (sscanf(e, "in [%lf, %lf]", &bound[0], &bound[1]) == 2) return 2;
    int n = num_parse(e + strspn(e, "<>"), &bound[0]);
    if (n == 1 && strncmp(tol, "abs<=", 5) == 0 && num_parse(tol + 5, &bound[1])) n = 2;
    return n;
}

/* Does text read like one of the bounds[0..n-1] that differ from m? */
static int reads_as_bound(const char *text, double m, const double *bound, int n) {
    char b[NUMBER_TEXT];
    for (int i = 0; i < n; i++) {
        if (bound[i] == m) continue;
        num_format(b, bound[i], NUM_SIGNIFICANT, 0);
        if (strcmp(text, b) == 0) return 1;
    }
    return 0;
}

/* m, a value of claim row r: to NUM_SIGNIFICANT digits, or with as many more (up to 17)
 * as it takes not to read like a bound it differs from, so that a value just under its
 * bound never shows as the bound itself (9.99996 × 10⁻⁹ below 10⁻⁸). */
void claim_put_number(FILE *out, const CsvTable *claims, int r, double m) {
    double bound[2];
    int n = claim_bounds(claims, r, bound);
    char text[NUMBER_TEXT];
    for (int sig = NUM_SIGNIFICANT; sig <= 17; sig++) {
        num_format(text, m, sig, 0);
        if (!reads_as_bound(text, m, bound, n)) break;
    }
    fputs(text, out);
}

/* Column col of claim row r, printed by claim_put_number when it is a number. */
void claim_put_value(FILE *out, const CsvTable *claims, int r, const char *col) {
    const char *s = table_cell(claims, r, table_col(claims, col));
    double m;
    if (!num_parse(s, &m)) { text_put_cell(out, s); return; }
    claim_put_number(out, claims, r, m);
}

/* What claim row r asks, in words (bound_put_words), read back from the claims table's
 * "expected" and "tolerance" texts (check_describe in claims.h). */
void claim_put_bound(FILE *out, const CsvTable *claims, int r) {
    const char *e = table_cell(claims, r, table_col(claims, "expected"));
    const char *tol = table_cell(claims, r, table_col(claims, "tolerance"));
    const char *id = table_cell(claims, r, table_col(claims, "id"));
    char a[64] = "", b[64] = "", what[160];
    snprintf(what, sizeof what, "'%s', claim '%s'", claims->path, id);
    if (sscanf(e, "in [%63[^,], %63[^]]]", a, b) == 2) bound_put_words(out, "between", a, b, what);
    else if (*e == '<' || *e == '>') bound_put_words(out, *e == '<' ? "<" : ">", e + 1, "", what);
    else if (strncmp(tol, "abs<=", 5) == 0) bound_put_words(out, "abs<=", e, tol + 5, what);
    else die("%s: expected '%s', tolerance '%s' make no check", what, e, tol);
}

void bound_put_words(FILE *out, const char *comparator, const char *a, const char *b, const char *what) {
    char why[200];
    Check k;
    if (!check_parse(&k, comparator, a, b, why, sizeof why)) die("%s: %s", what, why);
    switch (k.kind) {
    case CMP_BELOW: fputs("below ", out); value_put(out, a, NULL, "bound"); break;
    case CMP_ABOVE: fputs("above ", out); value_put(out, a, NULL, "bound"); break;
    case CMP_NEAR:
        if (k.b == 0) { fputs("exactly ", out); value_put(out, a, NULL, "bound"); break; }
        fputs("within ", out);
        value_put(out, b, NULL, "bound2");
        fputs(" of ", out);
        value_put(out, a, NULL, "bound");
        break;
    case CMP_BETWEEN:
        fputs("between ", out);
        value_put(out, a, NULL, "bound");
        fputs(" and ", out);
        value_put(out, b, NULL, "bound2");
        break;
    }
}

void verdict_put_marked(FILE *out, Verdict v, const char *claim, const char *fmt, ...) {
    fputc('[', out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fprintf(out, "]{.verdict .%s", verdict_name(v));
    if (claim) fprintf(out, " data-claim=\"%s\"", claim);
    fputc('}', out);
}
