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
#include <fcntl.h>
#include <unistd.h>

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

/* Runs put_together in a child whose stderr goes to a file; 1 iff the child exits
 * non-zero, its stderr holds needle and needle2, and neither output was written. */
static int refused(const char *const *files, const long *seed, int n, const char *keys, const char *vary,
                   const char *needle, const char *needle2) {
    remove(test_path("long.csv"));
    remove(test_path("agg.csv"));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) die("cannot fork");
    if (pid == 0) {
        int fd = open(test_path("child-stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        put_together(files, seed, n, keys, vary);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    char *err = slurp(test_path("child-stderr.txt"));
    int ok = WIFEXITED(st) && WEXITSTATUS(st) != 0 && strstr(err, needle) && strstr(err, needle2) &&
             access(test_path("long.csv"), F_OK) != 0 && access(test_path("agg.csv"), F_OK) != 0;
    if (!ok) printf("  child said: %s\n", err);
    free(err);
    return ok;
}

#define HEAD "# tool=icar-x\n# profile=quick\n"
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
    test_ok("seeds.vary_needed", refused(vf, vs, 2, "i", NULL, "v2.csv", "ratio"),
            "the same setting not named as varying: refused, naming the file and the setting");

    /* copies that differ */
    test_put(test_dir, "h.csv", HEAD "# seed=2\n# d=5\nL,mse,converged\n1,0.7,1\n2,0.3,1\n");
    const char *const hf[] = {"s1.csv", "h.csv"};
    test_ok("seeds.header_mismatch", refused(hf, vs, 2, "L", NULL, "h.csv", "converged"),
            "another header: refused, naming the file and the column, nothing written");
    test_put(test_dir, "w.csv", HEAD "# seed=2\n# d=5\nL,mse\n1,0.7\n2,0.3\n");
    const char *const wf[] = {"s1.csv", "w.csv"};
    test_ok("seeds.width_mismatch", refused(wf, vs, 2, "L", NULL, "w.csv", "columns"),
            "fewer columns: refused, naming the file");
    test_put(test_dir, "set.csv", HEAD "# seed=2\n# d=6\nL,mse,conv\n1,0.7,1\n2,0.3,1\n");
    const char *const sf[] = {"s1.csv", "set.csv"};
    test_ok("seeds.setting_mismatch", refused(sf, vs, 2, "L", NULL, "set.csv", "d=6"),
            "another setting: refused, naming the file and the setting");
    test_put(test_dir, "miss.csv", HEAD "# seed=2\nL,mse,conv\n1,0.7,1\n2,0.3,1\n");
    const char *const mf[] = {"s1.csv", "miss.csv"};
    test_ok("seeds.setting_missing", refused(mf, vs, 2, "L", NULL, "miss.csv", "'d'"),
            "a setting missing: refused, naming the file and the setting");
    test_put(test_dir, "pts.csv", HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,1\n3,0.3,1\n");
    const char *const pf[] = {"s1.csv", "pts.csv"};
    test_ok("seeds.points_mismatch", refused(pf, vs, 2, "L", NULL, "pts.csv", "row 2"),
            "another point (L = 3 where the first copy has 2): refused, naming the file and row");
    test_put(test_dir, "rows.csv", HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,1\n");
    const char *const rf[] = {"s1.csv", "rows.csv"};
    test_ok("seeds.rows_mismatch", refused(rf, vs, 2, "L", NULL, "rows.csv", "rows"),
            "fewer rows: refused, naming the file");
    const long wrong[] = {1, 3};
    test_ok("seeds.seed_stated_otherwise", refused(three, wrong, 2, "L", NULL, "s2.csv", "seed 3"),
            "a copy whose # seed= differs from the seed it is given as: refused");
    const long twice[] = {1, 1};
    test_ok("seeds.seed_twice", refused(three, twice, 2, "L", NULL, "given twice", "seed 1"),
            "one seed given twice: refused");
    test_put(test_dir, "txt.csv", HEAD "# seed=2\n# d=5\nL,mse,conv\n1,0.7,yes\n2,0.3,1\n");
    const char *const tf[] = {"s1.csv", "txt.csv"};
    test_ok("seeds.text_value_refused", refused(tf, vs, 2, "L", NULL, "txt.csv", "'yes' is not a number"),
            "text in a value column: refused, naming the file, row and column");
    test_ok("seeds.key_missing", refused(three, seeds, 2, "H", NULL, "s1.csv", "no column 'H'"),
            "a key that is no column: refused");
    test_ok("seeds.all_keys_refused", refused(three, seeds, 2, "L,mse,conv", NULL, "s1.csv", "no value"),
            "every column a key: refused, nothing to put together");
    test_put(test_dir, "dup.csv", "# seed=1\nL,x,x\n1,0.5,0.25\n");
    const char *const df[] = {"dup.csv"};
    test_ok("seeds.column_twice_refused", refused(df, seeds, 1, "L", NULL, "dup.csv", "two columns are named 'x'"),
            "two columns of one name: refused (their statistics could not be told apart)");
    test_put(test_dir, "agg-in.csv", "# seeds=1 2\nL,mse\n1,0.5\n");
    const char *const af[] = {"agg-in.csv"};
    test_ok("seeds.already_over_seeds", refused(af, seeds, 1, "L", NULL, "agg-in.csv", "seeds="),
            "a file already put together over seeds: refused");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_scratch();
    test_spread();
    test_seedtable();
    test_scratch_end();
    return test_end();
}
