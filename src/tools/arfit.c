/* icar-arfit — token ids + vectors -> per-window AR fit errors (Figure 4, third stage).
 *
 *   icar-arfit --ids IDS.txt [--vectors FILE.safetensors|FILE.npy] --dim D
 *              --windows N|all --seed S --out ERRORS.csv [--bench BENCH.csv]
 *
 * (make fig4 passes D and N from specs/fig4.mk.)
 * All ids of IDS.txt are concatenated, the remainder after the last full window of
 * T = 5 dropped, and the first N windows kept.
 * Each token becomes its vector normalized to unit norm (without --vectors: the seeded
 * Gaussian stand-in of src/text/vectors.h, labelled "stand-in" in the vectors column and the
 * settings). The shuffled control permutes all window tokens (across windows and
 * positions) with the seeded stream RNG_SHUFFLE. Each window's MSE comes from its Gram
 * matrix (src/text/arfit.h). Output: one row per window, original and shuffled MSE. */
#include "arfit.h"
#include "bpe.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "progress.h"
#include "rng.h"
#include "vectors.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *ids_path = NULL, *vec_path = NULL, *out = NULL, *bench = NULL;
    long dim = 0, want = 0;
    uint64_t seed = 0;
    const Opt opts[] = {
        {"ids", OPT_STRING, &ids_path, .arg = "IDS.txt", .required = 1, .key = "ids",
         .help = "token ids, one sentence per line (icar-bpe output)"},
        {"vectors", OPT_STRING, &vec_path, .arg = "FILE",
         .help = "GPT-2 embedding table: model.safetensors (wte.weight) or a V x d .npy; empty or absent: "
                 "the seeded Gaussian stand-in (50257 x D)"},
        {"dim", OPT_LONG, &dim, 0, 1000000, .required = 1, .help = "width the table must have (1280: gpt2-large; 0: any)",
         .key = "dim"},
        {"windows", OPT_LONG_ALL, &want, 1, 100000000, .required = 1, .arg = "N|all",
         .help = "number of leading windows of 5 tokens", .key = "windows"},
        {"seed", OPT_SEED, &seed, .required = 1, .help = "seed of the shuffle and of the stand-in vectors",
         .key = "seed"},
        {"out", OPT_OUTPUT, &out, .arg = "ERRORS.csv", .required = 1, .help = "per-window MSE, original and shuffled"},
        {"bench", OPT_OUTPUT, &bench, .arg = "BENCH.csv",
         .help = "also write the fitting throughput (windows per second) to this CSV"},
        {0}};
    opts_parse(opts, argc, argv, "icar-arfit", NULL);
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
    opts_settings_some(c, opts, "ids");
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
    opts_settings_some(c, opts, "seed");
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
