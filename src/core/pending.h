/* pending.h — an unfinished archive, kept across sittings.
 *
 * An archive of a figure that splits into runs (Figs. 5, 7, 10) may take longer than one
 * sitting (a session, a night, a borrowed machine). The runs finished in a sitting are
 * kept, until the figure's archive is complete, in PENDING (data/paper-profile/pending/NAME/):
 *   PENDING/runs/RUN.csv   the finished run files, as the tools wrote them, with their
 *                          sidecars RUN.where (runwhere.h) where they wrote one
 *   PENDING/ckpt/          the checkpoints of the runs still unfinished when the last
 *                          sitting stopped, laid out as under the build folder's ckpt/
 *                          (checkpoint.h: each names the code that wrote it, and a later
 *                          sitting of other code starts that run afresh)
 *   PENDING/sittings.txt   one block per sitting (record.h): "[sitting]", the runs it
 *                          finished ("runs=", may be none), the checkpoints it kept
 *                          ("checkpoints=", where there are any), its wall time
 *                          ("wall_seconds=", from the start of the sitting to its last
 *                          finished run or kept checkpoint), then its provenance
 *                          (provwrite.h)
 *   PENDING/MANIFEST       (manifest.h) written after each save */
#ifndef ICAR_PENDING_H
#define ICAR_PENDING_H
#include "lines.h"

/* Takes PENDING up into a sitting: its checkpoints are copied into CKPT (the build
 * folder's ckpt/) where CKPT has none of that name (a later one of this machine goes
 * on), its runs and their sidecars into RUNS; adds each kept run, as RUNS/RUN.csv, to
 * KEPT (make leaves those as they are: a later sitting's tools, built anew, would make
 * them again). Dies where RUNS holds a run of that name with other bytes. Returns the
 * number of checkpoints copied. A PENDING that is not there keeps nothing. */
int pending_restore(const char *pending, const char *runs, const char *ckpt, Lines *kept);
/* Keeps this sitting in PENDING: the runs of RUNS it lacks (a run it kept must be
 * unchanged, else dies), the checkpoints under CKPT in place of those kept before (a
 * finished run's tool has deleted its own), and the sitting's block appended to
 * sittings.txt, with PROVENANCE (the pairs given to provenance_compose; BUILD: its code
 * ids). START: when the sitting started, seconds since the epoch. Prints what it kept;
 * keeps nothing, and says so, when no run finished and none was checkpointed. Returns
 * 1 if it kept something. */
int pending_save(const char *pending, const char *runs, const char *ckpt, long start, const char *build,
                 const Lines *provenance);
/* The wall seconds of every sitting of PENDING, summed (0 without sittings.txt). */
long pending_wall(const char *pending);
/* The blocks of PENDING/sittings.txt (0 without one). */
int pending_sittings(const char *pending);
#endif
