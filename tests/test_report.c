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

#define REG_HEAD "id\tfigure\tcomparator\tbound\tbound2\tseeds\tverdict\tstatement\tdeviation\n"
/* The registry's seeds and verdict columns: one seed settles it, and it reproduces (REPRO),
 * or it is documented as deviating (DEV; the reason follows). */
#define REPRO "1\treproduces\t"
#define DEV "1\tdeviates\t"
#define CLAIMS_HEAD "id,measured,note\n"
#define CHECKS_HEAD "id,statement,comparator,bound,bound2,measured\n"

/* 1 iff the report passes one registered claim (comparator, bounds) measured as m;
 * -1 if it stops with an error (no claims table written). */
static int passes(const char *cmp, const char *a, const char *b, const char *m) {
    char text[512];
    snprintf(text, sizeof text, REG_HEAD "x\tf\t%s\t%s\t%s\t" REPRO "s\t\n", cmp, a, b);
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

/* Claims judged over seeds (verdict.h): the fragments of each seed follow a seed=N operand. */
static void test_seeds(void) {
    char cell[256];
    write_file("s1.csv", CLAIMS_HEAD "t.m,0.5,first\n");
    write_file("s2.csv", CLAIMS_HEAD "t.m,0.25,\n");
    write_file("s3.csv", CLAIMS_HEAD "t.m,2,\n");
    write_file("s3ok.csv", CLAIMS_HEAD "t.m,0.75,\n");
    write_file("repro.tsv", REG_HEAD "t.m\tf\t<\t1\t\t3\treproduces\ttrained claim\t\n");
    write_file("open.tsv", REG_HEAD "t.m\tf\t<\t1\t\t3\tinconclusive\ttrained claim\tone seed of three fails\n");
    test_ok("report.seeds_all_hold", run_report("--registry repro.tsv c.csv s1.csv seed=2 s2.csv seed=3 s3ok.csv") == 0 &&
            strcmp(claims_cell(0, "verdict", cell, sizeof cell), "reproduces") == 0 &&
            strcmp(claims_cell(0, "seeds", cell, sizeof cell), "1 2 3") == 0 &&
            strcmp(claims_cell(0, "values", cell, sizeof cell), "0.5 0.25 0.75") == 0 &&
            strcmp(claims_cell(0, "measured", cell, sizeof cell), "0.5") == 0 &&
            strcmp(claims_cell(0, "min", cell, sizeof cell), "0.25") == 0 &&
            strcmp(claims_cell(0, "max", cell, sizeof cell), "0.75") == 0 &&
            strcmp(claims_cell(0, "held", cell, sizeof cell), "3") == 0 &&
            strcmp(claims_cell(0, "pass", cell, sizeof cell), "1") == 0,
            "three seeds that all meet the claim: reproduces; seeds, values, median, min, max and held in claims.csv");
    test_ok("report.seeds_disagree", run_report("--registry repro.tsv c.csv seed=3 s3.csv seed=1 s1.csv seed=2 s2.csv") == 1 &&
            output_has("2 of 3 seeds meet it (seeds 1 2 3: 0.5 0.25 2), so it inconclusive") &&
            strcmp(claims_cell(0, "verdict", cell, sizeof cell), "inconclusive") == 0 &&
            strcmp(claims_cell(0, "pass", cell, sizeof cell), "0") == 0 &&
            run_report("--registry open.tsv c.csv s1.csv seed=2 s2.csv seed=3 s3.csv") == 0 &&
            output_has("INCONCLUSIVE t.m: 2 of 3 seeds") && output_has("1 passed, 0 failed"),
            "seeds that disagree: inconclusive, in seed order whatever the order given; it fails unless documented so");
    test_ok("report.seeds_too_few", run_report("--registry repro.tsv c.csv s1.csv seed=2 s2.csv") == 1 &&
            output_has("a settled verdict needs more seeds") &&
            strcmp(claims_cell(0, "verdict", cell, sizeof cell), "inconclusive") == 0 &&
            strcmp(claims_cell(0, "measured", cell, sizeof cell), "0.375") == 0,
            "a claim that needs 3 seeds, measured on 2 that both meet it, is not settled: inconclusive "
            "(measured: the median, the mean of the middle two)");
    test_ok("report.seed_measured_twice", run_report("--registry repro.tsv c.csv seed=2 s1.csv seed=2 s2.csv") != 0 &&
            output_has("measured twice for seed 2") && !claims_written() &&
            run_report("--registry repro.tsv c.csv seed=x s1.csv") != 0 && run_report("--registry repro.tsv c.csv seed=-1 s1.csv") != 0,
            "one claim measured twice for one seed, or a seed that is not a whole number: error");
    write_file("nosecond.tsv", REG_HEAD "t.m\tf\t<\t1\t\t3\tdeviates\ttrained claim\t\n");
    write_file("extra.tsv", REG_HEAD "t.m\tf\t<\t1\t\t3\treproduces\ttrained claim\twhy\n");
    write_file("badverdict.tsv", REG_HEAD "t.m\tf\t<\t1\t\t3\tholds\ttrained claim\t\n");
    write_file("badseeds.tsv", REG_HEAD "t.m\tf\t<\t1\t\t0\treproduces\ttrained claim\t\n");
    test_ok("report.registry_verdicts_checked",
            run_report("--registry nosecond.tsv c.csv s1.csv") != 0 && output_has("needs a reason") &&
            run_report("--registry extra.tsv c.csv s1.csv") != 0 && output_has("takes no reason") &&
            run_report("--registry badverdict.tsv c.csv s1.csv") != 0 && output_has("'holds' is none of") &&
            run_report("--registry badseeds.tsv c.csv s1.csv") != 0 && output_has("not a whole number of seeds"),
            "the registry: a verdict other than reproduces needs a reason, reproduces takes none, the verdict is one "
            "of three words and seeds a whole number from 1");
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
    test_seeds();

    write_file("reg.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" REPRO "ok claim\t\na.bad\tf\tabs<=\t1\t0\t" REPRO "bad claim\t\n");
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

    write_file("dev.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" REPRO "ok claim\t\na.bad\tf\tabs<=\t1\t0\t" DEV "bad claim\tmeasured 0.5, not 1\n");
    test_ok("report.documented_deviation", run_report("--registry dev.tsv c.csv f.csv u.csv") == 0 &&
            output_has("DEVIATES a.bad") && output_has("3 passed, 0 failed") &&
            strcmp(claims_cell(1, "pass", cell, sizeof cell), "0") == 0,
            "a documented deviation is shown, keeps pass = 0 in claims.csv and does not fail the check");
    write_file("stale.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" DEV "ok claim\twas failing\n");
    write_file("ok.csv", CLAIMS_HEAD "a.ok,0.5,\n");
    test_ok("report.stale_deviation_fails", run_report("--registry stale.tsv c.csv ok.csv") == 1,
            "a registered deviation that now reproduces fails the check");
    test_ok("report.unmeasured_deviation_fails", run_report("--registry dev.tsv c.csv ok.csv") == 1,
            "a registered deviation that nothing measured fails the check");
    write_file("aok.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" REPRO "ok claim\t\n");
    test_ok("report.missing_fragment_fails", run_report("--registry aok.tsv c.csv ok.csv") == 0 &&
            run_report("--registry aok.tsv c.csv ok.csv gone.csv") == 1 && output_has("gone.csv: not written"),
            "a fragment never written counts as a failure");

    /* Archived runs: BASE@NAME judged by BASE; archive.* only per archive. */
    write_file("arch.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" REPRO "ok claim\t\na.dev\tf\t<\t1\t\t" DEV "dev claim\tfails at quick sizes\n"
                           "archive.x\tarchive\tabs<=\t0\t0\t" REPRO "mismatches\t\n");
    write_file("quick.csv", CLAIMS_HEAD "a.ok,0.5,\na.dev,2,\n");
    write_file("paper.csv", CLAIMS_HEAD "a.ok@paper,3,\na.dev@paper,0.5,\narchive.x@fig1,0,\n");
    test_ok("report.archived_judged_by_base", run_report("--registry arch.tsv c.csv quick.csv paper.csv") == 1 &&
            output_has("FAILED a.ok@paper") && output_has("FAILED a.dev@paper") && output_has("3 passed, 2 failed") &&
            strcmp(claims_cell(2, "id", cell, sizeof cell), "a.ok@paper") == 0 &&
            strcmp(claims_cell(2, "pass", cell, sizeof cell), "0") == 0 &&
            strcmp(claims_cell(3, "verdict", cell, sizeof cell), "reproduces") == 0,
            "an archived claim is judged by its base's row, documented verdict included: a deviation documented "
            "at the quick profile that reproduces on the archive fails until the archive's verdict has a row");
    write_file("arch2.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" REPRO "ok claim\t\na.dev\tf\t<\t1\t\t" DEV "dev claim\tfails at quick sizes\n"
                            "a.dev@paper\tf\t<\t1\t\t" REPRO "dev claim\t\na.ok@paper\tf\t<\t1\t\t" DEV "ok claim\tfails at paper sizes\n"
                            "archive.x\tarchive\tabs<=\t0\t0\t" REPRO "mismatches\t\n");
    test_ok("report.archived_own_verdict", run_report("--registry arch2.tsv c.csv quick.csv paper.csv") == 0 &&
            output_has("DEVIATES a.ok@paper") && output_has("5 passed, 0 failed"),
            "rows of their own document the archive's verdicts (here the reverse of the quick profile's)");
    test_ok("report.archive_only_not_required", run_report("--registry arch.tsv c.csv quick.csv") == 0 &&
            strcmp(claims_cell(2, "id", cell, sizeof cell), "(no row)") == 0,
            "without an archive, the claims of the figure archive are neither required nor listed");
    write_file("own.tsv", REG_HEAD "a.ok\tf\t<\t1\t\t" REPRO "ok claim\t\na.ok@paper\tf\t<\t1\t\t" DEV "ok claim\tfails at paper sizes\n");
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
