/* archstatus.h — what of the paper profile is archived, kept from an unfinished
 * archive, or not run, as CSV (figure,runs,archived,kept,not_run,not_run_list): per
 * figure, its runs at the paper profile (paths under the archive ROOT/FIG/, e.g.
 * fig5/runs/L1.csv; none for a figure that runs as one command, counted as one run
 * named after it), how many are in its archive ROOT/FIG/, how many are kept in
 * ROOT/pending/FIG/runs/, and the names (without .csv) of those not run,
 * space-separated. */
#ifndef ICAR_ARCHSTATUS_H
#define ICAR_ARCHSTATUS_H
#include "csvio.h"

#define ARCHIVE_STATUS_HEADER "figure,runs,archived,kept,not_run,not_run_list"
/* One row for figure FIG whose runs are RUNS (comma-separated; "" for one command). */
void archive_status_row(CsvOut *out, const char *root, const char *fig, const char *runs);
#endif
