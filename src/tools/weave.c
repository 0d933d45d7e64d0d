/* icar-weave — fill one Markdown manuscript section with measured numbers.
 *
 *   icar-weave CLAIMS.csv IN.md OUT.md
 *
 * Template fields (nothing else in the text is touched):
 *   {{claims FIG}}                   table of the claims whose figure is FIG, one row
 *                                    per claim with this run's and the archived
 *                                    measurements (claimtable.h; needs --registry)
 *   {{claim ID}}                     measured value of claim ID
 *   {{setting FILE KEY}}             value of the "# KEY=value" line of CSV file FILE
 *   {{table FILE}}                   the whole CSV file FILE as a Markdown table
 *   {{value FILE COL [KEY=V ...]}}   the cell of column COL in the one row of FILE whose
 *                                    columns KEY hold V (no KEY=V: the file has one row)
 *   {{range FILE COL [KEY=V ...]}}   "MIN to MAX" of column COL over the matching rows
 *   {{scorecard FILE}}               every finding of the findings file FILE (findings.h)
 *                                    with its verdicts, at the paper's sizes and this run
 *                                    (scorecard.h; needs --registry)
 *   {{deviations FILE}}              the findings of FILE that deviate or are inconclusive
 *                                    at either profile, with the registry's reasons
 *   {{bound ID}}                     what the registry (--registry) asks of claim ID, in
 *                                    words: "below a", "above a", "within b of a" ("exactly a"
 *                                    when b = 0), "between a and b"; so that the prose
 *                                    never restates a bound
 * An unknown template field, a missing claim, file, column or row stops with an error:
 * the manuscript never shows a number that was not measured by this run.
 *
 * Numbers and text are printed by the rules of numtext.h (4 significant digits, a claim's
 * value never rounded onto its bound, '|' escaped). */
#include "claims.h"
#include "claimtable.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "numtext.h"
#include "readfile.h"
#include "scorecard.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 8
/* The scorecard's column of this run's claims (the intro says which profile). */
#define RUN_LABEL "this run"

/* ---------- tables ---------- */

/* Column NAME_se of t, or -1. A table may instead hold NAME_se as a row (a long table
 * of name,value rows): se_row finds it by the first column. */
static int se_col(const CsvTable *t, const char *name) {
    char se_name[256];
    snprintf(se_name, sizeof se_name, "%s_se", name);
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->header[c], se_name) == 0) return c;
    return -1;
}

/* Row whose first cell is the first cell of row r followed by "_se", or -1. */
static int se_row(const CsvTable *t, int r) {
    char se_name[256];
    snprintf(se_name, sizeof se_name, "%s_se", table_cell(t, r, 0));
    for (int k = 0; k < t->nrows; k++)
        if (strcmp(table_cell(t, k, 0), se_name) == 0) return k;
    return -1;
}

static void put_table(FILE *out, const CsvTable *t) {
    int *se = xcalloc(t->ncols + 1, sizeof *se);   /* se[c]: column NAME_se of column c, or -1 */
    for (int c = 0; c < t->ncols; c++) se[c] = se_col(t, t->header[c]);
    for (int c = 0; c < t->ncols; c++) { fputs("| ", out); text_put_cell(out, t->header[c]); fputc(' ', out); }
    fputs("|\n", out);
    /* pandoc sizes the columns of a wide pipe table by the dashes under each header:
     * as many as the column's longest text (a number counts as 10), 3 to 60. */
    for (int c = 0; c < t->ncols; c++) {
        size_t width = strlen(t->header[c]);
        for (int r = 0; r < t->nrows; r++) {
            const char *cell = table_cell(t, r, c);
            double x;
            size_t w = num_parse(cell, &x) ? 10 : strlen(cell);
            if (w > width) width = w;
        }
        fputc('|', out);
        for (size_t k = 0; k < (width < 3 ? 3 : width > 60 ? 60 : width); k++) fputc('-', out);
    }
    fputs("|\n", out);
    for (int r = 0; r < t->nrows; r++) {
        int se_r = se_row(t, r);
        for (int c = 0; c < t->ncols; c++) {
            const char *se_text = se[c] >= 0 ? table_cell(t, r, se[c])
                                : se_r >= 0 && c > 0 ? table_cell(t, se_r, c) : NULL;
            const char *name = c > 0 && name_is_se(table_cell(t, r, 0)) ? table_cell(t, r, 0) : t->header[c];
            fputs("| ", out);
            value_put(out, table_cell(t, r, c), se_text, name);
            fputc(' ', out);
        }
        fputs("|\n", out);
    }
    free(se);
}

