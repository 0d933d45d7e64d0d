/* icar-bench-fig5 — training throughput of the Figure 5 or Figure 10 model.
 *
 *   icar-bench-fig5 --gemm data/results/bench/gemm.csv --out data/results/bench/fig5.csv
 *   icar-bench-fig5 --model full --gemm data/results/bench/gemm.csv --out data/results/bench/fig10.csv
 *
 * Rows: the time per training epoch of --train sequences (2^14 as in the paper) at
 * L = 1 and L = 6, for the augmented linear Transformer (the authors' PyTorch: 1.7 s and
 * 8.1 s on a 2-core machine) or the full Transformer; then each kernel of one layer
 * alone over the same epoch. Each row gives GFLOP/s and the fraction of the machine's
 * sgemm peak read from --gemm (icar-bench-gemm). Settings lines MODEL_L1_seconds,
 * MODEL_L6_seconds (fastest epoch) and MODEL_L*_slowest_seconds, MODEL = linear or full. */
#include "args.h"
#include "csvio.h"
#include "depthbench.h"
#include "err.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-bench-fig5 --gemm GEMM.csv --out FILE.csv [--model linear|full] [--train N] [--reps N] [--seed N]\n"
    "  --gemm FILE   output of icar-bench-gemm (its peak_gflops setting)\n"
    "  --model M     linear (Figure 5, default) or full (Figure 10)\n"
    "  --train N     sequences per epoch (default 16384)\n"
    "  --reps N      timed epochs / kernel runs; the fastest and slowest are kept (default 3)\n";

typedef struct { const char *model; int L; const char *what; double sec, slowest, flops, authors; } Row;

static void put_row(CsvOut *c, const Row *r, double peak) {
    double gf = r->flops / r->sec / 1e9;
    csv_str(c, r->model); csv_int(c, r->L); csv_str(c, r->what);
    csv_num(c, r->sec); csv_num(c, r->slowest); csv_num(c, r->flops / 1e9); csv_num(c, gf); csv_num(c, gf / peak);
    if (r->authors > 0) { csv_num(c, r->authors); csv_num(c, r->authors / r->sec); }
    else { csv_str(c, "-"); csv_str(c, "-"); }
    csv_endrow(c);
    fprintf(stderr, "icar-bench-fig5: %-6s L=%d %-40s %.3f s %.1f GFLOP/s (%.1f%% of peak)\n", r->model, r->L,
            r->what, r->sec, gf, 100 * gf / peak);
}

int main(int argc, char **argv) {
    err_set_program("icar-bench-fig5");
    const char *gemm = NULL, *out = NULL;
    DepthOpts o = {.model = DEPTH_LINEAR, .d = 5, .T = 50, .ntrain = 16384, .batch = 1024, .lr = 5e-3f,
                   .seed = 1, .heads = 3, .ffn = 60};
    long reps = 3;
    static struct option opts[] = {{"gemm", 1, 0, 'g'}, {"out", 1, 0, 'o'}, {"train", 1, 0, 'n'},
                                   {"reps", 1, 0, 'r'}, {"seed", 1, 0, 's'}, {"model", 1, 0, 'm'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'g': gemm = optarg; break;
        case 'o': out = optarg; break;
        case 'n': o.ntrain = (int)arg_long("--train", optarg, 1, 1 << 22); break;
        case 'r': reps = arg_long("--reps", optarg, 1, 100); break;
        case 's': o.seed = arg_seed(optarg); break;
        case 'm':
            if (strcmp(optarg, "linear") == 0) o.model = DEPTH_LINEAR;
            else if (strcmp(optarg, "full") == 0) o.model = DEPTH_FULL;
            else die("--model: '%s' is neither linear nor full", optarg);
            break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !gemm || !out) usage_exit(USAGE);
    CsvTable *g = table_read(gemm);
    const char *pk = table_setting(g, "peak_gflops");
    if (!pk) die("'%s' records no peak_gflops; remake it with icar-bench-gemm", gemm);
    double peak = arg_double("peak_gflops", pk, 1e-3, 1e9);
    table_free(g);
    train_single_threaded_blas();

    /* measure everything first: the epoch times also go into settings lines, which
     * the manuscript quotes ({{setting data/results/bench/fig5.csv linear_L1_seconds}}) */
    const double authors[2] = {1.7, 8.1};    /* Figure 5's model only */
    int full = o.model == DEPTH_FULL;
    const char *name = full ? "full" : "linear";
    Row rows[8];
    int nr = 0;
    double load[1] = {-1};
    getloadavg(load, 1);
    for (int i = 0; i < 2; i++) {
        int L = i ? 6 : 1;
        double flops, slowest, sec = depthbench_epoch(&o, L, (int)reps, &slowest, &flops);
        rows[nr++] = (Row){name, L, "training epoch", sec, slowest, flops, full ? 0 : authors[i]};
    }
    BenchKernel k[4];
    int nk = depthbench_kernels(&o, (int)reps, k);
    for (int i = 0; i < nk; i++) rows[nr++] = (Row){name, 1, k[i].name, k[i].seconds, k[i].slowest, k[i].flops, 0};
    CsvOut *c = csv_create(out);
    csv_setting(c, "tool", "icar-bench-fig5");
    csv_setting(c, "model", "%s", full ? "full (Figure 10)" : "linear (Figure 5)");
    csv_setting(c, "train", "%d", o.ntrain);
    csv_setting(c, "batch", "%d", o.batch);
    csv_setting(c, "d", "%d", o.d);
    csv_setting(c, "T", "%d", o.T);
    if (full) csv_setting(c, "full_model", "%d heads, MLP width %d", o.heads, o.ffn);
    csv_setting(c, "peak_gflops", "%.1f", peak);
    csv_setting(c, "reps", "%ld", reps);
    csv_setting(c, "load_average_1min_at_start", "%.2f", load[0]);
    for (int i = 0; i < 2; i++) {
        char key[64];
        snprintf(key, sizeof key, "%s_L%d_seconds", name, rows[i].L);
        csv_setting(c, key, "%.3f", rows[i].sec);
        snprintf(key, sizeof key, "%s_L%d_slowest_seconds", name, rows[i].L);
        csv_setting(c, key, "%.3f", rows[i].slowest);
        if (!full) {
            snprintf(key, sizeof key, "%s_L%d_speedup", name, rows[i].L);
            csv_setting(c, key, "%.1f", authors[i] / rows[i].sec);
        }
    }
    csv_setting(c, "note", "epoch = shuffle + gather + forward + backward + Adam, no test evaluation; kernel rows: one layer, forward+backward, over the epoch's sequences; fastest (seconds_per_epoch) and slowest of reps");
    csv_header(c, "model,L,what,seconds_per_epoch,slowest_seconds,gflop_per_epoch,gflops,fraction_of_peak,authors_seconds,speedup");
    for (int i = 0; i < nr; i++) put_row(c, &rows[i], peak);
    csv_close(c);
    return 0;
}
