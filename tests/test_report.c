/* Unit tests of icar-report: merging, missing fragments, documented deviations.
 * Runs the built binary ($(BUILD)/icar-report, found beside this test's folder). */
#include "test.h"
#include "tooltest.h"
#include "csvio.h"
#include <stdlib.h>
#include <string.h>

static char report[4096], dir[] = "/tmp/icar-test-report-XXXXXX";

/* Exit status of `icar-report ARGS` run inside the test folder, output discarded. */
static int run_report(const char *args) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd %s && %s %s > out.txt 2>&1", dir, report, args);
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

int main(int argc, char **argv) {
    test_begin(argc, argv);
    tooltest_find(argv[0], "icar-report", report, sizeof report);
    if (!mkdtemp(dir)) die("cannot create a temporary folder");
    const char *head = "id,figure,statement,expected,measured,tolerance,pass\n";
    char frag[512];
    snprintf(frag, sizeof frag, "%sa.ok,f,s,1,1,t,1\na.bad,f,s,1,0.5,t,0\nu.ok,unit,s,1,1,t,1\n", head);
    tooltest_write(dir, "f.csv", frag);
    tooltest_write(dir, "none.csv", "id,reason\n");
    tooltest_write(dir, "dev.csv", "id,reason\na.bad,\"measured 0.5, not 1\"\n");
    tooltest_write(dir, "stale.csv", "id,reason\na.ok,was failing\n");
    tooltest_write(dir, "ghost.csv", "id,reason\na.bad,x\nnobody.measures,y\n");

    test_ok("report.fails_on_failed_claim", run_report("--deviations none.csv c.csv f.csv") == 1 &&
            output_has("2 passed, 1 failed"), "an undocumented failing claim fails the check");
    CsvTable *t = table_read(strcat(strcpy(frag, dir), "/c.csv"));
    test_ok("report.unit_rows_kept_out", t->nrows == 2, "claims.csv holds the two claims, not the unit row");
    table_free(t);
    test_ok("report.documented_deviation", run_report("--deviations dev.csv c.csv f.csv") == 0 &&
            output_has("DEVIATES a.bad") && output_has("3 passed, 0 failed"),
            "a documented deviation is shown and does not fail the check");
    t = table_read(strcat(strcpy(frag, dir), "/c.csv"));
    test_ok("report.deviation_keeps_pass_0", strcmp(table_cell(t, 1, table_col(t, "pass")), "0") == 0,
            "claims.csv keeps pass = 0 for a deviation");
    table_free(t);
    test_ok("report.stale_deviation_fails", run_report("--deviations stale.csv c.csv f.csv") == 1,
            "a listed deviation that now reproduces fails the check");
    test_ok("report.unmeasured_deviation_fails", run_report("--deviations ghost.csv c.csv f.csv") == 1,
            "a listed deviation that nothing measured fails the check");
    test_ok("report.missing_fragment_fails", run_report("--deviations none.csv c.csv f.csv gone.csv") == 1 &&
            output_has("gone.csv: not written"), "a fragment never written counts as a failure");
    tooltest_remove(dir);
    return test_end();
}
