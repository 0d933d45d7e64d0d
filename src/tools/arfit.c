/* icar-arfit — token ids + vectors -> per-window AR fit errors (Figure 4, third stage).
 *
 *   icar-arfit --ids IDS.txt [--vectors FILE.safetensors|FILE.npy] [--dim 1280]
 *              [--windows N|all] --seed S --out ERRORS.csv [--bench BENCH.csv]
 *
 * All ids of IDS.txt are concatenated, the remainder after the last full window of
 * T = 5 dropped, and the first N windows kept (default 10000, the authors' setting).
 * Each token becomes its vector normalized to unit norm (without --vectors: the seeded
 * Gaussian stand-in of src/text/vectors.h, labelled "stand-in" in the vectors column and the
 * settings). The shuffled control permutes all window tokens (across windows and
 * positions) with the seeded stream RNG_SHUFFLE. Each window's MSE comes from its Gram
 * matrix (src/text/arfit.h). Output: one row per window, original and shuffled MSE. */
#include "args.h"
#include "arfit.h"
#include "bpe.h"
#include "csvio.h"
#include "err.h"
#include "progress.h"
#include "rng.h"
#include "vectors.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-arfit --ids IDS.txt [--vectors FILE] [--dim D] [--windows N|all] --seed S\n"
    "                  --out ERRORS.csv [--bench BENCH.csv]\n"
    "  --ids      token ids, one sentence per line (icar-bpe output)\n"
    "  --vectors  GPT-2 embedding table: model.safetensors (wte.weight) or a V x d .npy;\n"
    "             empty or absent: the seeded Gaussian stand-in (50257 x D)\n"
    "  --dim      width the table must have (default 1280, gpt2-large; 0: any)\n"
    "  --windows  number of leading windows of 5 tokens (default 10000) or 'all'\n"
    "  --seed     seed of the shuffle and of the stand-in vectors\n"
    "  --out      per-window MSE, original and shuffled\n"
    "  --bench    also write the fitting throughput (windows per second) to this CSV\n";