/* Does row r hold every KEY=V of filters[0..nf-1]? */
static int row_matches(const CsvTable *t, int r, char **filters, int nf) {
    for (int i = 0; i < nf; i++) {
        char *eq = strchr(filters[i], '=');
        if (!eq) die("'%s': filter '%s' is not KEY=VALUE", t->path, filters[i]);
        *eq = '\0';
        int c = table_col(t, filters[i]);
        *eq = '=';
        if (strcmp(table_cell(t, r, c), eq + 1) != 0) return 0;
    }
    return 1;
}

/* {{value FILE COL filters}} and {{range FILE COL filters}}. */
static void put_cells(FILE *out, const char *kind, char **args, int nargs) {
    if (nargs < 3) die("{{%s}} needs FILE and COLUMN", kind);
    CsvTable *t = table_read(args[1]);
    int c = table_col(t, args[2]), se = se_col(t, args[2]);
    int n = 0, first = -1, lo = -1, hi = -1;
    for (int r = 0; r < t->nrows; r++) {
        if (!row_matches(t, r, args + 3, nargs - 3)) continue;
        if (first < 0) first = r;
        n++;
        double x = table_num(t, r, c);
        if (lo < 0 || x < table_num(t, lo, c)) lo = r;
        if (hi < 0 || x > table_num(t, hi, c)) hi = r;
    }
    if (n == 0) die("'%s': no row matches {{%s %s ...}}", args[1], kind, args[2]);
    if (strcmp(kind, "value") == 0) {
        if (n != 1) die("'%s': %d rows match {{value %s ...}}, not one", args[1], n, args[2]);
        value_put(out, table_cell(t, first, c), se >= 0 ? table_cell(t, first, se) : NULL, args[2]);
    } else {
        value_put(out, table_cell(t, lo, c), se >= 0 ? table_cell(t, lo, se) : NULL, args[2]);
        fputs(" to ", out);
        value_put(out, table_cell(t, hi, c), se >= 0 ? table_cell(t, hi, se) : NULL, args[2]);
    }
    table_free(t);
}

/* ---------- fields ---------- */

static void put_claim(FILE *out, const CsvTable *claims, const char *id) {
    int id_col = table_col(claims, "id");
    for (int r = 0; r < claims->nrows; r++)
        if (strcmp(table_cell(claims, r, id_col), id) == 0) {
            claim_put_value(out, claims, r, "measured");
            return;
        }
    die("claims table has no claim '%s'", id);
}

/* {{claims FIG}}: the figure's claims, statements from the registry (claimtable.h). */
static void put_claims(FILE *out, const CsvTable *claims, const char *registry, const char *figure) {
    if (!registry) die("{{claims %s}} needs the claims registry: give --registry FILE", figure);
    CsvTable *g = table_read_tsv(registry);
    claimtable_put(out, claims, g, figure, RUN_LABEL);
    table_free(g);
}

/* {{scorecard FINDINGS}} and {{deviations FINDINGS}} (scorecard.h), linked to the
 * manuscript's own sections. */
static void put_findings(FILE *out, const CsvTable *claims, const char *registry, const char *field,
                         const char *path) {
    if (!registry) die("{{%s %s}} needs the claims registry: give --registry FILE", field, path);
    Findings *fs = findings_read(path, registry);
    if (strcmp(field, "scorecard") == 0) scorecard_put(out, fs, claims, "#", RUN_LABEL, 1);
    else scorecard_put_deviations(out, fs, claims, "#", RUN_LABEL);
    findings_free(fs);
}

