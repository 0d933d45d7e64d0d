/* rerun.h — make check's evidence that a paper-profile archive comes from this code: a
 * run of the archive is made again, at the archive's profile, and must equal it.
 *
 * The run is the cheapest, by make plan's estimate (icar-plan --cheapest), of the
 * archives NAMES (folders of ROOT named after their figure) among the rows of JOBS (make
 * plan's job list of the paper profile), only the runs RUNS where given. It is made again
 * in SCRATCH (a build folder of its own, tools/scratch-build) and compared with the
 * archive by icar-archivecheck compare: byte for byte when this build's identity
 * (identity.h) is that of the sitting which made the run (the CPU kernels those of the
 * run's sidecar RUN.where, where the archive has one, and those of the rerun's own),
 * otherwise every number within a relative RTOL. Claim ID@FIG, the files that differ;
 * an estimate above MAX_SECONDS CPU seconds is refused, and the claim is then not
 * measured (it fails). */
#ifndef ICAR_RERUN_H
#define ICAR_RERUN_H
#include "lines.h"

typedef struct {
    const char *id, *claims;    /* the claim's id (@FIG is added), the fragment written */
    const char *scratch;        /* the rerun's build folder */
    const char *root, *jobs;    /* the archives' folder; make plan's job list */
    const char *names;          /* comma-separated archives to pick from */
    const Lines *runs;          /* the runs allowed (none: every one) */
    const char *build;          /* the build with the tools */
    const char *plan;           /* the icar-plan command with its estimate's options */
    const char *make;           /* the make command */
    const char *rtol;           /* the tolerance under other code or kernels */
    double max_seconds;         /* the largest estimate rerun */
} Rerun;

/* Runs the check above; dies (exit 1, no fragment) where the run cannot be picked or made
 * again or is too long. Returns icar-archivecheck's status (0: equal). */
int rerun_check(const Rerun *r);
#endif
