/* icar-bench-heads — training throughput of the heads model (Figure 7) against this
 * machine's own sgemm peak.
 *
 *   icar-bench-heads --gemm data/results/bench/gemm.csv --out data/results/bench/heads.csv
 *
 * For each H of --heads: duplicated tokens (d = 10, E = 20), T = 50, batches of 1024
 * sequences; times --steps training steps (forward, backward, Adam) after one warm-up
 * step and reports seconds per epoch of 2^14 sequences (16 steps), the authors' PyTorch
 * time for the same epoch (their published code run on the same 2-core machine:
 * H = 8: 19 s, H = 64: 210 s), the GFLOP/s of the
 * model's arithmetic (heads_train_flops_per_seq) and its fraction of peak_gflops read
 * from the GEMM benchmark. Timings depend on the machine and its load: they are
 * reported, never checked. */
#include "adam.h"
#include "args.h"
#include "csvio.h"
#include "err.h"
#include "headsrun.h"
#include "progress.h"
#include <getopt.h>
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

static const char *USAGE =
    "usage: icar-bench-heads --gemm GEMM.csv --out FILE [options]\n"
    "  --seed N     random seed (default 1)\n"
    "  --heads LIST heads to time (default 8,64)\n"
    "  --steps N    timed steps of 1024 sequences per H (default 4; an epoch is 16)\n";

int main(int argc, char **argv) {
    err_set_program("icar-bench-heads");
    uint64_t seed = 1;
    int steps = 4, nh = 0, heads[16];
    const char *gemm = NULL, *out = NULL, *hlist = "8,64";
    static struct option opts[] = {
        {"seed", required_argument, 0, 's'}, {"heads", required_argument, 0, 'H'},
        {"steps", required_argument, 0, 'n'}, {"gemm", required_argument, 0, 'g'},
        {"out", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 's': seed = arg_seed(optarg); break;
        case 'H': hlist = optarg; break;
        case 'n': steps = (int)arg_long("--steps", optarg, 1, 10000); break;
        case 'g': gemm = optarg; break;
        case 'o': out = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !gemm || !out) usage_exit(USAGE);
    char *buf = xstrdup(hlist), *save = NULL;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (nh == 16) die("--heads: at most 16 values");
        heads[nh++] = (int)arg_long("--heads", tok, 1, 4096);
    }
    free(buf);
    if (!nh) die("--heads: give at least one value");
    CsvTable *g = table_read(gemm);
    if (g->nrows < 1) die("%s: no rows; rerun the GEMM benchmark (make bench)", gemm);
    double peak = table_num(g, 0, table_col(g, "peak_gflops"));
    if (!(peak > 0)) die("%s: peak_gflops must be positive, got %g", gemm, peak);
    table_free(g);
    make_parent_dirs(out);
    train_single_threaded_blas();

    const int d = 10, T = 50, B = 1024, epoch_seqs = 16384;
    Rng r;
    rng_init(&r, seed, RNG_TRAIN);
    SeqSet data;
    heads_data(&data, B, T, d, 1, &r);
    CsvOut *c = csv_create(out);
    csv_setting(c, "tool", "icar-bench-heads");
    csv_setting(c, "seed", "%llu", (unsigned long long)seed);
    csv_setting(c, "model", "heads.h, duplicated tokens d=%d E=%d, T=%d, batch %d, Adam", d, 2 * d, T, B);
    csv_setting(c, "epoch", "%d sequences = %d steps", epoch_seqs, epoch_seqs / B);
    csv_setting(c, "gemm", "%s", gemm);
    csv_setting(c, "note", "wall-clock on a possibly shared machine: noisy");
    csv_setting(c, "cpu_seconds_per_step", "CPU time of all threads per step: on a machine shared with other jobs, wall time / CPU time shows how many cores the run really had");
    csv_header(c, "H,steps_timed,seconds_per_step,cpu_seconds_per_step,seconds_per_epoch,authors_seconds_per_epoch,speedup,gflop_per_step,gflops,gflops_per_cpu_second,peak_gflops,fraction_of_peak");
    for (int i = 0; i < nh; i++) {
        HeadsConfig hc = {.d = d, .E = 2 * d, .H = heads[i], .T = T, .npos = 100};
        Heads m;
        heads_create(&m, &hc, 0);
        Rng ri;
        rng_init(&ri, seed, RNG_INIT);
        heads_init(&m, &ri, 0);
        Adam adam;
        adam_init(&adam, m.nparams, 1e-2f);
        double t0 = 0, c0 = 0;
        for (int s = 0; s <= steps; s++) {
            if (s == 1) { t0 = now_seconds(); c0 = cpu_seconds(); }   /* step 0 warms up */
            memset(m.grads, 0, m.nparams * sizeof(float));
            float loss = heads_grad(&m, data.x, data.y, B);
            check_finite(loss, "the training loss");
            adam_step(&adam, m.params, m.grads);
        }
        double step = (now_seconds() - t0) / steps, cpu = (cpu_seconds() - c0) / steps;
        double flop = heads_train_flops_per_seq(&hc) * B;
        double authors = heads[i] == 8 ? 19.0 : heads[i] == 64 ? 210.0 : NAN;
        double epoch = step * epoch_seqs / B;
        fprintf(stderr, "bench heads H=%d: %.3f s/step (%.3f CPU s), %.2f s/epoch (authors %g s), %.1f GFLOP/s = %.1f%% of %.0f\n",
                heads[i], step, cpu, epoch, authors, flop / step / 1e9, 100 * flop / step / 1e9 / peak, peak);
        csv_int(c, heads[i]);
        csv_int(c, steps);
        csv_num(c, step);
        csv_num(c, cpu);
        csv_num(c, epoch);
        csv_num(c, authors);
        csv_num(c, authors / epoch);
        csv_num(c, flop / 1e9);
        csv_num(c, flop / step / 1e9);
        csv_num(c, flop / cpu / 1e9);
        csv_num(c, peak);
        csv_num(c, flop / step / 1e9 / peak);
        csv_endrow(c);
        adam_free(&adam);
        heads_free(&m);
    }
    csv_close(c);
    heads_data_free(&data);
    return 0;
}
