/* claimtable.h — one figure's claims as the manuscript's table shows them.
 *
 * One row per claim of the figure, as a Markdown pipe table with the columns
 *   claim             the claim's id
 *   what is measured  the registry's statement (prose with inline TeX, which pandoc
 *                     typesets)
 *   asked             the bound in words (numtext.h: "below 1", "within 0.5 of 1", ...)
 *   RUN_LABEL         this run's measurement: its verdict, then its value (the median
 *                     over the seeds, with each seed's value) and the program's note
 *   at the paper's sizes  the same for each archived measurement of the claim (rows
 *                     BASE@SUFFIX of the claims table), or "not archived"
 * A claim measured at both profiles is one row. An archived measurement whose base is
 * not in the claims table (the archive's own checks) gets a row of its own, with "—" in
 * this run's column. Each verdict is a bracketed span [VERDICT]{.verdict .VERDICT
 * data-claim="ID"} (numtext.h: verdict_put_marked): the page colours it by its class and
 * icar-pagecheck finds every claim's verdict by its data-claim attribute. The words: reproduces, deviates,
 * inconclusive (k of n seeds that meet it), unmeasured. */
#ifndef ICAR_CLAIMTABLE_H
#define ICAR_CLAIMTABLE_H
#include "csvio.h"
#include <stdio.h>

/* The table of the claims (CLAIMS.csv) whose figure is `figure`, statements from the
 * registry (tests/claims.tsv); dies when the figure has no claim. */
void claimtable_put(FILE *out, const CsvTable *claims, const CsvTable *registry, const char *figure,
                    const char *run_label);
#endif
