/* test.h — the unit-test harness.
 * A test program is called as `test_x OUT.csv`; each check is one row of OUT.csv in
 * the claims format (figure "unit"), also printed as PASS/FAIL on stdout. The exit
 * status is 1 if any check failed. icar-report counts the rows of every test program. */
#ifndef ICAR_TEST_H
#define ICAR_TEST_H
#include "claims.h"
#include "err.h"
#include <libgen.h>
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

/* The build folder that holds the tools, from the test program's own path
 * (BUILD/tests/test_x -> BUILD), as an absolute path into BINDIR. */
static inline void test_bindir(const char *argv0, char *bindir, size_t n) {
    char *self = xstrdup(argv0);
    char *real = realpath(dirname(self), NULL);
    if (!real) die("cannot resolve the folder of '%s'", argv0);
    snprintf(bindir, n, "%s/..", real);
    free(real);
    free(self);
}

/* Write TEXT to DIR/NAME (made-up inputs of a test). */
static inline void test_put(const char *dir, const char *name, const char *text) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) die("cannot write '%s'", path);
}

static inline int test_end(void) { return claims_close(test_claims) ? 1 : 0; }
#endif
