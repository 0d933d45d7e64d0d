/* sidecars.h — what the sidecars RUN.where of a set of runs (runwhere.h) say of the
 * machine they ran on, for an archive's provenance.
 *
 * A sidecar names the machine that finished the run (host=, cpu=, cores=, kernel=,
 * threads=, max_rss_kib=) and, for a run resumed from checkpoints, one line per stretch
 * of epochs with the machine that trained it:
 *   segment=epochs A-B of LABEL; host=H; cpu=C; cores=N; kernel=K; threads=T
 * The machines of a run are that of its first lines and those of its segments; a sidecar
 * without segment lines (a run never resumed, or one made before segments were recorded)
 * has one.
 *
 * Every machine of every sidecar agreeing on host, cpu, cores and kernel: the lines
 * machine=runs, host=, cpu=, cores=, kernel= (those four), and make_kernel= (the kernels
 * of this process: the machine that assembles the archive) where it differs from the
 * runs'. Runs that disagree: machine=make (the machine that ran make then states cpu,
 * cores and kernel), one line per run, where.RUN=host=H; cpu=C; cores=N; kernel=K;
 * threads=T (RUN: the sidecar's name without .where), and for a resumed run one line per
 * segment, where.RUN.N=epochs A-B of LABEL; host=H; ... (N = 1, 2, ... in the order of
 * its segment lines). No sidecar: no line. */
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
/* The CPU kernels the run of sidecar PATH ran with, into KERNEL[N]: 1 where all its
 * machines ran one; 0 where its segments ran on several (said on stderr: its bytes are
 * then no one kernel's, and no rerun can match them byte for byte). Dies as above. */
int sidecar_kernel(const char *path, char *kernel, size_t n);
#endif
