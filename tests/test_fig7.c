/* Tests of icar-fig7-assemble (Figure 7's tables and claims from its runs): hand-written
 * run files with known initial and final MSEs give the table in order, the claims' ratios
 * of both variants and the ends of each variant's range of initial MSEs; runs that disagree on a setting, a run given twice, a run without its other
 * token kind and a truncated run are refused with a message and nothing written; a
 * variant without runs gets failing claims. */
#include "test.h"
#include "csvio.h"
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char bindir[4096], dir[64] = "/tmp/icar-test-fig7-XXXXXX";

/* One run file dir/NAME.csv of icar-fig7's shape: epochs+1 rows, the test MSE falling
 * linearly from init at initialisation to final after the last epoch. */
static void write_run(const char *name, const char *variant, const char *kind, int H, int epochs, double init,
                      double final) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) die("cannot write '%s'", path);
    int authors = !strcmp(variant, "authors"), d = authors ? 5 : 10;
    fprintf(f, "# tool=icar-fig7\n# profile=quick\n# seed=1\n# train=64\n# test=32\n# epochs=%d\n# batch=32\n"
               "# lr=0.01\n# variant=%s\n# query=%s\n# loss_positions=%s\n# head_out=%s\n# kind=%s\n# H=%d\n"
               "# d=%d\n# E=%d\n# T=50\n# npos=100\n# optimizer=Adam\n# loss=mse\nepoch,train_loss,test_mse\n",
            epochs, variant, authors ? "current" : "prev", authors ? "all" : "skip-first",
            authors ? "shared" : "concat", kind, H, d, strcmp(kind, "dup") ? d : 2 * d);
    for (int e = 0; e <= epochs; e++)
        fprintf(f, "%d,%.17g,%.17g\n", e, 0.6, e == epochs ? final : init + (final - init) * e / epochs);
    fclose(f);
}

/* Runs the assembler on the run files NAMES (space-separated, in dir) into dir/OUT;
 * returns the exit status, *said = it wrote to stderr. */
static int assemble(const char *out, const char *names, int *said) {
    char cmd[16384], files[4096] = "", errpath[128];
    char *buf = strdup(names), *save = NULL;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
        snprintf(files + strlen(files), sizeof files - strlen(files), " %s/%s.csv", dir, t);
    free(buf);
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    snprintf(cmd, sizeof cmd, "%s/icar-fig7-assemble --out %s/%s --claims %s/%s/claims.csv%s > /dev/null 2> %s",
             bindir, dir, out, dir, out, files, errpath);
    int st = system(cmd);
    struct stat sb;
    *said = stat(errpath, &sb) == 0 && sb.st_size > 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Measured value of claim ID in the fragment dir/OUT/claims.csv (NaN: not measured).
 * Pass and fail are icar-report's, from the bounds in tests/claims.tsv. */
static double measured(const char *out, const char *id) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s/claims.csv", dir, out);
    CsvTable *t = table_read(path);
    double m = NAN;
    for (int r = 0; r < t->nrows; r++)
        if (!strcmp(table_cell(t, r, table_col(t, "id")), id)) m = table_num(t, r, table_col(t, "measured"));
    table_free(t);
    return m;
}

static int written(const char *out) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, out);
    return access(path, F_OK) == 0;
}

#define ALL "pp1 pp4 pd1 pd4 ap1 ap4 ad1 ad4"

