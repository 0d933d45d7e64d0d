/* test.h — the unit-test harness.
 * A test program is called as `test_x OUT.csv`; each check is one row of OUT.csv, a
 * checks fragment (claims.h: id,statement,comparator,bound,bound2,measured), also
 * printed as PASS/FAIL on stdout. The exit status is 1 if any check failed.
 * icar-report recomputes every row's verdict from its comparator and bounds. */
#ifndef ICAR_TEST_H
#define ICAR_TEST_H
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static CsvOut *test_out;
static int test_failed;

static inline void test_begin(int argc, char **argv) {
    err_set_program(argv[0]);
    if (argc != 2) die("usage: %s RESULT.csv", argv[0]);
    test_out = csv_create(argv[1]);
    csv_header(test_out, CHECKS_HEADER);
}

/* One check: comparator with its bounds (claims.h), written and judged. Bounds that do
 * not make a check (e.g. a tolerance computed as NaN) make it fail. */
static inline int test_check(const char *name, const char *statement, const char *comparator,
                             double a, double b, double measured) {
    char bound[64], bound2[64] = "", why[256];
    snprintf(bound, sizeof bound, "%.17g", a);
    if (strcmp(comparator, "<") != 0) snprintf(bound2, sizeof bound2, "%.17g", b);
    Check k;
    int ok = check_parse(&k, comparator, bound, bound2, why, sizeof why) && check_pass(&k, measured);
    csv_str(test_out, name);
    csv_str(test_out, statement);
    csv_str(test_out, comparator);
    csv_str(test_out, bound);
    csv_str(test_out, bound2);
    csv_num(test_out, measured);
    csv_endrow(test_out);
    test_failed += !ok;
    printf("%s %-28s measured %-12.6g %s %s %s\n", ok ? "PASS" : "FAIL", name, measured, comparator, bound, bound2);
    return ok;
}

/* One boolean check; detail explains what was measured. */
static inline int test_ok(const char *name, int ok, const char *detail) {
    return test_check(name, detail, "abs<=", 1, 0, ok ? 1 : 0);
}

/* |measured - expected| <= tol. */
static inline int test_near(const char *name, double measured, double expected, double tol) {
    return test_check(name, name, "abs<=", expected, tol, measured);
}

/* measured < bound (e.g. a max abs error). */
static inline int test_below(const char *name, double measured, double bound) {
    return test_check(name, name, "<", bound, 0, measured);
}

static inline int test_end(void) {
    csv_close(test_out);
    return test_failed ? 1 : 0;
}
#endif
