/* seedtable.h — one CSV of a figure, as every seed made it, put together.
 *
 * A figure judged over seeds (mk/seeds.mk) has each of its CSVs once per seed, in the
 * same layout. Given those copies (each read with table_read, with the seed it belongs
 * to) and the names of the key columns (the columns that say which point a row is: L;
 * variant,kind,dup,H; epoch), seedtable_check makes sure they describe the same points:
 *   - the same header, each column's name plain and its own;
 *   - the same "# key=value" settings, in the same order, but for `seed` (which, where a
 *     copy has one, must be the seed it was given as) and the settings named as varying
 *     (values measured per seed that a tool writes as settings, e.g. Figure 8's
 *     offdiag_ratio_trained, or the list of points a seed ran);
 *   - the first copy's points (its key cells, row by row), or some of them, in its order:
 *     a seed may have run only some points (Figure 7 at the paper's sizes: every H for
 *     seed 1, the H the claims compare for the others);
 *   - a number (num_parse: "nan" and "inf" included) in every other column;
 *   - seeds that differ, and no setting the outputs write (`seeds`, `over_seeds`,
 *     `varies_over_seeds`) already there.
 * Any difference stops through die(), naming the file, and the row or setting.
 *
 * Then two outputs, into files the caller created (csv_create) and closes (csv_close: each
 * appears whole or not at all):
 *   seedtable_write_long       every row of every seed, after a first column `seed`, the
 *                              seeds in the order given; the cells as read (no number is
 *                              rewritten);
 *   seedtable_write_aggregate  one row per point of the first copy: the key columns, then
 *                              for each value column V, in the header's order, V_n (the
 *                              seeds with the point and a finite value there),
 *                              V_median, V_min, V_max over the seeds (spread.h, the same
 *                              median as a claim's verdict over seeds).
 * Both keep the shared settings, the line `# seed=` becoming `# seeds=1 2 3` (the seeds,
 * space-separated, where `seed` stood, else after the others), and add `# over_seeds=`, a
 * sentence on what the file holds, and `# varies_over_seeds=` with the settings left out. */
#ifndef ICAR_SEEDTABLE_H
#define ICAR_SEEDTABLE_H
#include "csvio.h"

typedef struct {
    int n;                    /* copies, one per seed */
    const long *seed;         /* [n] */
    CsvTable **t;             /* [n] */
    int nkeys;
    int *key;                 /* [nkeys]: column indices of the keys, in the header's order */
    int nvary;
    const char *const *vary;  /* [nvary]: settings allowed to differ */
    int **row;                /* [n][first copy's rows]: copy c's row at that point, or -1 */
} SeedTables;

/* The copies t[n] of seeds seed[n], keyed by the columns named keys[nkeys] (each one
 * column of the header, none twice), settings vary[nvary] allowed to differ: checked as
 * above (dies on the first difference). The returned struct refers to t, seed and vary;
 * seedtable_free frees only what it allocated. */
SeedTables *seedtable_check(CsvTable **t, const long *seed, int n, const char *const *keys, int nkeys,
                            const char *const *vary, int nvary);
void seedtable_write_long(const SeedTables *s, CsvOut *out);
void seedtable_write_aggregate(const SeedTables *s, CsvOut *out);
void seedtable_free(SeedTables *s);
#endif
