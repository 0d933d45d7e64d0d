/* fig4claims.h — the claims of Figure 4 that its output hist.csv decides.
 *
 * icar-fig4check calls it on the histogram of the run, and icar-rederive on an archived
 * one, so that an archived claims fragment is re-derived, never trusted. The other
 * claims of Figure 4 (fig4.tokenizer, fig4.fit_*) check the tokenizer and the fit on the
 * input text, whose ids no archive holds (FIG4_INPUT_CLAIMS). */
#ifndef ICAR_FIG4CLAIMS_H
#define ICAR_FIG4CLAIMS_H
#include "claims.h"
#include "csvio.h"

/* The claims of Figure 4 measured on its input, not on hist.csv: space-separated. */
#define FIG4_INPUT_CLAIMS "fig4.tokenizer fig4.fit_exact fig4.fit_same_side fig4.fit_nonzero"

/* From HIST (icar-hist's hist.csv: its settings count_original, count_shuffled,
 * windows, vectors), the shuffled / original count of windows with an error above the
 * threshold, NaN without original windows, as two claims: fig4.count_ratio (the
 * direction of the paper's finding) and fig4.count_size (its size: the paper's "about
 * 4 times"). Dies naming the file when a count setting is missing. */
void fig4_claims(const CsvTable *hist, Claims *cl);
#endif
