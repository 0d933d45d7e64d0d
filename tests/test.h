/* test.h — the unit-test harness.
 * A test program is called as `test_x OUT.csv`; each check is one row of OUT.csv in
 * the claims format (figure "unit"), also printed as PASS/FAIL on stdout. The exit
 * status is 1 if any check failed. icar-report counts the rows of every test program. */
#ifndef ICAR_TEST_H
#define ICAR_TEST_H
#include "claims.h"
#include "err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static Claims *test_claims;

static inline void test_begin(int argc, char **argv) {
    err_set_program(argv[0]);
    if (argc != 2) die("usage: %s RESULT.csv", argv[0]);
    test_claims = claims_open(argv[1]);
}

/* One boolean check; detail explains what was measured. */
static inline int test_ok(const char *name, int ok, const char *detail) {
    claim_row(test_claims, name, "unit", detail, "true", ok ? 1 : 0, "-", ok);
    return ok;
}

/* |measured - expected| <= tol. */
static inline int test_near(const char *name, double measured, double expected, double tol) {
    return claim_near(test_claims, name, "unit", name, expected, measured, tol);
}

/* measured < bound (e.g. a max abs error). */
static inline int test_below(const char *name, double measured, double bound) {
    return claim_below(test_claims, name, "unit", name, bound, measured);
}

static inline int test_end(void) { return claims_close(test_claims) ? 1 : 0; }

/* A scratch folder for the fixtures of one test program: test_scratch() creates it,
 * test_path(NAME) names a file in it (the last 8 names stay valid), test_scratch_end()
 * removes it. */
static char test_dir[] = "/tmp/icar-test-XXXXXX";

static inline void test_scratch(void) {
    if (!mkdtemp(test_dir)) die("cannot create a temporary folder");
}

static inline char *test_path(const char *name) {
    static char buf[8][1100];
    static int k;
    char *b = buf[k++ % 8];
    snprintf(b, sizeof buf[0], "%s/%s", test_dir, name);
    return b;
}

static inline void test_write(const char *path, const void *data, size_t n) {
    FILE *fp = fopen(path, "wb");
    if (!fp) die("cannot write test fixture '%s'", path);
    fwrite(data, 1, n, fp);
    fclose(fp);
}

static inline void test_scratch_end(void) {
    char rm[1200];
    snprintf(rm, sizeof rm, "rm -rf %s", test_dir);
    if (system(rm) != 0) warn("could not remove %s", test_dir);
}
#endif
