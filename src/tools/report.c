/* icar-report — merge claim fragments into the claims table and print the verdict.
 *
 *   icar-report CLAIMS.csv FRAGMENT.csv...
 *
 * Every fragment has the columns of the claims table. Rows with figure "unit" are
 * unit tests: counted, printed when they fail, kept out of CLAIMS.csv. A fragment
 * that does not exist means the program that should have written it failed: it
 * counts as one failure (a claim that could not be evaluated fails). The last line
 * is "N passed, N failed"; the exit status is 1 if anything failed. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *COLS[] = {"id", "figure", "statement", "expected", "measured", "tolerance", "pass"};
enum { NCOLS = 7 };

static void copy_fragment(const CsvTable *t, CsvOut *out, int *passed, int *failed) {
    int col[NCOLS];
    for (int k = 0; k < NCOLS; k++) col[k] = table_col(t, COLS[k]);
    for (int r = 0; r < t->nrows; r++) {
        int pass = strcmp(table_cell(t, r, col[6]), "1") == 0;
        int unit = strcmp(table_cell(t, r, col[1]), "unit") == 0;
        if (pass) (*passed)++; else (*failed)++;
        if (!pass)
            printf("FAILED %s [%s] %s: expected %s, measured %s (%s)\n", table_cell(t, r, col[0]),
                   table_cell(t, r, col[1]), table_cell(t, r, col[2]), table_cell(t, r, col[3]),
                   table_cell(t, r, col[4]), table_cell(t, r, col[5]));
        if (unit) continue;
        for (int k = 0; k < NCOLS; k++) csv_str(out, table_cell(t, r, col[k]));
        csv_endrow(out);
    }
}

int main(int argc, char **argv) {
    err_set_program(argv[0]);
    if (argc < 2) die("usage: icar-report CLAIMS.csv FRAGMENT.csv...");
    CsvOut *out = csv_create(argv[1]);
    csv_header(out, "id,figure,statement,expected,measured,tolerance,pass");
    int passed = 0, failed = 0;
    for (int i = 2; i < argc; i++) {
        if (access(argv[i], R_OK) != 0) {
            printf("FAILED %s: not written; the program that measures it failed (see above)\n",
                   argv[i]);
            failed++;
            if (strstr(argv[i], "/claims/")) {   /* a missing claim fragment stays visible */
                csv_str(out, argv[i]);
                csv_str(out, "?");
                csv_str(out, "claims of this fragment could not be evaluated");
                csv_str(out, "-");
                csv_str(out, "nan");
                csv_str(out, "-");
                csv_str(out, "0");
                csv_endrow(out);
            }
            continue;
        }
        CsvTable *t = table_read(argv[i]);
        copy_fragment(t, out, &passed, &failed);
        table_free(t);
    }
    csv_close(out);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