/* The registry's bound of claim id, in words (the registry's own texts for the numbers). */
static void put_bound(FILE *out, const char *registry, const char *id) {
    if (!registry) die("{{bound %s}} needs the claims registry: give --registry FILE", id);
    CsvTable *g = table_read_tsv(registry);
    int cid = table_col(g, "id"), cc = table_col(g, "comparator");
    int ca = table_col(g, "bound"), cb = table_col(g, "bound2");
    int r = 0;
    while (r < g->nrows && strcmp(table_cell(g, r, cid), id) != 0) r++;
    if (r == g->nrows) die("'%s' registers no claim '%s'", registry, id);
    char what[512];
    snprintf(what, sizeof what, "'%s', claim '%s'", registry, id);
    bound_put_words(out, table_cell(g, r, cc), table_cell(g, r, ca), table_cell(g, r, cb), what);
    table_free(g);
}

static void put_setting(FILE *out, const char *file, const char *key) {
    CsvTable *t = table_read(file);
    const char *v = table_setting(t, key);
    if (!v) die("'%s' records no setting '%s'", file, key);
    char se_key[256];
    snprintf(se_key, sizeof se_key, "%s_se", key);
    value_put(out, v, table_setting(t, se_key), key);
    table_free(t);
}

/* field: the text between "{{" and "}}", split at spaces in place. */
static void expand(FILE *out, const CsvTable *claims, const char *registry, char *field) {
    char *args[MAX_ARGS];
    int n = 0;
    for (char *tok = strtok(field, " \n"); tok; tok = strtok(NULL, " \n")) {
        if (n == MAX_ARGS) die("template field {{%s ...}} has more than %d words", args[0], MAX_ARGS);
        args[n++] = tok;
    }
    if (n < 2) die("template field {{%s}} needs an argument", n ? args[0] : "");
    if (strcmp(args[0], "claims") == 0 && n == 2) put_claims(out, claims, registry, args[1]);
    else if (strcmp(args[0], "claim") == 0 && n == 2) put_claim(out, claims, args[1]);
    else if (strcmp(args[0], "setting") == 0 && n == 3) put_setting(out, args[1], args[2]);
    else if ((strcmp(args[0], "deviations") == 0 || strcmp(args[0], "scorecard") == 0) && n == 2)
        put_findings(out, claims, registry, args[0], args[1]);
    else if (strcmp(args[0], "bound") == 0 && n == 2) put_bound(out, registry, args[1]);
    else if (strcmp(args[0], "table") == 0 && n == 2) {
        CsvTable *t = table_read(args[1]);
        put_table(out, t);
        table_free(t);
    } else if (strcmp(args[0], "value") == 0 || strcmp(args[0], "range") == 0) {
        put_cells(out, args[0], args, n);
    } else {
        die("unknown template field {{%s %s}} (%d words)", args[0], args[1], n);
    }
}

int main(int argc, char **argv) {
    const char *operands = "CLAIMS.csv IN.md OUT.md";
    const char *registry = NULL;
    const Opt opts[] = {
        {"registry", OPT_STRING, &registry, .arg = "FILE", .help = "the claims registry, for {{claims}}, {{bound}}, {{scorecard}} and {{deviations}}"},
        {0}};
    int first = opts_parse(opts, argc, argv, "icar-weave", operands);
    if (argc - first != 3) opts_fail(opts, "icar-weave", operands, "give the claims table, the template and the output");
    const char *claims_path = argv[first], *in = argv[first + 1], *out = argv[first + 2];
    CsvTable *claims = table_read(claims_path);
    size_t len;
    char *text = read_file(in, &len);
    AtomicFile *f = atomic_open(out);
    char *p = text;
    for (char *open; (open = strstr(p, "{{"));) {
        char *close = strstr(open, "}}");
        if (!close) die("'%s': '{{' without '}}'", in);
        fwrite(p, 1, open - p, f->fp);
        *close = '\0';
        expand(f->fp, claims, registry, open + 2);
        p = close + 2;
    }
    fputs(p, f->fp);
    atomic_commit(f);
    free(text);
    table_free(claims);
    return 0;
}
