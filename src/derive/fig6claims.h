/* fig6claims.h — the claims of Figure 6, computed from the figure's output CSVs.
 *
 * icar-fig6 calls it on the CSVs it has just written, and icar-rederive on archived
 * ones, so that an archived claims fragment is re-derived, never trusted. */
#ifndef ICAR_FIG6CLAIMS_H
#define ICAR_FIG6CLAIMS_H
#include "claims.h"
#include "csvio.h"

/* The entries of a row of n weights, oldest token first, that weigh at least as much
 * as the next newer one: 0 when the weight falls steadily with a token's age. */
int fig6_age_nonfalls(const double *row, int n);
/* From icar-fig6's train.csv (mu, steps, loss, P_last_diag, P_last_superdiag; its
 * "# tol" setting), diagonals.csv (mu, k, spread_all_rows, ...) and lastrow.csv (mu,
 * col, value, masked):
 *   fig6.converged     1 if every mu's loss is below tol, else 0
 *   fig6.toeplitz      the largest spread_all_rows at mu = 100 (NaN without mu = 100)
 *   fig6.superdiag     P_{T-1,T} at mu = 100 (NaN without mu = 100)
 *   fig6.recent_first  fig6_age_nonfalls of the unmasked last row at the largest mu
 *   fig6.recent_grows  P_{T-1,T-1} (the newest unmasked token's weight) at the largest
 *                      mu over the same at the smallest mu
 * Dies naming the file on a missing column or setting, or a last row without the
 * largest mu. */
void fig6_claims(const CsvTable *train, const CsvTable *diagonals, const CsvTable *lastrow, Claims *cl);
#endif
