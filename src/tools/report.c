/* icar-report — merge claim fragments into the claims table and print the verdict.
 *
 *   icar-report [--deviations DEVIATIONS.csv] CLAIMS.csv FRAGMENT.csv...
 *
 * Every fragment has the columns of the claims table. Rows with figure "unit" are
 * unit tests: counted, printed when they fail, kept out of CLAIMS.csv. A fragment
 * that does not exist means the program that should have written it failed: it
 * counts as one failure (a claim that could not be evaluated fails).
 *
 * DEVIATIONS.csv (id,reason) lists the paper's findings that this pipeline measured
 * and found NOT to reproduce. Such a claim keeps pass = 0 in CLAIMS.csv and in the
 * manuscript; the verdict counts it as "as documented" (like a strict expected
 * failure): if it fails, that is the documented state; if it now passes, the list is
 * out of date and that counts as a failure. A listed id that no fragment measured
 * also fails. The last line is "N passed, N failed"; exit status 1 if anything failed. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *COLS[] = {"id", "figure", "statement", "expected", "measured", "tolerance", "pass"};
enum { NCOLS = 7 };

typedef struct {
    CsvTable *table;   /* id,reason; NULL when no list was given */
    int *seen;         /* [table->nrows] */
} Deviations;

typedef struct {
    int passed, failed, deviating;
} Tally;

static int deviation_index(const Deviations *dev, const char *id) {
    if (!dev->table) return -1;
    int col = table_col(dev->table, "id");
    for (int r = 0; r < dev->table->nrows; r++)
        if (strcmp(table_cell(dev->table, r, col), id) == 0) return r;
    return -1;
}

/* Verdict on one row; prints it when it is not a plain pass. */
static void judge(const CsvTable *t, int r, const int *col, Deviations *dev, Tally *n) {
    const char *id = table_cell(t, r, col[0]);
    int pass = strcmp(table_cell(t, r, col[6]), "1") == 0;
    int k = deviation_index(dev, id);
    if (k >= 0) dev->seen[k] = 1;
    if (k >= 0 && !pass) {
        n->passed++;
        n->deviating++;
        printf("DEVIATES %s: expected %s, measured %s — documented: %s\n", id,
               table_cell(t, r, col[3]), table_cell(t, r, col[4]),
               table_cell(dev->table, k, table_col(dev->table, "reason")));
    } else if (k >= 0) {
        n->failed++;
        printf("FAILED %s: listed as a deviation from the paper but now reproduces "
               "(measured %s); remove it from the deviations list\n", id, table_cell(t, r, col[4]));
    } else if (pass) {
        n->passed++;
    } else {
        n->failed++;
        printf("FAILED %s [%s] %s: expected %s, measured %s (%s)\n", id, table_cell(t, r, col[1]),
               table_cell(t, r, col[2]), table_cell(t, r, col[3]), table_cell(t, r, col[4]),
               table_cell(t, r, col[5]));
    }
}

static void copy_fragment(const CsvTable *t, CsvOut *out, Deviations *dev, Tally *n) {
    int col[NCOLS];
    for (int k = 0; k < NCOLS; k++) col[k] = table_col(t, COLS[k]);
    for (int r = 0; r < t->nrows; r++) {
        judge(t, r, col, dev, n);
        if (strcmp(table_cell(t, r, col[1]), "unit") == 0) continue;
        for (int k = 0; k < NCOLS; k++) csv_str(out, table_cell(t, r, col[k]));
        csv_endrow(out);
    }
}

static void missing_fragment(const char *path, CsvOut *out, Tally *n) {
    printf("FAILED %s: not written; the program that measures it failed (see above)\n", path);
    n->failed++;
    if (!strstr(path, "/claims/")) return;
    const char *row[NCOLS] = {path, "?", "claims of this fragment could not be evaluated",
                              "-", "nan", "-", "0"};
    for (int k = 0; k < NCOLS; k++) csv_str(out, row[k]);
    csv_endrow(out);
}

int main(int argc, char **argv) {
    err_set_program(argv[0]);
    Deviations dev = {0};
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--deviations") == 0) {
        dev.table = table_read(argv[2]);
        dev.seen = xcalloc(dev.table->nrows + 1, sizeof *dev.seen);
        first = 3;
    }
    if (argc < first + 1 || argv[first][0] == '-')
        die("usage: icar-report [--deviations FILE.csv] CLAIMS.csv FRAGMENT.csv...");
    CsvOut *out = csv_create(argv[first]);
    csv_header(out, "id,figure,statement,expected,measured,tolerance,pass");
    Tally n = {0};
    for (int i = first + 1; i < argc; i++) {
        if (access(argv[i], R_OK) != 0) { missing_fragment(argv[i], out, &n); continue; }
        CsvTable *t = table_read(argv[i]);
        copy_fragment(t, out, &dev, &n);
        table_free(t);
    }
    csv_close(out);
    for (int k = 0; dev.table && k < dev.table->nrows; k++)
        if (!dev.seen[k]) {
            printf("FAILED %s: listed in %s but measured by no program\n",
                   table_cell(dev.table, k, table_col(dev.table, "id")), argv[2]);
            n.failed++;
        }
    if (n.deviating)
        printf("%d of the passed checks are documented deviations from the paper (pass = 0 in %s; "
               "see %s)\n", n.deviating, argv[first], argv[2]);
    printf("%d passed, %d failed\n", n.passed, n.failed);
    free(dev.seen);
    table_free(dev.table);
    return n.failed ? 1 : 0;
}
