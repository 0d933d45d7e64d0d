/* Unit tests of icar-report: every comparator of the claims registry, verdicts computed
 * from the registry and never taken from a fragment, unmeasured and unknown claims,
 * duplicate ids, documented deviations, missing fragments, NUL bytes.
 * Runs the built binary ($(BUILD)/icar-report, found beside this test's folder). */
#include "test.h"
#include "csvio.h"
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char report[4096], dir[] = "/tmp/icar-test-report-XXXXXX";

static void write_bytes(const char *name, const char *bytes, size_t n) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(bytes, 1, n, fp) != n || fclose(fp) != 0) die("cannot write '%s'", path);
}

static void write_file(const char *name, const char *text) { write_bytes(name, text, strlen(text)); }

/* Exit status of `icar-report ARGS` run inside the test folder, output in out.txt. The
 * claims table c.csv is removed first, so that its presence afterwards is this run's. */
static int run_report(const char *args) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd %s && rm -f c.csv && %s %s > out.txt 2>&1", dir, report, args);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int output_has(const char *needle) {
    char path[4200];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    FILE *fp = fopen(path, "r");
    char buf[8192] = {0};
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp) fclose(fp);
    buf[n] = '\0';
    return strstr(buf, needle) != NULL;
}

static int claims_written(void) {
    char path[4200];
    snprintf(path, sizeof path, "%s/c.csv", dir);
    return access(path, F_OK) == 0;
}

/* Cell (row, column name) of this run's claims table c.csv, copied into out. */
static const char *claims_cell(int row, const char *col, char *out, size_t n) {
    char path[4200];
    snprintf(path, sizeof path, "%s/c.csv", dir);
    CsvTable *t = table_read(path);
    snprintf(out, n, "%s", row < t->nrows ? table_cell(t, row, table_col(t, col)) : "(no row)");
    table_free(t);
    return out;
}

#define REG_HEAD "id\tfigure\tcomparator\tbound\tbound2\tstatement\tdeviation\n"
#define CLAIMS_HEAD "id,measured,note\n"
#define CHECKS_HEAD "id,statement,comparator,bound,bound2,measured\n"

/* 1 iff the report passes one registered claim (comparator, bounds) measured as m;
 * -1 if it stops with an error (no claims table written). */
static int passes(const char *cmp, const char *a, const char *b, const char *m) {
    char text[512];
    snprintf(text, sizeof text, REG_HEAD "x\tf\t%s\t%s\t%s\ts\t\n", cmp, a, b);
    write_file("one.tsv", text);
    snprintf(text, sizeof text, CLAIMS_HEAD "x,%s,\n", m);
    write_file("one.csv", text);
    int rc = run_report("--registry one.tsv c.csv one.csv");
    char pass[8];
    if (!claims_written()) return -1;
    return rc == 0 && strcmp(claims_cell(0, "pass", pass, sizeof pass), "1") == 0;
}

/* 1 iff the report passes one unit check (comparator, bounds) measured as m. */
static int check_passes(const char *cmp, const char *a, const char *b, const char *m) {
    char text[512];
    snprintf(text, sizeof text, CHECKS_HEAD "u,s,%s,%s,%s,%s\n", cmp, a, b, m);
    write_file("u.csv", text);
    return run_report("c.csv u.csv") == 0;
}

