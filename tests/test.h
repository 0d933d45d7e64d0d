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
#include "readfile.h"
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* A training trajectory (e.g. train loss and test MSE per epoch) against values pinned
 * from a reference run of the same seed: passes if the largest relative difference is
 * below TEST_TRAJECTORY_REL. Float reassociation (another SIMD width, thread count, BLAS
 * kernel or compiler) moves such values by about 1e-6 relative; a change to a model, its
 * initialisation, the data or the optimiser by far more. The values are printed so that
 * an intended change can be pinned anew. */
#define TEST_TRAJECTORY_REL 1e-4
static inline int test_trajectory(const char *name, const float *curve, const double *pinned, int n) {
    double worst = 0;
    printf("%s:", name);
    for (int i = 0; i < n; i++) {
        double rel = fabs(curve[i] - pinned[i]) / fabs(pinned[i]);
        if (!(rel <= worst)) worst = rel;   /* NaN stays */
        printf(" %.9g%s", curve[i], i + 1 < n ? "," : "\n");
    }
    return test_below(name, worst, TEST_TRAJECTORY_REL);
}

/* A copy of file src at dst with the byte in its middle flipped: a damaged file. */
static inline void test_copy_damaged(const char *src, const char *dst) {
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out) die("cannot copy '%s' to '%s'", src, dst);
    fseek(in, 0, SEEK_END);
    long n = ftell(in), k = 0;
    rewind(in);
    for (int c; (c = fgetc(in)) != EOF; k++) fputc(k == n / 2 ? c ^ 0x40 : c, out);
    fclose(in);
    if (fclose(out) != 0) die("cannot write '%s'", dst);
}

/* Exit status of a program run through system() (-1 if it did not exit). make asan gives
 * the sanitizers an exit status of their own, ICAR_SANITIZER_EXIT: a program stopped by
 * one never counts as an expected error exit; the test stops, naming COMMAND, showing
 * ERRPATH (the program's stderr, or NULL) and removing it. */
static inline int test_exit_status(int st, const char *command, const char *errpath) {
    int rc = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    const char *san = getenv("ICAR_SANITIZER_EXIT");
    if (!san || rc != atoi(san)) return rc;
    FILE *fp = errpath ? fopen(errpath, "r") : NULL;
    if (fp) {
        for (int c; (c = fgetc(fp)) != EOF;) fputc(c, stderr);
        fclose(fp);
        remove(errpath);
    }
    die("%s: stopped by a sanitizer", command);
}

/* 1 iff `SELF MODE PATH` (this test program in a mode of its own, output discarded)
 * exits with a non-zero status. */
static inline int test_self_fails(const char *self, const char *mode, const char *path) {
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "'%s' %s '%s' > /dev/null 2>&1", self, mode, path);
    int st = system(cmd);
    return st != -1 && test_exit_status(st, cmd, NULL) != 0;
}

static inline int test_end(void) {
    csv_close(test_out);
    return test_failed ? 1 : 0;
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

/* 1 iff file NAME of the scratch folder (a run's saved stderr or stdout) holds TEXT. */
static inline int test_file_has(const char *name, const char *text) {
    size_t n;
    char *body = read_file(test_path(name), &n);
    int found = strstr(body, text) != NULL;
    free(body);
    return found;
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
/* Runs fn(arg) in a child whose stderr goes to a file of the scratch folder; returns 1 iff
 * the child exits non-zero and its stderr holds every one of the NULL-terminated needles
 * (else prints what the child said). */
static inline int test_child_dies(void (*fn)(const char *), const char *arg, const char *const *needles) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) die("cannot fork");
    if (pid == 0) {
        int fd = open(test_path("child-stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        fn(arg);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    size_t n;
    char *err = read_file(test_path("child-stderr.txt"), &n);
    int ok = WIFEXITED(st) && WEXITSTATUS(st) != 0;
    for (; *needles; needles++) ok &= strstr(err, *needles) != NULL;
    if (!ok) printf("  child said: %s\n", err);
    free(err);
    return ok;
}
#endif
