/* icar-bench-heads — training throughput of the heads model (Figure 7) against this
 * machine's own sgemm peak, for every (variant, kind) that Figure 7 trains.
 *
 *   icar-bench-heads --gemm data/results/bench/gemm.csv --out data/results/bench/heads.csv
 *
 * For each variant (paper: d = --d-paper, one W_O over the concatenated heads; authors:
 * d = --d-authors, heads summed into one shared W_O; headsrun.h; make passes Figure 7's
 * values from specs/fig7.mk), each token kind (plain: E = d; dup: E = 2d) and each H of
 * --heads: T = 50, batches of 1024 sequences; times --steps training steps (forward,
 * backward, Adam) after one warm-up step and reports seconds per epoch of 2^14
 * sequences (16 steps), the GFLOP/s of the model's arithmetic (heads_train_flops_per_seq)
 * and its fraction of peak_gflops read from the GEMM benchmark. make plan estimates each
 * Figure 7 run from the rows of its own (variant, kind).
 *
 * The authors' PyTorch time for the same epoch (their published code with its defaults,
 * run on the same 2-core machine: H = 8: 19 s, H = 64: 210 s) was measured in the
 * configuration of their code: its d, tokens duplicated, one shared W_O, which is our
 * authors variant with duplicated tokens. That row's speedup is the like-for-like
 * comparison (settings speedup_H8, speedup_H64). The paper variant with duplicated
 * tokens (the paper's d, twice the authors', and one W_O per head) is a larger model; its
 * ratio to the same authors' times (paper_speedup_H8, paper_speedup_H64) is reported
 * beside it, not like for like.
 * Timings depend on the machine and its load: they are reported, never checked. */
#include "adam.h"
#include "csvio.h"
#include "err.h"
#include "headsrun.h"
#include "opts.h"
#include "progress.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* CPU time of the whole process (all threads), seconds. */
static double cpu_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

enum { T = 50, B = 1024, EPOCH_STEPS = 16 };   /* an epoch: 2^14 sequences */

/* One timed configuration and its measurement. */
typedef struct {
    int variant, dup, H;     /* headsvariant_name(variant), HEADS_KINDS[dup] */
    int d, E;
    double step, cpu;        /* wall and CPU seconds per step */
    double flop;             /* per step */
    double authors;          /* the authors' seconds per epoch in this configuration, or NAN */
} Row;

/* The authors' PyTorch seconds per epoch at H (their configuration: the authors variant,
 * duplicated tokens), or NAN where they were not timed. */
static double authors_seconds(int H) { return H == 8 ? 19.0 : H == 64 ? 210.0 : NAN; }

/* Time STEPS training steps of w's configuration (variant, dup, H, d) after one warm-up
 * step. */
static void bench_one(Row *w, uint64_t seed, int steps) {
    HeadsVariant v;
    headsvariant_init(&v);
    v.which = w->variant;
    headsvariant_done(&v);
    w->E = w->dup ? 2 * w->d : w->d;
    Rng r;
    rng_init(&r, seed, RNG_TRAIN);
    SeqSet data;
    heads_data(&data, B, T, w->d, w->dup, &r);
    HeadsConfig hc = {.d = w->d, .E = w->E, .H = w->H, .T = T, .npos = 100};
    headsvariant_apply(&v, &hc);
    Heads m;
    heads_create(&m, &hc, B, 0);
    Rng ri;
    rng_init(&ri, seed, RNG_INIT);
    heads_init(&m, &ri, 0);
    Adam adam;
    adam_init(&adam, m.run.t.nparams, 1e-2f);
    double t0 = 0, c0 = 0;
    for (int s = 0; s <= steps; s++) {
        if (s == 1) { t0 = now_seconds(); c0 = cpu_seconds(); }   /* step 0 warms up */
        memset(m.run.t.grads, 0, m.run.t.nparams * sizeof(float));
        float loss = chunk_batch(&m, data.x, data.y, B, 1);
        check_finite(loss, "the training loss");
        adam_step(&adam, m.run.t.params, m.run.t.grads);
    }
    w->step = (now_seconds() - t0) / steps;
    w->cpu = (cpu_seconds() - c0) / steps;
    w->flop = heads_train_flops_per_seq(&hc) * B;
    adam_free(&adam);
    heads_free(&m);
    heads_data_free(&data);
}

