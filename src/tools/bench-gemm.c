/* icar-bench-gemm — this machine's single-precision GEMM peak through OpenBLAS, the
 * yardstick of `make bench` (every training kernel is reported as a fraction of it).
 *
 *   icar-bench-gemm --n N --reps N [--threads 2] --out data/results/bench/gemm.csv
 *
 * (make bench passes N and reps from specs/bench.mk.)
 *
 * Times C = A B for square n x n matrices (sgemm, OpenBLAS with --threads threads)
 * --reps times after one warm-up and keeps the fastest: peak_gflops = 2 n^3 / time.
 * The value is written both as a column and as the setting "peak_gflops". */
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "progress.h"
#include "rng.h"
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    long n = 0, reps = 0, threads = 2;
    uint64_t seed = 1;
    const char *out = NULL;
    const Opt opts[] = {
        {"n", OPT_LONG, &n, 64, 16384, .required = 1, .help = "matrix size"},
        {"reps", OPT_LONG, &reps, 1, 1000, .required = 1, .help = "timed repetitions, the fastest is kept"},
        {"threads", OPT_LONG, &threads, 1, 1024, .help = "OpenBLAS threads"},
        {"seed", OPT_SEED, &seed, .help = "seed of the matrices"},
        {"out", OPT_OUTPUT, &out, .arg = "FILE.csv", .required = 1, .help = "the peak GFLOP/s"},
        {0}};
    opts_parse(opts, argc, argv, "icar-bench-gemm", NULL);
    openblas_set_num_threads((int)threads);
    size_t nn = (size_t)n * n;
    float *a = xmalloc(nn * sizeof(float)), *b = xmalloc(nn * sizeof(float)), *c = xmalloc(nn * sizeof(float));
    Rng r;
    rng_init(&r, seed, RNG_MC);
    rng_normals_f(&r, a, nn, 1.0f);
    rng_normals_f(&r, b, nn, 1.0f);
    double best = 1e300;
    for (long k = 0; k <= reps; k++) {   /* k = 0 warms up */
        double t0 = now_seconds();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0f, a, (int)n, b,
                    (int)n, 0.0f, c, (int)n);
        double t = now_seconds() - t0;
        if (k > 0 && t < best) best = t;
    }
    double gflops = 2.0 * n * n * n / best / 1e9;
    double load[1] = {0};
    if (getloadavg(load, 1) < 1) load[0] = -1;
    CsvOut *o = csv_create(out);
    csv_setting(o, "tool", "icar-bench-gemm");
    csv_setting(o, "library", "%s", openblas_get_config());
    csv_setting(o, "peak_gflops", "%.1f", gflops);
    csv_setting(o, "load_average_1min", "%.2f", load[0]);
    csv_setting(o, "note", "timings vary with other work on the machine; the fastest of the repetitions is kept");
    csv_header(o, "n,threads,reps,best_seconds,peak_gflops");
    csv_int(o, n); csv_int(o, threads); csv_int(o, reps); csv_num(o, best); csv_num(o, gflops);
    csv_endrow(o);
    csv_close(o);
    fprintf(stderr, "icar-bench-gemm: sgemm %ldx%ld, %ld threads: %.1f GFLOP/s\n", n, n, threads, gflops);
    free(a); free(b); free(c);
    return 0;
}
