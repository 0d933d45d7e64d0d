/* Unit tests of the median over seeds (spread.h) and of one CSV put together over its
 * seeds (seedtable.h): odd and even numbers of seeds, one seed, values that are not
 * finite, the settings and rows kept; copies that differ (header, settings, points, a
 * seed stated otherwise, text where a number belongs) stop with an error naming the file,
 * and nothing is written. */
#include "test.h"
#include "readfile.h"
#include "seedtable.h"
#include "spread.h"
#include "verdict.h"

/* ---------- spread.h ---------- */

static void test_spread(void) {
    double odd[] = {1.14, 0.974, 1.098};
    Spread s = spread_of(odd, 3);
    test_ok("seeds.spread_odd", s.n == 3 && s.median == 1.098 && s.min == 0.974 && s.max == 1.14,
            "three values: the middle one, the smallest, the largest");
    double even[] = {4, 1, 3, 2};
    s = spread_of(even, 4);
    test_ok("seeds.spread_even", s.n == 4 && s.median == 2.5 && s.min == 1 && s.max == 4,
            "four values: the mean of the middle two");
    double one[] = {0.5};
    s = spread_of(one, 1);
    test_ok("seeds.spread_one", s.n == 1 && s.median == 0.5 && s.min == 0.5 && s.max == 0.5,
            "one value: it is the median, minimum and maximum");
    double gaps[] = {NAN, 3, INFINITY, 1};
    s = spread_of(gaps, 4);
    test_ok("seeds.spread_finite_only", s.n == 2 && s.median == 2 && s.min == 1 && s.max == 3,
            "NaN and infinity are left out (two finite values: their mean)");
    double none[] = {NAN, NAN};
    s = spread_of(none, 2);
    test_ok("seeds.spread_none", s.n == 0 && isnan(s.median) && isnan(s.min) && isnan(s.max),
            "no finite value: NaN median and range");
    test_ok("seeds.spread_left_as_is", odd[0] == 1.14 && odd[1] == 0.974, "the values are not sorted in place");
    Check k;
    char why[128];
    check_parse(&k, "<", "1", "", why, sizeof why);
    SeedSummary v = verdict_over_seeds(&k, even, 4, 3);
    test_ok("seeds.verdict_same_median", v.median == spread_of(even, 4).median && v.min == 1 && v.max == 4,
            "a claim's verdict over seeds takes its median and range from spread_of");
}

/* ---------- seedtable.h ---------- */

static char *slurp(const char *path) {
    size_t n;
    return read_file(path, &n);
}

/* Puts the copies files[n] (of seeds seed[n]) together, keyed by keys (comma-separated),
 * into long.csv and agg.csv of the scratch folder. */
static void put_together(const char *const *files, const long *seed, int n, const char *keys, const char *vary) {
    CsvTable *t[8];
    for (int i = 0; i < n; i++) t[i] = table_read(test_path(files[i]));
    char kbuf[256], vbuf[256];
    const char *kv[16], *vv[16];
    int nk = 0, nv = 0;
    snprintf(kbuf, sizeof kbuf, "%s", keys);
    snprintf(vbuf, sizeof vbuf, "%s", vary ? vary : "");
    for (char *p = strtok(kbuf, ","); p; p = strtok(NULL, ",")) kv[nk++] = p;
    for (char *p = strtok(vbuf, ","); p; p = strtok(NULL, ",")) vv[nv++] = p;
    SeedTables *s = seedtable_check(t, seed, n, kv, nk, vv, nv);
    char lpath[4200], apath[4200];
    snprintf(lpath, sizeof lpath, "%s", test_path("long.csv"));
    snprintf(apath, sizeof apath, "%s", test_path("agg.csv"));
    CsvOut *lo = csv_create(lpath), *ag = csv_create(apath);
    seedtable_write_long(s, lo);
    seedtable_write_aggregate(s, ag);
    csv_close(lo);
    csv_close(ag);
    seedtable_free(s);
    for (int i = 0; i < n; i++) table_free(t[i]);
}

/* Copies that cannot be put together: each refused with an error holding both needles,
 * neither output written. The second copy's text (written to "second.csv" after the first
 * of FIRST), the copies' seeds, the keys, the settings allowed to vary. */
