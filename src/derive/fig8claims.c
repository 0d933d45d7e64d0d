/* fig8claims.c — the claim of Figure 8 from its bb.csv (fig8claims.h). */
#include "fig8claims.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>

double fig8_offdiag_ratio(const double *M, int E, int skip) {
    double off = 0, diag = 0;
    for (int i = 0; i < E; i++)
        for (int j = 0; j < E; j++) {
            if (i == j) diag += fabs(M[i * E + j]);
            else if (abs(i - j) != skip) off += fabs(M[i * E + j]);
        }
    return off / diag;
}

/* Dies naming the file unless row k of BB holds (i, j) = (k / E + 1, k % E + 1) and
 * numbers in init and trained: checked before anything is allocated. */
static void check_layout(const CsvTable *bb, int E) {
    int ci = table_col(bb, "i"), cj = table_col(bb, "j"), c0 = table_col(bb, "init"), c1 = table_col(bb, "trained");
    for (int k = 0; k < E * E; k++) {
        if (table_num(bb, k, ci) != k / E + 1 || table_num(bb, k, cj) != k % E + 1)
            die("'%s' row %d: expected i=%d, j=%d (rows of an %d x %d matrix in order)", bb->path, k + 1,
                k / E + 1, k % E + 1, E, E);
        table_num(bb, k, c0);
        table_num(bb, k, c1);
    }
}

/* Column NAME of BB (check_layout passed) as an E x E matrix. */
static double *matrix_column(const CsvTable *bb, int E, const char *name) {
    int cv = table_col(bb, name);
    double *M = xmalloc(sizeof(double) * E * E);
    for (int k = 0; k < E * E; k++) M[k] = table_num(bb, k, cv);
    return M;
}

void fig8_claims(const CsvTable *bb, Claims *cl) {
    int E = (int)lround(sqrt(bb->nrows));
    if (E < 1 || E * E != bb->nrows) die("'%s' has %d rows, not those of a square matrix", bb->path, bb->nrows);
    check_layout(bb, E);
    double *init = matrix_column(bb, E, "init"), *trained = matrix_column(bb, E, "trained");
    double r_init = fig8_offdiag_ratio(init, E, 0), r_trained = fig8_offdiag_ratio(trained, E, 0);
    claim_note(cl, "fig8.orthogonality", r_trained / r_init, "after %.3g / at init %.3g", r_trained, r_init);
    free(init);
    free(trained);
}