int main(int argc, char **argv) {
    test_begin(argc, argv);
    char *self = xstrdup(argv[0]), *real = realpath(dirname(self), NULL);
    if (!real) die("cannot resolve the folder of '%s'", argv[0]);
    snprintf(bindir, sizeof bindir, "%s/..", real);
    free(real); free(self);
    if (!mkdtemp(dir)) die("mkdtemp failed");
    /* given in a scrambled order: the table comes out by variant, kind, H */
    write_run("ad4", "authors", "dup", 4, 2, 1.2, 0.09);
    write_run("pp4", "paper", "plain", 4, 2, 0.5, 0.18);
    write_run("pd1", "paper", "dup", 1, 2, 0.5, 0.2);
    write_run("ap1", "authors", "plain", 1, 2, 0.4, 0.1);
    write_run("pp1", "paper", "plain", 1, 2, 0.5, 0.2);
    write_run("pd4", "paper", "dup", 4, 2, 0.5, 0.05);
    write_run("ap4", "authors", "plain", 4, 2, 0.5, 0.1);
    write_run("ad1", "authors", "dup", 1, 2, 0.5, 0.1);

    int said, rc = assemble("ok", "ad4 pp4 pd1 ap1 pp1 pd4 ap4 ad1", &said);
    test_ok("fig7asm.runs", rc == 0, "eight consistent runs assemble");
    char path[256];
    snprintf(path, sizeof path, "%s/ok/mse.csv", dir);
    CsvTable *t = table_read(path);
    int ordered = t->nrows == 8;
    const char *want[8][3] = {{"paper", "plain", "1"}, {"paper", "plain", "4"}, {"paper", "dup", "1"}, {"paper", "dup", "4"},
                              {"authors", "plain", "1"}, {"authors", "plain", "4"}, {"authors", "dup", "1"}, {"authors", "dup", "4"}};
    for (int r = 0; ordered && r < 8; r++)
        ordered = !strcmp(table_cell(t, r, table_col(t, "variant")), want[r][0]) &&
                  !strcmp(table_cell(t, r, table_col(t, "kind")), want[r][1]) &&
                  !strcmp(table_cell(t, r, table_col(t, "H")), want[r][2]);
    test_ok("fig7asm.table_order", ordered, "mse.csv: one row per run, by variant (paper, authors), kind (plain, dup), H");
    test_ok("fig7asm.final_and_init", t->nrows == 8 && table_num(t, 7, table_col(t, "test_mse")) == 0.09 &&
            table_num(t, 7, table_col(t, "init_test_mse")) == 1.2, "test_mse from the last epoch, init_test_mse from epoch 0");
    test_ok("fig7asm.settings_per_variant", table_setting(t, "authors.d") && !strcmp(table_setting(t, "authors.d"), "5") &&
            table_setting(t, "paper.heads") && !strcmp(table_setting(t, "paper.heads"), "1 4"),
            "settings lines <variant>.<key> for each variant's choices and its H");
    table_free(t);
    test_near("fig7asm.dup_gain_paper", measured("ok", "fig7.dup_gain"), 0.25, 1e-12);
    test_near("fig7asm.dup_gain_authors", measured("ok", "fig7.dup_gain.authors"), 0.9, 1e-12);
    test_near("fig7asm.nodup_flat_authors", measured("ok", "fig7.nodup_flat.authors"), 1.0, 1e-12);
    test_ok("fig7asm.init_range", measured("ok", "fig7.init_low") == 0.5 && measured("ok", "fig7.init_high") == 0.5 &&
            measured("ok", "fig7.init_low.authors") == 0.4 && measured("ok", "fig7.init_high.authors") == 1.2,
            "init_low and init_high: the lowest and highest epoch-0 test MSE over each variant's runs, both kinds and every H");

    rc = assemble("paper_only", "pp1 pp4 pd1 pd4", &said);
    test_ok("fig7asm.missing_variant_fails", rc == 0 && isnan(measured("paper_only", "fig7.dup_gain.authors")),
            "a variant without runs gets a claim measured as NaN, which fails");

    write_run("pp4_again", "paper", "plain", 4, 2, 0.5, 0.18);
    rc = assemble("twice", ALL " pp4_again", &said);
    test_ok("fig7asm.same_run_twice", rc != 0 && said && !written("twice"), "a run given twice: message, non-zero exit, nothing written");
    rc = assemble("no_pair", "pp1 pp4 pd1 pd4 ap1 ap4 ad1", &said);
    test_ok("fig7asm.kind_without_pair", rc != 0 && said && !written("no_pair"), "a run without its other kind: refused");
    write_run("pp4_long", "paper", "plain", 4, 3, 0.5, 0.18);
    rc = assemble("epochs", "pp1 pp4_long pd1 pd4 ap1 ap4 ad1 ad4", &said);
    test_ok("fig7asm.settings_disagree", rc != 0 && said && !written("epochs"), "runs with different epochs: refused");
    snprintf(path, sizeof path, "%s/ad4.csv", dir);
    FILE *f = fopen(path, "a");
    fputs("3,0.6,0.09\n", f);   /* a row past the last epoch */
    fclose(f);
    rc = assemble("rows", ALL, &said);
    test_ok("fig7asm.wrong_rows", rc != 0 && said && !written("rows"), "a run whose rows are not epochs 0..epochs: refused");

    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) warn("could not remove '%s'", dir);
    return test_end();
}
