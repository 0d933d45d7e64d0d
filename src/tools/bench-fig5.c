/* icar-bench-fig5 — training throughput of the Figure 5 or Figure 10 model.
 *
 *   icar-bench-fig5 --model linear --d 5 --T 50 --batch 1024 --lr 5e-3 --train 16384 --reps 3 \
 *                   --gemm data/results/bench/gemm.csv --out data/results/bench/fig5.csv
 *
 * (make bench-fig5 and bench-fig10 pass the figure's model and sizes from specs/fig5.mk,
 * specs/fig10.mk and specs/bench.mk; --model full also takes --heads and --ffn.)
 * Rows: the time per training epoch of --train sequences (2^14 as in the paper) at
 * L = 1 and L = 6, for the augmented linear Transformer (the authors' PyTorch: 1.7 s and
 * 8.1 s on a 2-core machine) or the full Transformer; then each kernel of one layer
 * alone over the same epoch. Each row gives GFLOP/s and the fraction of the machine's
 * sgemm peak read from --gemm (icar-bench-gemm). Settings lines MODEL_L1_seconds,
 * MODEL_L6_seconds (fastest epoch) and MODEL_L*_slowest_seconds, MODEL = linear or full. */
#include "args.h"
#include "csvio.h"
#include "depthbench.h"
#include "depthrun.h"
#include "err.h"
#include "opts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    const char *gemm = NULL, *out = NULL;
    DepthArgs a;   /* the model and sizes of icar-depth's flags */
    depthargs_init(&a);
    long reps = 0;
    const Opt opts[] = {
        {"gemm", OPT_STRING, &gemm, .arg = "FILE", .required = 1, .help = "output of icar-bench-gemm (its peak_gflops setting)"},
        DEPTHARG_MODEL(a),
        DEPTHARG_D(a),
        DEPTHARG_T(a),
        DEPTHARG_HEADS(a),
        DEPTHARG_FFN(a),
        TRAINFLAG_TRAIN(a.f),
        TRAINFLAG_BATCH(a.f),
        TRAINFLAG_LR(a.f),
        {"reps", OPT_LONG, &reps, 1, 100, .required = 1,
         .help = "timed epochs / kernel runs; the fastest and slowest are kept"},
        TRAINFLAG_SEED(a.f),
        {"out", OPT_OUTPUT, &out, .arg = "FILE.csv", .required = 1, .help = "seconds per epoch and per kernel"},
        {0}};
    opts_parse(opts, argc, argv, "icar-bench-fig5", NULL);
    DepthOpts o;
    depthargs_done(&a, &o);
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
    csv_setting(c, "batch", "%d", o.train.batch);
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
