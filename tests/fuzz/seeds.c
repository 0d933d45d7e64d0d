/* Fuzz the putting together of one CSV over seeds (src/core/seedtable.h): the input is
 * two copies separated by a line "===" (none: the input is both copies); each is read as
 * a table, keyed by its first column, checked against the other, and both outputs are
 * written and read back: the file of every row holds the rows of both copies after their
 * seed, the aggregate one row per point with four columns per value column. */
#include "harness.h"
#include "csvio.h"
#include "seedtable.h"
#include <string.h>

typedef struct {
    const char *a, *b;
} Copies;

static void put_together(void *arg) {
    const Copies *c = arg;
    CsvTable *t[2] = {table_read(c->a), table_read(c->b)};
    const long seed[2] = {1, 2};
    const char *keys[1] = {t[0]->header[0]}, *vary[1] = {"ratio"};
    SeedTables *s = seedtable_check(t, seed, 2, keys, 1, vary, 1);
    CsvOut *lo = csv_create(fuzz_path("long.csv")), *ag = csv_create(fuzz_path("agg.csv"));
    seedtable_write_long(s, lo);
    seedtable_write_aggregate(s, ag);
    csv_close(lo);
    csv_close(ag);
    CsvTable *l = table_read(fuzz_path("long.csv")), *g = table_read(fuzz_path("agg.csv"));
    FUZZ_CHECK(l->nrows == t[0]->nrows + t[1]->nrows && l->ncols == t[0]->ncols + 1);
    FUZZ_CHECK(g->nrows == t[0]->nrows && g->ncols == 1 + 4 * (t[0]->ncols - 1));
    FUZZ_CHECK(table_setting(g, "seeds") && strcmp(table_setting(g, "seeds"), "1 2") == 0);
    table_free(l);
    table_free(g);
    seedtable_free(s);
    table_free(t[0]);
    table_free(t[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char sep[] = "\n===\n";
    size_t cut = size, rest = 0;
    for (size_t i = 0; i + sizeof sep - 1 <= size; i++)
        if (memcmp(data + i, sep, sizeof sep - 1) == 0) { cut = i + 1; rest = i + sizeof sep - 1; break; }
    Copies c;
    c.a = fuzz_file("a.csv", data, cut);
    c.b = cut < size ? fuzz_file("b.csv", data + rest, size - rest) : fuzz_file("b.csv", data, size);
    fuzz_run(put_together, &c);
    return 0;
}
