/* Unit tests of the core library: rng, Haar sampling, CSV round trip, atomic output. */
#include "test.h"
#include "csvio.h"
#include "rng.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_rng(void) {
    Rng a, b, c;
    rng_init(&a, 42, RNG_TRAIN);
    rng_init(&b, 42, RNG_TRAIN);
    rng_init(&c, 42, RNG_TEST);
    int same = 1, differ = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = rng_u64(&a), y = rng_u64(&b), z = rng_u64(&c);
        same &= x == y;
        differ |= x != z;
    }
    test_ok("rng.same_seed_same_stream", same, "same seed and stream give the same numbers");
    test_ok("rng.streams_differ", differ, "different streams give different numbers");
    double m = 0, v = 0;
    int n = 200000;
    for (int i = 0; i < n; i++) { double x = rng_normal(&a); m += x; v += x * x; }
    m /= n; v = v / n - m * m;
    test_near("rng.normal_mean", m, 0.0, 0.01);
    test_near("rng.normal_var", v, 1.0, 0.02);
    size_t perm[50];
    rng_permutation(&a, perm, 50);
    int seen[50] = {0}, ok = 1;
    for (int i = 0; i < 50; i++) { if (perm[i] >= 50 || seen[perm[i]]) ok = 0; else seen[perm[i]] = 1; }
    test_ok("rng.permutation", ok, "a permutation of 0..49");
}

static void test_haar(void) {
    Rng r;
    rng_init(&r, 7, RNG_TRAIN);
    int d = 6;
    double q[36], err = 0, mean00 = 0;
    for (int rep = 0; rep < 2000; rep++) {
        rng_haar_orthogonal(&r, q, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += q[k * d + i] * q[k * d + j];
                double e = fabs(s - (i == j));
                if (e > err) err = e;
            }
        mean00 += q[0];
    }
    test_below("haar.orthogonal", err, 1e-12);
    /* Haar: E[Q_00] = 0 (QR without the sign fix gives a biased, positive mean). */
    test_near("haar.unbiased_entry", mean00 / 2000, 0.0, 0.05);
}

static void test_csv(void) {
    char path[] = "/tmp/icar-test-csv-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    CsvOut *o = csv_create(path);
    csv_setting(o, "profile", "%s", "quick");
    csv_header(o, "name,value");
    csv_str(o, "a, \"quoted\" name");
    csv_num(o, 0.1);
    csv_endrow(o);
    csv_close(o);
    CsvTable *t = table_read(path);
    int ok = t->nrows == 1 && strcmp(table_cell(t, 0, 0), "a, \"quoted\" name") == 0 &&
             table_num(t, 0, table_col(t, "value")) == 0.1 &&
             strcmp(table_setting(t, "profile"), "quick") == 0;
    test_ok("csv.round_trip", ok, "quoted strings, exact doubles and settings survive");
    table_free(t);
    remove(path);
}

static void test_atomic(void) {
    char path[] = "/tmp/icar-test-atomic-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    remove(path);
    AtomicFile *f = atomic_open(path);
    fputs("partial", f->fp);
    test_ok("atomic.invisible_while_writing", access(path, F_OK) != 0, "final name absent before commit");
    atomic_abort(f);
    test_ok("atomic.abort_leaves_nothing", access(path, F_OK) != 0, "no file after abort");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_rng();
    test_haar();
    test_csv();
    test_atomic();
    return test_end();
}
