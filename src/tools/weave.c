/* icar-weave — fill a Markdown manuscript with measured numbers.
 *
 *   icar-weave CLAIMS.csv IN.md OUT.md
 *
 * Template fields (nothing else in the text is touched):
 *   {{claims FIG}}          table of the claims whose figure is FIG
 *   {{claim ID}}            measured value of claim ID
 *   {{setting FILE KEY}}    value of the "# KEY=value" line of CSV file FILE
 *   {{table FILE}}          the whole CSV file FILE as a Markdown table
 *   {{deviations FILE}}     the claims of the registry FILE (claims.h) that have a
 *                           deviation reason: id, expected, measured, reason
 * An unknown template field, a missing claim or file stops with an error: the manuscript
 * never shows a number that was not measured by this run. */
#include "csvio.h"
#include "err.h"
#include "readfile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_table(FILE *out, const CsvTable *t, const char *figure) {
    int fig_col = figure ? table_col(t, "figure") : -1;
    for (int c = 0; c < t->ncols; c++) if (c != fig_col) fprintf(out, "| %s ", t->header[c]);
    fputs("|\n", out);
    for (int c = 0; c < t->ncols; c++) if (c != fig_col) fputs("|---", out);
    fputs("|\n", out);
    int shown = 0;
    for (int r = 0; r < t->nrows; r++) {
        if (figure && strcmp(table_cell(t, r, fig_col), figure) != 0) continue;
        for (int c = 0; c < t->ncols; c++)
            if (c != fig_col) fprintf(out, "| %s ", table_cell(t, r, c));
        fputs("|\n", out);
        shown++;
    }
    if (figure && !shown) die("claims table has no claim for figure '%s'", figure);
}

static void put_claim(FILE *out, const CsvTable *claims, const char *id) {
    int id_col = table_col(claims, "id"), m_col = table_col(claims, "measured");
    for (int r = 0; r < claims->nrows; r++)
        if (strcmp(table_cell(claims, r, id_col), id) == 0) {
            fprintf(out, "%.4g", table_num(claims, r, m_col));
            return;
        }
    die("claims table has no claim '%s'", id);
}

static void put_deviations(FILE *out, const CsvTable *claims, const char *registry) {
    CsvTable *g = table_read_tsv(registry);
    int id = table_col(g, "id"), reason = table_col(g, "deviation");
    int cid = table_col(claims, "id"), ce = table_col(claims, "expected"), cm = table_col(claims, "measured");
    fputs("| id | expected | measured | reason |\n|---|---|---|---|\n", out);
    for (int r = 0; r < g->nrows; r++) {
        if (!*table_cell(g, r, reason)) continue;
        int k = 0;
        while (k < claims->nrows && strcmp(table_cell(claims, k, cid), table_cell(g, r, id)) != 0) k++;
        if (k == claims->nrows) die("claims table has no claim '%s'", table_cell(g, r, id));
        fprintf(out, "| %s | %s | %.4g | %s |\n", table_cell(g, r, id), table_cell(claims, k, ce),
                table_num(claims, k, cm), table_cell(g, r, reason));
    }
    table_free(g);
}

static void expand(FILE *out, const CsvTable *claims, char *ph) {
    char *kind = strtok(ph, " "), *a = strtok(NULL, " "), *b = strtok(NULL, " ");
    if (!kind || !a) die("empty template field {{%s}}", ph);
    if (strcmp(kind, "claims") == 0) {
        put_table(out, claims, a);
    } else if (strcmp(kind, "claim") == 0) {
        put_claim(out, claims, a);
    } else if (strcmp(kind, "setting") == 0 && b) {
        CsvTable *t = table_read(a);
        const char *v = table_setting(t, b);
        if (!v) die("'%s' records no setting '%s'", a, b);
        fputs(v, out);
        table_free(t);
    } else if (strcmp(kind, "deviations") == 0) {
        put_deviations(out, claims, a);
    } else if (strcmp(kind, "table") == 0) {
        CsvTable *t = table_read(a);
        put_table(out, t, NULL);
        table_free(t);
    } else {
        die("unknown template field {{%s %s}}", kind, a);
    }
}

int main(int argc, char **argv) {
    err_set_program(argv[0]);
    if (argc != 4) die("usage: icar-weave CLAIMS.csv IN.md OUT.md");
    CsvTable *claims = table_read(argv[1]);
    size_t len;
    char *text = read_file(argv[2], &len);
    AtomicFile *f = atomic_open(argv[3]);
    char *p = text;
    for (char *open; (open = strstr(p, "{{"));) {
        char *close = strstr(open, "}}");
        if (!close) die("'%s': '{{' without '}}'", argv[2]);
        fwrite(p, 1, open - p, f->fp);
        *close = '\0';
        expand(f->fp, claims, open + 2);
        p = close + 2;
    }
    fputs(p, f->fp);
    atomic_commit(f);
    free(text);
    table_free(claims);
    return 0;
}
