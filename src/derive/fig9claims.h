/* fig9claims.h — the claim of Figure 9, computed from the figure's output loss.csv.
 *
 * icar-fig9 calls it on the loss.csv it has just written, and icar-rederive on an
 * archived one, so that an archived claims fragment is re-derived, never trusted. */
#ifndef ICAR_FIG9CLAIMS_H
#define ICAR_FIG9CLAIMS_H
#include "claims.h"
#include "csvio.h"

/* fig9.softmax_fails: the smaller final training loss of the two softmax variants
 * over the larger of the two linear ones, from the last row of LOSS (icar-fig9's
 * loss.csv: epoch, linear, softmax, linear_mlp, softmax_mlp, test_...). Dies naming the
 * file if it has no rows. */
void fig9_claims(const CsvTable *loss, Claims *cl);
#endif
