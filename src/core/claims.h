/* claims.h — rows of the claims table, the interface of `make check`.
 *
 * Every checked claim is one row: id,figure,statement,expected,measured,tolerance,pass.
 * Each program that measures claims writes its own fragment file; icar-report merges
 * the fragments into data/results/claims.csv and prints the summary. Unit tests write
 * fragments of the same shape with figure "unit" (they stay out of claims.csv).
 *
 * A claim whose measured value is NaN or infinite could not be evaluated: it fails. */
#ifndef ICAR_CLAIMS_H
#define ICAR_CLAIMS_H
#include "csvio.h"

typedef struct {
    CsvOut *out;
    int passed, failed;
} Claims;

Claims *claims_open(const char *path);
int claims_close(Claims *c);   /* commits the file; returns the number failed */

/* The general row: expected and tolerance as text, pass decided by the caller. */
void claim_row(Claims *c, const char *id, const char *figure, const char *statement,
               const char *expected, double measured, const char *tolerance, int pass);
/* pass iff |measured - expected| <= tol. */
int claim_near(Claims *c, const char *id, const char *figure, const char *statement,
               double expected, double measured, double tol);
/* pass iff measured < bound. */
int claim_below(Claims *c, const char *id, const char *figure, const char *statement,
                double bound, double measured);
/* pass iff measured > bound. */
int claim_above(Claims *c, const char *id, const char *figure, const char *statement,
                double bound, double measured);
#endif
