/* fig3claims.h — the claims of Figure 3 (Props. 3 and 6, fig3.restarts_*), computed
 * from the figure's output CSVs.
 *
 * icar-fig3 calls it on the folder it has just written, and icar-rederive on an
 * archived one, so that an archived claims fragment is re-derived, never trusted. */
#ifndef ICAR_FIG3CLAIMS_H
#define ICAR_FIG3CLAIMS_H
#include "claims.h"

/* From folder DIR of icar-fig3's outputs: summary.csv (its settings d, T, max_steps,
 * restarts, tol; per case the heads, step, steps and final loss), CASE_C.csv and
 * CASE_P.csv of the cases unitary and orthogonal, and restarts.csv:
 *   prop3.*              unitary case: loss, C's largest off-diagonal over its
 *                        smallest diagonal entry, max |p_T' C_ii - 1|, max |P_{T'-1,t}
 *                        / P_{T'-1,T'}| over t < T'
 *   prop6.structure.*    orthogonal case: loss, off-block and in-block structure of C,
 *                        its numerical rank, the worst P_{T'-1,T'-1} / P_{T'-1,T'}
 *                        (-1/2 expected), max |p_T' C_ii - 1|, the other P entries
 *   fig3.restarts_CASE   the fraction of restarts.csv's runs of CASE that converged
 *                        (only where restarts > 0)
 * Dies naming the file on a missing file, column or setting. */
void fig3_claims(const char *dir, Claims *cl);
#endif