int main(int argc, char **argv) {
    err_set_program(argv[0]);
    const char *ids_path = NULL, *vec_path = NULL, *out = NULL, *bench = NULL;
    long dim = STANDIN_DIM, want = 10000;
    uint64_t seed = 0;
    int have_seed = 0;
    static struct option opts[] = {{"ids", required_argument, 0, 'i'},
                                   {"vectors", required_argument, 0, 'v'},
                                   {"dim", required_argument, 0, 'd'},
                                   {"windows", required_argument, 0, 'w'},
                                   {"seed", required_argument, 0, 's'},
                                   {"out", required_argument, 0, 'o'},
                                   {"bench", required_argument, 0, 'b'},
                                   {"help", no_argument, 0, 'h'},
                                   {0, 0, 0, 0}};
    for (int c; (c = getopt_long(argc, argv, "", opts, NULL)) != -1;) {
        switch (c) {
        case 'i': ids_path = optarg; break;
        case 'v': vec_path = optarg; break;
        case 'd': dim = arg_long("--dim", optarg, 0, 1000000); break;
        case 'w': want = strcmp(optarg, "all") == 0 ? -1 : arg_long("--windows", optarg, 1, 100000000); break;
        case 's': seed = arg_seed(optarg); have_seed = 1; break;
        case 'o': out = optarg; break;
        case 'b': bench = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (!ids_path || !out || !have_seed || optind != argc) usage_exit(USAGE);
    const int T = ARFIT_T;

    Ids ids = {0};
    size_t *ends, nlines;
    ids_read(ids_path, &ids, &ends, &nlines);
    free(ends);
    long avail = (long)(ids.n / T);
    if (avail < 1)
        die("'%s' holds %zu tokens, fewer than one window of %d: use a longer text", ids_path,
            ids.n, T);
    long nw = want < 0 || want > avail ? avail : want;
    if (want > avail)
        warn("'%s' gives only %ld windows of %d tokens; using all of them (asked for %ld)",
             ids_path, avail, T, want);
    long ntok = nw * T;

    double t0 = now_seconds();
    Vectors *v = vectors_open(vec_path, dim, seed);
    /* tok[0..ntok) original, tok[ntok..2 ntok) shuffled, as rows of the compact table. */
    int *tok = xmalloc(2 * (size_t)ntok * sizeof *tok);
    long ntab;
    float *table = vectors_unit_table(v, ids.id, ntok, tok, &ntab);
    size_t *perm = xmalloc(ntok * sizeof *perm);
    Rng r;
    rng_init(&r, seed, RNG_SHUFFLE);
    rng_permutation(&r, perm, ntok);
    for (long i = 0; i < ntok; i++) tok[ntok + i] = tok[perm[i]];
    double t1 = now_seconds();

    double *mse = xmalloc(2 * (size_t)nw * sizeof *mse);
    arfit_windows(table, (int)v->dim, tok, 2 * nw, T, mse);
    double t2 = now_seconds();
    long above[2] = {0, 0};
    for (long w = 0; w < 2 * nw; w++) {
        check_finite(mse[w], "a window's MSE");
        above[w >= nw] += mse[w] > 1e-12;
    }
    fprintf(stderr, "icar-arfit: %ld windows x 2 sets (%s vectors, %ld distinct tokens): "
            "%.3f s to embed, %.3f s to fit (%.0f windows/s); above 1e-12: %ld original, "
            "%ld shuffled\n", nw, vectors_label(v), ntab, t1 - t0, t2 - t1,
            2 * nw / (t2 - t1 > 0 ? t2 - t1 : 1e-9), above[0], above[1]);

    CsvOut *c = csv_create(out);
    csv_setting(c, "ids", "%s", ids_path);
    csv_setting(c, "vectors", "%s", vectors_label(v));
    csv_setting(c, "vectors_file", "%s", v->path ? v->path : "none (seeded Gaussian stand-in)");
    csv_setting(c, "dim", "%ld", v->dim);
    csv_setting(c, "T", "%d", T);
    csv_setting(c, "windows", "%ld", nw);
    csv_setting(c, "windows_available", "%ld", avail);
    csv_setting(c, "sentences", "%zu", nlines);
    csv_setting(c, "tokens_total", "%zu", ids.n);
    csv_setting(c, "distinct_tokens", "%ld", ntab);
    csv_setting(c, "rcond", "%g", ARFIT_RCOND);
    csv_setting(c, "seed", "%llu", (unsigned long long)seed);
    csv_header(c, "window,original,shuffled,vectors");
    for (long w = 0; w < nw; w++) {
        csv_int(c, w);
        csv_num(c, mse[w]);
        csv_num(c, mse[nw + w]);
        csv_str(c, vectors_label(v));
        csv_endrow(c);
    }
    csv_close(c);

    if (bench) {
        CsvOut *b = csv_create(bench);
        csv_setting(b, "vectors", "%s", vectors_label(v));
        csv_setting(b, "dim", "%ld", v->dim);
        csv_setting(b, "note", "wall-clock on a shared machine; the authors' loop: about 370 windows/s");
        csv_header(b, "stage,windows,seconds,windows_per_s,authors_windows_per_s");
        csv_str(b, "fit (Gram route, original + shuffled)");
        csv_int(b, 2 * nw); csv_num(b, t2 - t1); csv_num(b, 2 * nw / (t2 - t1));
        csv_num(b, 370); csv_endrow(b);
        csv_str(b, "embed + normalize + shuffle + fit");
        csv_int(b, 2 * nw); csv_num(b, t2 - t0); csv_num(b, 2 * nw / (t2 - t0));
        csv_num(b, 370); csv_endrow(b);
        csv_close(b);
    }
    free(mse); free(perm); free(table); free(tok);
    vectors_close(v);
    ids_free(&ids);
    return 0;
}
