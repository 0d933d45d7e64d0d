/* runwhere.h — where a training run ran: the sidecar RUN.where.
 *
 * A run's CSV must not depend on the machine or the thread count (same seed, same bytes),
 * so the machine that made it is written beside it, in a file of its own: for a run file
 * DIR/RUN.csv, DIR/RUN.where; for a tool whose output is a folder DIR (Figs. 8, 9),
 * DIR/NAME.where with NAME the folder's last component (fig8/fig8.where). One key=value per
 * line, in this order:
 *   host=         the host name (gethostname)
 *   cpu=          the CPU model (/proc/cpuinfo's first "model name"; "unknown" without one)
 *   cores=        the machine's cores (configured processors, as `nproc --all`)
 *   kernel=       the CPU kernels (runwhere_kernel: OpenBLAS's configuration and the level of
 *                 the project's own kernels), the string an archive's provenance records as kernel=
 *   threads=      the OpenMP threads the run had (OMP_NUM_THREADS: make's THREADS)
 *   max_rss_kib=  the process's peak resident memory so far, KiB (getrusage), which make
 *                 plan's memory estimate is tested against
 * These describe the machine that finished the run. A run resumed from a checkpoint (its
 * training spread over several sittings, maybe on several machines) adds one line per
 * segment, a stretch of epochs of one training that one sitting trained, in the order
 * they were trained, for every training of the run (the earlier sittings' segments come
 * with the checkpoints, which carry them forward):
 *   segment=epochs A-B of LABEL; host=H; cpu=C; cores=N; kernel=K; threads=T
 * (LABEL: the training's progress label, e.g. "fig9 softmax"; A-B: its epochs, from 1).
 * A run never resumed has no segment line: the six lines say it all, as they always did.
 * The file is written atomically (atomic.h), before the run's outputs, so a finished run
 * always has one.
 *
 * For tests only: ICAR_TEST_HOST and ICAR_TEST_KERNEL, where set and not empty, stand in
 * for the host name and the kernels in what this writes (never in runwhere_kernel), so
 * that a test can resume a run "on another machine". */
#ifndef ICAR_RUNWHERE_H
#define ICAR_RUNWHERE_H
#include <stddef.h>

/* The CPU kernels this process runs: "<openblas_get_config()>; own kernels <level>" with
 * level x86-64-v4, x86-64-v3 or default (the dispatch of simd.h), into buf[n]. */
void runwhere_kernel(char *buf, size_t n);
/* The CPU model (the first "model name" of /proc/cpuinfo; "unknown" without one), into
 * buf[n]. */
void runwhere_cpu(char *buf, size_t n);
/* The sidecar of OUT (a run's CSV, or an output folder when IS_DIR); malloc'd. */
char *runwhere_path(const char *out, int is_dir);
/* CARRIED (the segment lines of the epochs a checkpoint holds; NULL or "" for none) with
 * the line of this machine's segment, epochs FROM+1 .. TO of the training LABEL, added
 * where TO > FROM: what the checkpoint at epoch TO carries; malloc'd. */
char *runwhere_segments(const char *carried, const char *label, long from, long to);
/* Records a training of this process, which trained epochs FROM+1 .. TO after the
 * checkpoint that carried CARRIED (NULL where it started afresh), for the sidecar. */
void runwhere_trained(const char *carried, const char *label, long from, long to);
/* Writes the sidecar of OUT (see above): the segment lines where a training recorded by
 * runwhere_trained was resumed. */
void runwhere_write(const char *out, int is_dir);
#endif
