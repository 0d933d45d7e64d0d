/* fig4claims.h — the claims of Figure 4 that its output hist.csv decides.
 *
 * icar-fig4check calls it on the histogram of a run; make check runs icar-fig4check on
 * an archived one too (with the claims it measures on the input text, fig4.tokenizer
 * and fig4.fit_*, measured again on the pinned text), so that an archived claims
 * fragment is re-derived, never trusted. */
#ifndef ICAR_FIG4CLAIMS_H
#define ICAR_FIG4CLAIMS_H
#include "claims.h"
#include "csvio.h"

/* From HIST (icar-hist's hist.csv: its settings count_original, count_shuffled,
 * windows, vectors), the shuffled / original count of windows with an error above the
 * threshold, NaN without original windows, as two claims: fig4.count_ratio (the
 * direction of the paper's finding) and fig4.count_size (its size: the paper's "about
 * 4 times"). Dies naming the file when a count setting is missing. */
void fig4_claims(const CsvTable *hist, Claims *cl);
#endif