int main(int argc, char **argv) {
    uint64_t seed = 1;
    int steps = 0, nh = 0, heads[16], dvar[HEADS_NVARIANTS] = {0};
    OptDoubles hlist = {0};
    const char *gemm = NULL, *out = NULL;
    const Opt opts[] = {
        OPTS_SEED(seed),
        {"heads", OPT_DOUBLES, &hlist, 1, 4096, .arg = "LIST", .required = 1,
         .help = "heads to time, in every variant and kind (specs/bench.mk)"},
        {"steps", OPT_INT, &steps, 1, 10000, .required = 1, .help = "timed steps of 1024 sequences per H (an epoch is 16)"},
        {"d-paper", OPT_INT, &dvar[0], 1, 256, .required = 1, .help = "Figure 7's data dimension, paper variant"},
        {"d-authors", OPT_INT, &dvar[1], 1, 256, .required = 1, .help = "Figure 7's data dimension, authors variant"},
        {"gemm", OPT_STRING, &gemm, .arg = "GEMM.csv", .required = 1, .help = "icar-bench-gemm's output (the sgemm peak)"},
        {"out", OPT_OUTPUT, &out, .arg = "FILE", .required = 1, .help = "the benchmark's CSV"},
        {0}};
    opts_parse(opts, argc, argv, "icar-bench-heads", NULL);
    if (hlist.n > 16) die("--heads: at most 16 values");
    for (int i = 0; i < hlist.n; i++) {
        if (hlist.v[i] != (int)hlist.v[i]) die("--heads: %g is not a whole number", hlist.v[i]);
        heads[nh++] = (int)hlist.v[i];
    }
    if (!nh) die("--heads: give at least one value");
    CsvTable *g = table_read(gemm);
    if (g->nrows < 1) die("%s: no rows; rerun the GEMM benchmark (make bench)", gemm);
    double peak = table_num(g, 0, table_col(g, "peak_gflops"));
    if (!(peak > 0)) die("%s: peak_gflops must be positive, got %g", gemm, peak);
    table_free(g);
    make_parent_dirs(out);
    train_single_threaded_blas();

    /* measure everything first: the speedups also go into settings lines, which the
     * manuscript quotes ({{setting data/results/bench/heads.csv speedup_H64}}) */
    int nrows = HEADS_NVARIANTS * 2 * nh;
    Row *rows = xcalloc(nrows, sizeof *rows);
    for (int i = 0; i < nrows; i++) {
        Row *w = &rows[i];
        w->variant = i / (2 * nh);
        w->dup = i / nh % 2;
        w->H = heads[i % nh];
        w->d = dvar[w->variant];
        bench_one(w, seed, steps);
        w->authors = w->dup ? authors_seconds(w->H) : NAN;
        fprintf(stderr, "bench heads %s %s H=%d: %.3f s/step (%.3f CPU s), %.2f s/epoch (authors %g s), %.1f GFLOP/s = %.1f%% of %.0f\n",
                headsvariant_name(w->variant), HEADS_KINDS[w->dup], w->H, w->step, w->cpu, w->step * EPOCH_STEPS,
                w->authors, w->flop / w->step / 1e9, 100 * w->flop / w->step / 1e9 / peak, peak);
    }
    CsvOut *c = csv_create(out);
    csv_setting(c, "tool", "icar-bench-heads");
    csv_setting(c, "seed", "%llu", (unsigned long long)seed);
    csv_setting(c, "model", "heads.h, T=%d, batch %d, Adam; variant paper d=%d, authors d=%d; kind plain E=d, dup E=2d",
                T, B, dvar[0], dvar[1]);
    csv_setting(c, "epoch", "%d sequences = %d steps", EPOCH_STEPS * B, EPOCH_STEPS);
    csv_setting(c, "gemm", "%s", gemm);
    csv_setting(c, "authors", "the authors' published PyTorch code with its defaults (their d, tokens duplicated, one shared W_O: our authors variant, dup) on the same 2-core machine: H=8 19 s, H=64 210 s per epoch");
    for (int i = 0; i < nrows; i++) {
        const Row *w = &rows[i];
        if (!w->dup || isnan(w->authors)) continue;
        char key[64];
        snprintf(key, sizeof key, "%sspeedup_H%d", w->variant == 0 ? "paper_" : "", w->H);
        csv_setting(c, key, "%.1f", w->authors / (w->step * EPOCH_STEPS));
    }
    csv_setting(c, "speedup", "speedup_H*: the authors variant with duplicated tokens, the authors' own configuration (like for like); paper_speedup_H*: the paper variant with duplicated tokens (the paper's d, one W_O per head), a larger model, against the same authors' times");
    csv_setting(c, "note", "wall-clock on a possibly shared machine: noisy");
    csv_setting(c, "cpu_seconds_per_step", "CPU time of all threads per step: on a machine shared with other jobs, wall time / CPU time shows how many cores the run really had");
    csv_header(c, "variant,kind,d,E,H,steps_timed,seconds_per_step,cpu_seconds_per_step,seconds_per_epoch,authors_seconds_per_epoch,speedup,gflop_per_step,gflops,gflops_per_cpu_second,peak_gflops,fraction_of_peak");
    for (int i = 0; i < nrows; i++) {
        const Row *w = &rows[i];
        double epoch = w->step * EPOCH_STEPS;
        csv_str(c, headsvariant_name(w->variant));
        csv_str(c, HEADS_KINDS[w->dup]);
        csv_int(c, w->d);
        csv_int(c, w->E);
        csv_int(c, w->H);
        csv_int(c, steps);
        csv_num(c, w->step);
        csv_num(c, w->cpu);
        csv_num(c, epoch);
        if (isnan(w->authors)) {
            csv_str(c, "");
            csv_str(c, "");
        } else {
            csv_num(c, w->authors);
            csv_num(c, w->authors / epoch);
        }
        csv_num(c, w->flop / 1e9);
        csv_num(c, w->flop / w->step / 1e9);
        csv_num(c, w->flop / w->cpu / 1e9);
        csv_num(c, peak);
        csv_num(c, w->flop / w->step / 1e9 / peak);
        csv_endrow(c);
    }
    csv_close(c);
    free(rows);
    return 0;
}