#define HEAD "# tool=icar-x\n# profile=quick\n"
#define S1 HEAD "# seed=1\n# d=5\nL,mse,conv\n1,0.5,1\n2,0.25,0\n"
static const struct {
    const char *name, *first, *second;
    long seed1, seed2;
    const char *keys, *needle, *needle2, *detail;
} REFUSED[] = {
    {"seeds.header_mismatch", S1, HEAD "# seed=2\n# d=5\nL,mse,converged\n1,0.7,1\n2,0.3,1\n", 1, 2, "L", "second.csv",
     "converged", "another header: refused, naming the file and the column, nothing written"},
    {"seeds.width_mismatch", S1, HEAD "# seed=2\n# d=5\nL,mse\n1,0.7\n2,0.3\n", 1, 2, "L", "second.csv", "columns",
     "fewer columns: refused, naming the file"},
    {"seeds.setting_mismatch", S1, HEAD "# seed=2\n# d=6\nL,mse,conv\n1,0.7,1\n2,0.3,1\n", 1, 2, "L", "second.csv", "d=6",
     "another setting: refused, naming the file and the setting"},
    {"seeds.setting_missing", S1, HEAD "# seed=2\nL,mse,conv\n1,0.7,1\n2,0.3,1\n", 1, 2, "L", "second.csv", "'d'",
     "a setting missing: refused, naming the file and the setting"},
    {"seeds.vary_needed", "# seed=1\n# ratio=0.9\ni,v\n1,2\n", "# seed=2\n# ratio=1.2\ni,v\n1,3\n", 1, 2, "i",
     "second.csv", "ratio", "a setting that differs, not named as varying: refused, naming the file and the setting"},
    {"seeds.points_mismatch", S1, HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,1\n3,0.3,1\n", 1, 2, "L", "second.csv",
     "row 2", "another point (L = 3 where the first copy has 2): refused, naming the file and row"},
    {"seeds.points_beyond_first", S1, HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,1\n2,0.3,1\n3,0.2,1\n", 1, 2, "L",
     "second.csv", "row 3", "a point the first copy does not hold (L = 3): refused, naming the file and row"},
    {"seeds.points_out_of_order", S1, HEAD "# seed=2\n# d=5\nL,mse,conv\n2,0.3,1\n1,0.7,1\n", 1, 2, "L",
     "second.csv", "row 2", "the first copy's points in another order: refused, naming the file and row"},
    {"seeds.seed_stated_otherwise", S1, HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,1\n2,0.3,1\n", 1, 3, "L",
     "second.csv", "seed 3", "a copy whose # seed= differs from the seed it is given as: refused"},
    {"seeds.seed_twice", S1, HEAD "# d=5\nL,mse,conv\n1,0.7,1\n2,0.3,1\n", 1, 1, "L", "given twice", "seed 1",
     "one seed given twice: refused"},
    {"seeds.text_value_refused", S1, HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,yes\n2,0.3,1\n", 1, 2, "L", "second.csv",
     "'yes' is not a number", "text in a value column: refused, naming the file, row and column"},
    {"seeds.key_missing", S1, S1, 1, 2, "H", "first.csv", "no column 'H'", "a key that is no column: refused"},
    {"seeds.all_keys_refused", S1, S1, 1, 2, "L,mse,conv", "first.csv", "no value",
     "every column a key: refused, nothing to put together"},
    {"seeds.column_twice_refused", "# seed=1\nL,x,x\n1,0.5,0.25\n", "L,x,x\n1,0.5,0.25\n", 1, 2, "L", "first.csv",
     "two columns are named 'x'", "two columns of one name: refused (their statistics could not be told apart)"},
    {"seeds.already_over_seeds", "# seeds=1 2\nL,mse\n1,0.5\n", "# seeds=1 2\nL,mse\n1,0.5\n", 1, 2, "L",
     "first.csv", "seeds=", "a file already put together over seeds: refused"},
};

/* put_together of the two copies of REFUSED[atoi(which)] (in a child of test_child_dies) */
static void put_refused(const char *which) {
    int i = atoi(which);
    const char *const files[] = {"first.csv", "second.csv"};
    const long seeds[] = {REFUSED[i].seed1, REFUSED[i].seed2};
    put_together(files, seeds, 2, REFUSED[i].keys, NULL);
}

static void test_refused(void) {
    for (size_t i = 0; i < sizeof REFUSED / sizeof *REFUSED; i++) {
        test_put(test_dir, "first.csv", REFUSED[i].first);
        test_put(test_dir, "second.csv", REFUSED[i].second);
        remove(test_path("long.csv"));
        remove(test_path("agg.csv"));
        char which[16];
        snprintf(which, sizeof which, "%zu", i);
        const char *const needles[] = {REFUSED[i].needle, REFUSED[i].needle2, NULL};
        test_ok(REFUSED[i].name, test_child_dies(put_refused, which, needles) && access(test_path("long.csv"), F_OK) != 0 &&
                                     access(test_path("agg.csv"), F_OK) != 0,
                REFUSED[i].detail);
    }
}

