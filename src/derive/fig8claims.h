/* fig8claims.h — the claim of Figure 8, computed from the figure's output bb.csv.
 *
 * icar-fig8 calls it on the bb.csv it has just written, and icar-rederive on an
 * archived one, so that an archived claims fragment is re-derived, never trusted. */
#ifndef ICAR_FIG8CLAIMS_H
#define ICAR_FIG8CLAIMS_H
#include "claims.h"
#include "csvio.h"

/* sum_{i != j} |M_ij| / sum_i |M_ii| of the E x E matrix M (row-major); with skip > 0
 * the entries |i - j| = skip (the pairs of duplicated coordinates) are left out. */
double fig8_offdiag_ratio(const double *M, int E, int skip);
/* fig8.orthogonality: the off-diagonal ratio of sum_h B_h^T B_h after training over the
 * same at initialisation, from BB (icar-fig8's bb.csv: i, j, init, trained, E x E rows
 * in row-major order). Dies naming the file if its rows are not a square's in order. */
void fig8_claims(const CsvTable *bb, Claims *cl);
#endif