static void test_comparators(void) {
    test_ok("report.cmp_below", passes("<", "1", "", "0.5") == 1 && passes("<", "1", "", "1") == 0,
            "< 1: 0.5 passes, 1 fails (strict)");
    test_ok("report.cmp_above", passes(">", "1", "", "1.5") == 1 && passes(">", "1", "", "1") == 0,
            "> 1: 1.5 passes, 1 fails (strict)");
    test_ok("report.cmp_abs", passes("abs<=", "1", "0.1", "1.05") == 1 && passes("abs<=", "1", "0.1", "0.95") == 1 &&
            passes("abs<=", "1", "0.1", "1.2") == 0 && passes("abs<=", "1", "0.1", "0.8") == 0 &&
            passes("abs<=", "5", "0", "5") == 1 && passes("abs<=", "5", "0", "4") == 0,
            "abs<= 1 0.1: 1.05 and 0.95 pass, 1.2 and 0.8 fail; abs<= 5 0: 5 passes, 4 fails");
    test_ok("report.cmp_between", passes("between", "2", "8", "2") == 1 && passes("between", "2", "8", "8") == 1 &&
            passes("between", "2", "8", "1.9") == 0 && passes("between", "2", "8", "8.5") == 0,
            "between 2 8: 2 and 8 pass (inclusive), 1.9 and 8.5 fail");
    test_ok("report.nonfinite_never_passes",
            passes(">", "1", "", "inf") == 0 && passes("<", "1", "", "-inf") == 0 &&
            passes("abs<=", "1", "1e300", "nan") == 0 && passes("between", "-1e300", "1e300", "nan") == 0 &&
            check_passes(">", "1", "", "inf") == 0 && check_passes("<", "1", "", "-inf") == 0 &&
            check_passes(">", "1", "", "2") == 1,
            "inf above a lower bound, -inf below an upper one, nan anywhere: never a pass, in claims and unit checks");
    test_ok("report.bad_registry_errors",
            passes("<=", "1", "", "0") == -1 && passes("<", "x", "", "0") == -1 && passes("<", "1", "2", "0") == -1 &&
            passes("between", "8", "2", "5") == -1 && passes("abs<=", "1", "", "1") == -1,
            "an unknown comparator, a bound that is not a number, a bound too many or missing, an empty band: error");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    char *self = xstrdup(argv[0]);
    snprintf(report, sizeof report, "%s/../icar-report", dirname(self));
    char *abs = realpath(report, NULL);
    if (!abs) die("cannot find icar-report beside '%s'", argv[0]);
    snprintf(report, sizeof report, "%s", abs);
    free(abs);
    free(self);
    if (!mkdtemp(dir)) die("cannot create a temporary folder");
    test_comparators();

    write_file("reg.tsv", REG_HEAD "a.ok\tf\t<\t1\t\tok claim\t\na.bad\tf\tabs<=\t1\t0\tbad claim\t\n");
    write_file("f.csv", CLAIMS_HEAD "a.ok,0.5,a note\na.bad,0.5,\n");
    write_file("u.csv", CHECKS_HEAD "u.ok,s,abs<=,1,0,1\n");
    char cell[256];
    test_ok("report.fails_on_failed_claim", run_report("--registry reg.tsv c.csv f.csv u.csv") == 1 &&
            output_has("FAILED a.bad") && output_has("2 passed, 1 failed"), "an undocumented failing claim fails the check");
    test_ok("report.claims_table", claims_written() && strcmp(claims_cell(0, "statement", cell, sizeof cell), "ok claim (a note)") == 0 &&
            strcmp(claims_cell(0, "expected", cell, sizeof cell), "<1") == 0 &&
            strcmp(claims_cell(1, "tolerance", cell, sizeof cell), "abs<=0") == 0 &&
            strcmp(claims_cell(2, "id", cell, sizeof cell), "(no row)") == 0,
            "claims.csv: the registry's statement with the note, expected and tolerance from the bounds, no unit row");

    write_file("old.csv", "id,figure,statement,expected,measured,tolerance,pass\na.bad,f,s,1,nan,t,1\n");
    test_ok("report.pass_not_taken_from_fragment", run_report("--registry reg.tsv c.csv old.csv") != 0 && !claims_written(),
            "a fragment that states its own pass = 1 for measured nan is refused");

    write_file("one.csv", CLAIMS_HEAD "a.ok,0.5,\n");
    test_ok("report.unmeasured_claim_fails", run_report("--registry reg.tsv c.csv one.csv") == 1 &&
            output_has("FAILED a.bad [f]: measured by no program") &&
            strcmp(claims_cell(1, "measured", cell, sizeof cell), "nan") == 0 &&
            strcmp(claims_cell(1, "pass", cell, sizeof cell), "0") == 0,
            "a registered claim that no fragment measured fails, with measured nan in claims.csv");

    write_file("ghost.csv", CLAIMS_HEAD "a.ok,0.5,\nnobody.registered,1,\n");
    test_ok("report.unknown_id_errors", run_report("--registry reg.tsv c.csv ghost.csv") != 0 &&
            output_has("'nobody.registered' is not in the registry") && !claims_written(),
            "a measured id absent from the registry: error, no claims.csv");
    test_ok("report.claims_need_registry", run_report("c.csv f.csv") != 0 && !claims_written(),
            "a claims fragment without --registry: error");
    write_file("clash.csv", CHECKS_HEAD "a.ok,s,<,1,,0\n");
    test_ok("report.unit_check_cannot_shadow_claim", run_report("--registry reg.tsv c.csv f.csv clash.csv") != 0 &&
            !claims_written(), "a unit check named like a registered claim: error");

    test_ok("report.duplicate_fragment_errors", run_report("--registry reg.tsv c.csv f.csv f.csv") != 0 &&
            output_has("measured twice") && !claims_written(), "the same claims fragment listed twice: error");
    write_file("g.csv", CLAIMS_HEAD "a.bad,1,\n");
    test_ok("report.duplicate_id_errors", run_report("--registry reg.tsv c.csv f.csv g.csv") != 0 &&
            output_has("measured twice") && !claims_written(), "two fragments measuring one claim: error");
    test_ok("report.duplicate_check_errors", run_report("c.csv u.csv u.csv") != 0 && output_has("measured twice"),
            "the same unit-check fragment listed twice: error");

    write_bytes("nul.csv", CHECKS_HEAD "u.ok,s,abs<=,1,0,1\n\0u.bad,s,abs<=,1,0,0\n",
                strlen(CHECKS_HEAD "u.ok,s,abs<=,1,0,1\n") + 1 + strlen("u.bad,s,abs<=,1,0,0\n"));
    test_ok("report.nul_in_fragment_errors", run_report("c.csv nul.csv") != 0 && output_has("NUL"),
            "a NUL byte before a failing check: error, not a silent pass");

    write_file("dev.tsv", REG_HEAD "a.ok\tf\t<\t1\t\tok claim\t\na.bad\tf\tabs<=\t1\t0\tbad claim\tmeasured 0.5, not 1\n");
    test_ok("report.documented_deviation", run_report("--registry dev.tsv c.csv f.csv u.csv") == 0 &&
            output_has("DEVIATES a.bad") && output_has("3 passed, 0 failed") &&
            strcmp(claims_cell(1, "pass", cell, sizeof cell), "0") == 0,
            "a documented deviation is shown, keeps pass = 0 in claims.csv and does not fail the check");
    write_file("stale.tsv", REG_HEAD "a.ok\tf\t<\t1\t\tok claim\twas failing\n");
    write_file("ok.csv", CLAIMS_HEAD "a.ok,0.5,\n");
    test_ok("report.stale_deviation_fails", run_report("--registry stale.tsv c.csv ok.csv") == 1,
            "a registered deviation that now reproduces fails the check");
    test_ok("report.unmeasured_deviation_fails", run_report("--registry dev.tsv c.csv ok.csv") == 1,
            "a registered deviation that nothing measured fails the check");
    write_file("aok.tsv", REG_HEAD "a.ok\tf\t<\t1\t\tok claim\t\n");
    test_ok("report.missing_fragment_fails", run_report("--registry aok.tsv c.csv ok.csv") == 0 &&
            run_report("--registry aok.tsv c.csv ok.csv gone.csv") == 1 && output_has("gone.csv: not written"),
            "a fragment never written counts as a failure");

    /* Archived runs: BASE@NAME judged by BASE; archive.* only per archive. */
    write_file("arch.tsv", REG_HEAD "a.ok\tf\t<\t1\t\tok claim\t\na.dev\tf\t<\t1\t\tdev claim\tfails at quick sizes\n"
                           "archive.x\tarchive\tabs<=\t0\t0\tmismatches\t\n");
    write_file("quick.csv", CLAIMS_HEAD "a.ok,0.5,\na.dev,2,\n");
    write_file("paper.csv", CLAIMS_HEAD "a.ok@paper,3,\na.dev@paper,0.5,\narchive.x@fig1,0,\n");
    test_ok("report.archived_judged_by_base", run_report("--registry arch.tsv c.csv quick.csv paper.csv") == 1 &&
            output_has("FAILED a.ok@paper") && output_has("REPRODUCES a.dev@paper") && output_has("4 passed, 1 failed") &&
            strcmp(claims_cell(2, "id", cell, sizeof cell), "a.ok@paper") == 0 &&
            strcmp(claims_cell(2, "pass", cell, sizeof cell), "0") == 0 &&
            strcmp(claims_cell(3, "pass", cell, sizeof cell), "1") == 0,
            "an archived claim is judged by its base's bounds; a documented deviation that passes there is a pass");
    test_ok("report.archive_only_not_required", run_report("--registry arch.tsv c.csv quick.csv") == 0 &&
            strcmp(claims_cell(2, "id", cell, sizeof cell), "(no row)") == 0,
            "without an archive, the claims of the figure archive are neither required nor listed");
    write_file("own.tsv", REG_HEAD "a.ok\tf\t<\t1\t\tok claim\t\na.ok@paper\tf\t<\t1\t\tok claim\tfails at paper sizes\n");
    test_ok("report.archived_own_row", run_report("--registry own.tsv c.csv ok.csv") == 0 &&
            strcmp(claims_cell(1, "id", cell, sizeof cell), "(no row)") == 0 &&
            run_report("--registry own.tsv c.csv ok.csv paper.csv") != 0,
            "a row registered for one archive is not required without it, and an id it does not register errs");
    write_file("paper1.csv", CLAIMS_HEAD "a.ok@paper,3,\n");
    test_ok("report.archived_own_deviation", run_report("--registry own.tsv c.csv ok.csv paper1.csv") == 0 &&
            output_has("DEVIATES a.ok@paper"), "BASE@NAME's own row (a deviation at paper sizes) judges that archive's claim");
    write_file("bare.csv", CLAIMS_HEAD "archive.x,0,\n");
    write_file("nobase.csv", CLAIMS_HEAD "b.none@paper,0,\n");
    test_ok("report.archived_needs_base", run_report("--registry arch.tsv c.csv quick.csv bare.csv") != 0 &&
            run_report("--registry arch.tsv c.csv quick.csv nobase.csv") != 0 && !claims_written(),
            "archive.* measured bare, or BASE@NAME with no registered BASE: error");
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) warn("could not remove %s", dir);
    return test_end();
}
