/* claimtable.c — one figure's claims as the manuscript's table shows them (claimtable.h). */
#include "claimtable.h"
#include "err.h"
#include "findings.h"
#include "numtext.h"
#include "verdict.h"
#include <stdlib.h>
#include <string.h>

#define PAPER_LABEL "at the paper's sizes"

static const char *cell(const CsvTable *t, int r, const char *col) { return table_cell(t, r, table_col(t, col)); }

/* Is id the archived measurement BASE@SUFFIX of base? */
static int archived_of(const char *id, const char *base) {
    size_t n = strlen(base);
    return strncmp(id, base, n) == 0 && id[n] == '@';
}

/* The registry's row of id, or else of its base (the part before '@'); dies if neither. */
static int registry_row(const CsvTable *g, const char *id) {
    size_t base = strcspn(id, "@");
    for (int r = 0; r < g->nrows; r++)
        if (strcmp(cell(g, r, "id"), id) == 0) return r;
    for (int r = 0; r < g->nrows; r++)
        if (strlen(cell(g, r, "id")) == base && strncmp(cell(g, r, "id"), id, base) == 0) return r;
    die("'%s' registers no claim '%s'", g->path, id);
}

/* Words of a space-separated list. */
static int count_words(const char *s) {
    int n = 0;
    for (const char *p = s; *p; p++) n += *p != ' ' && (p == s || p[-1] == ' ');
    return n;
}

/* The verdict, marked with its claim (numtext.h); "inconclusive (k of n)" for the seeds. */
static void put_verdict(FILE *out, const CsvTable *claims, int r) {
    Verdict v = claims_row_verdict(claims, r);
    const char *id = cell(claims, r, "id");
    if (v == VERDICT_INCONCLUSIVE)
        verdict_put_marked(out, v, id, "%s (%s of %d)", verdict_name(v), cell(claims, r, "held"),
                           count_words(cell(claims, r, "seeds")));
    else
        verdict_put_marked(out, v, id, "%s", verdict_name(v));
}

/* A space-separated list as "a, b, c": seeds as written, values as claim r's numbers. */
static void put_list(FILE *out, const CsvTable *claims, int r, const char *list, int numbers) {
    char *copy = xstrdup(list), *save;
    int k = 0;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save), k++) {
        if (k) fputs(", ", out);
        if (numbers) claim_put_number(out, claims, r, strtod(w, NULL));
        else fputs(w, out);
    }
    free(copy);
}

/* The program's note on claim row r: its statement in the claims table is the
 * registry's followed by " (NOTE)"; empty when there is none. */
static void put_note(FILE *out, const CsvTable *claims, int r, const char *statement) {
    const char *s = cell(claims, r, "statement");
    size_t n = strlen(statement), len = strlen(s);
    if (strncmp(s, statement, n) != 0 || len < n + 3 || strncmp(s + n, " (", 2) != 0 || s[len - 1] != ')') return;
    char *note = xstrdup(s + n + 2);
    note[strlen(note) - 1] = '\0';
    fputs("; ", out);
    text_put_cell(out, note);
    free(note);
}

/* One measurement: "VERDICT: VALUE" (one seed) or "VERDICT: median VALUE; seeds 1, 2, 3:
 * a, b, c", then "; NOTE". */
static void put_measurement(FILE *out, const CsvTable *claims, int r, const char *statement) {
    const char *seeds = cell(claims, r, "seeds");
    put_verdict(out, claims, r);
    fputs(": ", out);
    if (count_words(seeds) > 1) {
        fputs("median ", out);
        claim_put_value(out, claims, r, "measured");
        fputs("; seeds ", out);
        put_list(out, claims, r, seeds, 0);
        fputs(": ", out);
        put_list(out, claims, r, cell(claims, r, "values"), 1);
    } else {
        claim_put_value(out, claims, r, "measured");
    }
    put_note(out, claims, r, statement);
}

/* The archived measurements of claim row r (rows BASE@SUFFIX of the same figure), each
 * named by its archive when it is not the plain paper profile's; "not archived" if none. */
static void put_archived(FILE *out, const CsvTable *claims, int r, const char *statement) {
    const char *base = cell(claims, r, "id"), *figure = cell(claims, r, "figure");
    int shown = 0;
    for (int k = 0; k < claims->nrows; k++) {
        const char *id = cell(claims, k, "id");
        if (!archived_of(id, base) || strcmp(cell(claims, k, "figure"), figure) != 0) continue;
        if (shown++) fputs("; ", out);
        if (strcmp(id + strlen(base), "@paper") != 0) fprintf(out, "`%s`: ", id + strlen(base) + 1);
        put_measurement(out, claims, k, statement);
    }
    if (!shown) fputs("not archived", out);
}

/* Is row r an archived measurement whose base has a row of the same figure? */
static int merged(const CsvTable *claims, int r) {
    const char *id = cell(claims, r, "id"), *at = strchr(id, '@');
    if (!at) return 0;
    for (int k = 0; k < claims->nrows; k++) {
        const char *b = cell(claims, k, "id");
        if (strlen(b) == (size_t)(at - id) && strncmp(b, id, at - id) == 0 &&
            strcmp(cell(claims, k, "figure"), cell(claims, r, "figure")) == 0)
            return 1;
    }
    return 0;
}

static void put_row(FILE *out, const CsvTable *claims, const CsvTable *registry, int r) {
    const char *id = cell(claims, r, "id");
    const char *statement = cell(registry, registry_row(registry, id), "statement");
    fprintf(out, "| %s | ", id);
    text_put_cell(out, statement);
    fputs(" | ", out);
    claim_put_bound(out, claims, r);
    fputs(" | ", out);
    if (strchr(id, '@')) {
        fputs("— | ", out);
        put_measurement(out, claims, r, statement);
    } else {
        put_measurement(out, claims, r, statement);
        fputs(" | ", out);
        put_archived(out, claims, r, statement);
    }
    fputs(" |\n", out);
}

void claimtable_put(FILE *out, const CsvTable *claims, const CsvTable *registry, const char *figure,
                    const char *run_label) {
    /* pandoc sizes the columns of a wide pipe table by the dashes under each header */
    fprintf(out, "| claim | what is measured | asked | %s | %s |\n", run_label, PAPER_LABEL);
    fputs("|----------|------------------------------|----------|--------------------|--------------------|\n", out);
    int shown = 0;
    for (int r = 0; r < claims->nrows; r++) {
        if (strcmp(cell(claims, r, "figure"), figure) != 0 || merged(claims, r)) continue;
        put_row(out, claims, registry, r);
        shown++;
    }
    if (!shown) die("claims table has no claim for figure '%s'", figure);
}
