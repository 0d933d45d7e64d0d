/* archindex.h — the paper-profile archives under ROOT (data/paper-profile/), as make
 * variables, so that reading the Makefiles runs nothing however many archives there
 * are (make includes them from a file that a rule remakes when a provenance or sittings
 * file, or a folder of ROOT, changes). For each archive NAME (a folder with a
 * provenance.txt), in bytewise order of names:
 *   ARCHIVES              += NAME
 *   ARCHIVE_FIGURE.NAME   the figure (its provenance's figure=)
 *   ARCHIVE_PROFILE.NAME  the settings it was made with, as make assignments: PROFILE=paper,
 *                         SEED= (its seed=) and its overrides= (VAR=value ...)
 *   ARCHIVE_CSVS.NAME     its CSV files, sorted
 *   ARCHIVE_FILES.NAME    every file and folder of it, sorted
 *   ARCHIVE_EARLIER.NAME  the runs an earlier sitting made with other code than the last
 *                         (identity_earlier_runs), which make check makes again
 * and for each unfinished archive ROOT/pending/NAME/ (one with a sittings.txt, pending.h):
 *   ARCHIVES_PENDING      += NAME
 *   PENDING_FIGURE.NAME   its figure (the figure= of its first sitting) */
#ifndef ICAR_ARCHINDEX_H
#define ICAR_ARCHINDEX_H
#include <stdio.h>

/* Writes the variables above for ROOT to F. Dies naming a provenance without figure=. */
void archive_index(const char *root, FILE *f);
#endif
