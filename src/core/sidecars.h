/* sidecars.h — what the sidecars RUN.where of a set of runs (runwhere.h) say of the
 * machine they ran on, for an archive's provenance.
 *
 * Every sidecar agreeing on host, cpu, cores and kernel: the lines machine=runs, host=,
 * cpu=, cores=, kernel= (those four), and make_kernel= (the kernels of this process: the
 * machine that assembles the archive) where it differs from the runs'. Runs that
 * disagree: machine=make (the machine that ran make then states cpu, cores and kernel)
 * and one line per run, where.RUN=host=H; cpu=C; cores=N; kernel=K; threads=T (RUN: the
 * sidecar's name without .where). No sidecar: no line. */
#ifndef ICAR_SIDECARS_H
#define ICAR_SIDECARS_H
#include "lines.h"

/* The lines above for the sidecar files SIDECARS, added to OUT. Dies naming a sidecar
 * that is missing or lacks one of host, cpu, cores, kernel, threads. */
void sidecars_machine(const Lines *sidecars, Lines *out);
/* The sidecars of FILES (paths under ROOT) that exist, as paths under ROOT, sorted:
 * a run file DIR/RUN.csv has DIR/RUN.where; the files of a tool whose output is a
 * folder DIR have DIR/NAME.where (NAME the folder's name: fig8/fig8.where). */
void sidecars_of(const char *root, const Lines *files, Lines *out);
#endif