static void test_seedtable(void) {
    test_put(test_dir, "s1.csv", HEAD "# seed=1\n# d=5\nL,mse,conv\n1,0.5,1\n2,0.25,0\n");
    test_put(test_dir, "s2.csv", HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,1\n2,nan,1\n");
    test_put(test_dir, "s3.csv", HEAD "# seed=3\n# d=5\nL,mse,conv\n1,0.4,1\n2,0.35,1\n");
    test_put(test_dir, "s4.csv", HEAD "# seed=4\n# d=5\nL,mse,conv\n1,0.6,0\n2,0.45,1\n");
    const char *const three[] = {"s1.csv", "s2.csv", "s3.csv", "s4.csv"};
    const long seeds[] = {1, 2, 3, 4};
    put_together(three, seeds, 3, "L", NULL);
    char *agg = slurp(test_path("agg.csv")), *lng = slurp(test_path("long.csv"));
    test_ok("seeds.aggregate_odd",
            strstr(agg, "L,mse_n,mse_median,mse_min,mse_max,conv_n,conv_median,conv_min,conv_max\n") &&
                strstr(agg, "\n1,3,0.5,0.40000000000000002,0.69999999999999996,3,1,1,1\n") &&
                strstr(agg, "\n2,2,0.29999999999999999,0.25,0.34999999999999998,3,1,0,1\n"),
            "three seeds: per point n, median, min, max of each value column (a NaN not counted)");
    test_ok("seeds.settings_kept", strstr(agg, "# tool=icar-x\n# profile=quick\n# seeds=1 2 3\n# d=5\n# over_seeds=") &&
                                        !strstr(agg, "# seed=") && strstr(lng, "# seeds=1 2 3\n# d=5\n"),
            "the shared settings kept in order, seed= becoming seeds=1 2 3 where it stood");
    test_ok("seeds.long_rows", strstr(lng, "seed,L,mse,conv\n1,1,0.5,1\n1,2,0.25,0\n2,1,0.7,1\n2,2,nan,1\n3,1,0.4,1\n") != NULL,
            "the long CSV: every row of every seed after its seed, the cells as read");
    free(agg);
    free(lng);

    put_together(three, seeds, 4, "L", NULL);
    agg = slurp(test_path("agg.csv"));
    test_ok("seeds.aggregate_even", strstr(agg, "\n1,4,0.55000000000000004,0.40000000000000002,0.69999999999999996,") &&
                                        strstr(agg, "# seeds=1 2 3 4\n"),
            "four seeds: the median is the mean of the middle two");
    free(agg);

    put_together(three, seeds, 1, "L", NULL);
    agg = slurp(test_path("agg.csv"));
    test_ok("seeds.aggregate_one", strstr(agg, "\n1,1,0.5,0.5,0.5,1,1,1,1\n") && strstr(agg, "# seeds=1\n"),
            "one seed: its value is the median, minimum and maximum");
    free(agg);

    /* keys that are not the first columns, and text keys */
    test_put(test_dir, "k1.csv", "# seed=1\nx,variant,H\n0.5,paper,1\n0.1,authors,1\n");
    test_put(test_dir, "k2.csv", "# seed=5\nx,variant,H\n0.25,paper,1\n0.3,authors,1\n");
    const char *const kf[] = {"k1.csv", "k2.csv"};
    const long ks[] = {1, 5};
    put_together(kf, ks, 2, "variant,H", NULL);
    agg = slurp(test_path("agg.csv"));
    test_ok("seeds.keys_anywhere", strstr(agg, "variant,H,x_n,x_median,x_min,x_max\npaper,1,2,0.375,0.25,0.5\n") != NULL,
            "key columns first in the aggregate, in the header's order, wherever they stood");
    free(agg);

    /* a seed that ran some of the points (the first copy's, in its order) */
    test_put(test_dir, "p1.csv", "# seed=1\n# heads=1 2 4\nH,mse\n1,0.5\n2,0.4\n4,0.2\n");
    test_put(test_dir, "p2.csv", "# seed=2\n# heads=1 4\nH,mse\n1,0.7\n4,0.3\n");
    const char *const pf[] = {"p1.csv", "p2.csv"};
    const long ps[] = {1, 2};
    put_together(pf, ps, 2, "H", "heads");
    agg = slurp(test_path("agg.csv"));
    lng = slurp(test_path("long.csv"));
    test_ok("seeds.some_points",
            strstr(agg, "H,mse_n,mse_median,mse_min,mse_max\n1,2,0.59999999999999998,0.5,0.69999999999999996\n"
                        "2,1,0.40000000000000002,0.40000000000000002,0.40000000000000002\n4,2,0.25,0.20000000000000001,"
                        "0.29999999999999999\n") && strstr(lng, "\n1,4,0.2\n2,1,0.7\n2,4,0.3\n"),
            "a seed without a point: that point's statistics over the seeds that have it (n = 1 at H = 2)");
    free(agg);
    free(lng);

    /* a value measured per seed, written as a setting */
    test_put(test_dir, "v1.csv", "# seed=1\n# ratio=0.9\n# H=8\ni,v\n1,2\n");
    test_put(test_dir, "v2.csv", "# seed=2\n# ratio=1.2\n# H=8\ni,v\n1,3\n");
    const char *const vf[] = {"v1.csv", "v2.csv"};
    const long vs[] = {1, 2};
    put_together(vf, vs, 2, "i", "ratio");
    agg = slurp(test_path("agg.csv"));
    test_ok("seeds.vary_left_out", !strstr(agg, "# ratio=") && strstr(agg, "# H=8\n") && strstr(agg, "# varies_over_seeds=ratio\n"),
            "a setting named as varying: allowed to differ, left out, named in varies_over_seeds");
    free(agg);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_scratch();
    test_spread();
    test_seedtable();
    test_refused();
    test_scratch_end();
    return test_end();
}
