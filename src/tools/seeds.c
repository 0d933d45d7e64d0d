/* icar-seeds — one CSV of a figure over its seeds: every row with its seed, and the
 * median and range per point (src/core/seedtable.h).
 *
 *   icar-seeds --keys L --long ALL.csv --aggregate AGG.csv seed=1 A/mse.csv seed=2 B/mse.csv ...
 *
 * Each operand seed=N names the seed of the file after it (every file has one). The
 * copies must share their header, their settings (but `seed` and those named by --vary)
 * and their points (the cells of the --keys columns, row by row); every other cell is a
 * number. --long gets every row of every seed after a first column `seed`; --aggregate,
 * per point, the keys and, for each value column V, V_n, V_median, V_min, V_max over the
 * seeds (the median as a claim's verdict takes it, spread.h). Both are written whole or
 * not at all; any difference between the copies stops the tool, naming the file, before
 * either is written. (make: mk/seeds.mk.) */
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "seedtable.h"
#include <stdlib.h>
#include <string.h>

/* A comma-separated list into words[] (at most max; the text is cut in place). */
static int split_list(char *text, const char **words, int max, const char *flag) {
    int n = 0;
    for (char *tok = strtok(text, ","); tok; tok = strtok(NULL, ",")) {
        if (n == max) die("--%s: more than %d names", flag, max);
        words[n++] = tok;
    }
    return n;
}

/* 1 iff arg is a seed=N operand, N then in *seed. */
static int seed_operand(const char *arg, long *seed) {
    if (strncmp(arg, "seed=", 5) != 0) return 0;
    char *end;
    long s = strtol(arg + 5, &end, 10);
    if (arg[5] < '0' || arg[5] > '9' || *end || s < 0)
        die("operand '%s': a seed is a whole number, as seed=N", arg);
    *seed = s;
    return 1;
}

int main(int argc, char **argv) {
    const char *keys_arg = NULL, *vary_arg = NULL, *long_out = NULL, *agg_out = NULL;
    const char *operands = "seed=N FILE [seed=N FILE]...";
    const Opt opts[] = {
        {"keys", OPT_STRING, &keys_arg, .arg = "COL,COL...", .required = 1,
         .help = "the columns that say which point a row is (comma-separated names)"},
        {"vary", OPT_STRING, &vary_arg, .arg = "KEY,KEY...",
         .help = "settings that may differ between the seeds (values measured per seed); left out of the outputs"},
        {"long", OPT_OUTPUT, &long_out, .arg = "ALL.csv", .required = 1,
         .help = "every row of every seed, after a first column seed"},
        {"aggregate", OPT_OUTPUT, &agg_out, .arg = "AGG.csv", .required = 1,
         .help = "per point: the keys, then V_n, V_median, V_min, V_max of each value column V"},
        {0}};
    int first = opts_parse(opts, argc, argv, "icar-seeds", operands);
    if (first == argc) opts_fail(opts, "icar-seeds", operands, "give the copies, each after its seed=N");

    char *keys_text = xstrdup(keys_arg), *vary_text = xstrdup(vary_arg ? vary_arg : "");
    const char *keys[OPT_LIST_MAX], *vary[OPT_LIST_MAX];
    int nkeys = split_list(keys_text, keys, OPT_LIST_MAX, "keys");
    int nvary = split_list(vary_text, vary, OPT_LIST_MAX, "vary");
    if (nkeys == 0) die("--keys: name at least one column");

    int nops = argc - first;
    CsvTable **t = xcalloc(nops, sizeof *t);
    long *seed = xcalloc(nops, sizeof *seed);
    int n = 0, have_seed = 0;
    long s = 0, prev;
    for (int i = first; i < argc; i++) {
        prev = s;
        if (seed_operand(argv[i], &s)) {
            if (have_seed) die("operand '%s' follows seed=%ld without a file between them", argv[i], prev);
            have_seed = 1;
            continue;
        }
        if (!have_seed) die("operand '%s': every file comes after the seed=N it was made with", argv[i]);
        seed[n] = s;
        t[n++] = table_read(argv[i]);
        have_seed = 0;
    }
    if (have_seed) die("the last operand seed=%ld names no file", s);

    SeedTables *st = seedtable_check(t, seed, n, keys, nkeys, vary, nvary);
    /* both written before either is moved into place */
    CsvOut *lo = csv_create(long_out), *ag = csv_create(agg_out);
    seedtable_write_long(st, lo);
    seedtable_write_aggregate(st, ag);
    csv_close(lo);
    csv_close(ag);
    seedtable_free(st);
    for (int i = 0; i < n; i++) table_free(t[i]);
    free(t);
    free(seed);
    free(keys_text);
    free(vary_text);
    return 0;
}
