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
 * A resumed run records the machine that finished it. The file is written atomically
 * (atomic.h), before the run's outputs, so a finished run always has one. */
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
/* Writes the sidecar of OUT (see above). */
void runwhere_write(const char *out, int is_dir);
#endif
