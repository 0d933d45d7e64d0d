/* Unit tests of icar-weave: how numbers are printed, table cells escaped, fields refused,
 * the claims tables (one row per claim, bounds and verdicts in words), and
 * icar-pagecheck --typeset on claims tables rendered by pandoc (statements typeset or not).
 * Runs the built binaries ($(BUILD)/icar-weave and icar-pagecheck, found beside this
 * test's folder). */
#include "test.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char weave[4200], pagecheck[4200];
static const char *weave_flags = "";   /* flags put before the three files */

/* Weave `template` (in the test folder, with claims.csv); returns the exit status and
 * leaves the woven text in out (empty when nothing was written). */
static int run_weave(const char *template, char *out, size_t size) {
    char cmd[9000], path[4200];
    test_put(test_dir, "in.md", template);
    snprintf(path, sizeof path, "%s/out.md", test_dir);
    unlink(path);
    snprintf(cmd, sizeof cmd, "cd %s && %s %s claims.csv in.md out.md > log.txt 2>&1", test_dir, weave, weave_flags);
    int st = system(cmd);
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(out, 1, size - 1, fp) : 0;
    if (fp) fclose(fp);
    out[n] = '\0';
    return test_exit_status(st, cmd, NULL);
}

/* Woven `template` equals `want`, with exit status 0. */
static int weaves_to(const char *template, const char *want) {
    char out[8192];
    int rc = run_weave(template, out, sizeof out);
    if (rc != 0 || strcmp(out, want) != 0)
        printf("  woven '%s' -> '%s' (status %d), want '%s'\n", template, out, rc, want);
    return rc == 0 && strcmp(out, want) == 0;
}

/* Every line of a pipe table has `cells` + 1 unescaped '|'. */
static int table_intact(const char *text, int cells) {
    int bars = 0, lines = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '|' && (p == text || p[-1] != '\\')) bars++;
        if (*p == '\n') {
            if (bars && bars != cells + 1) return 0;
            lines += bars > 0;
            bars = 0;
        }
    }
    return lines >= 3;
}

/* Weave a claims table whose one claim, t.x, has the statement `statement`, render it
 * with pandoc as the manuscript is rendered (MathML) and run icar-pagecheck --typeset on
 * the page; returns its exit status and leaves its output in out. */
static int typeset_status(const char *statement, char *out, size_t size) {
    char text[2048], cmd[12000];
    snprintf(text, sizeof text, "id\tfigure\tcomparator\tbound\tbound2\tstatement\tdeviation\n"
                                "t.x\tt\t<\t1\t\t%s\t\n", statement);
    test_put(test_dir, "typeset.tsv", text);
    test_put(test_dir, "typeset.csv", "id,figure,statement,expected,measured,tolerance,pass,seeds,values,min,max,held,verdict\n"
                                      "t.x,t,s,<1,0.5,strict,1,1,0.5,0.5,0.5,1,reproduces\n");
    test_put(test_dir, "typeset.md", "{{claims t}}\n");
    snprintf(cmd, sizeof cmd, "cd %s && %s --registry typeset.tsv typeset.csv typeset.md typeset.woven.md && "
             "pandoc --standalone --mathml --metadata title=t -o typeset.html typeset.woven.md && "
             "%s --typeset typeset.html > typeset.log 2>&1",
             test_dir, weave, pagecheck);
    int st = system(cmd);
    char *log = test_path("typeset.log");
    FILE *fp = fopen(log, "r");
    size_t n = fp ? fread(out, 1, size - 1, fp) : 0;
    if (fp) fclose(fp);
    out[n] = '\0';
    return test_exit_status(st, cmd, NULL);
}

/* icar-pagecheck --typeset passes a statement in prose and TeX, and fails each kind of
 * statement whose math is not typeset, naming the claim. */
static void test_typeset(void) {
    char out[4096];
    test_ok("typeset.tex_passes",
            typeset_status("the norm $\\lVert s_t \\rVert$ of $W s_{t-1}$ over $10^{-8}$, `per_position` reading",
                           out, sizeof out) == 0 && strstr(out, "1 statements checked, 0 not typeset"),
            "a statement of prose with inline TeX and code passes the typesetting check");
    const char *bad[][2] = {{"pseudo-code subscript", "sum_t P_{T-1,t} lambda"},
                            {"power outside math", "eta* ~ 3 / (2 T^2)"},
                            {"elementwise product", "$B$ .* $\\lambda$"},
                            {"matrix as a list", "proportional to [[1,1],[1,1]]"},
                            {"unbalanced dollar", "the norm $\\lVert s \\rVert"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char name[96];
        snprintf(name, sizeof name, "typeset.fails_%zu", i + 1);
        int rc = typeset_status(bad[i][1], out, sizeof out);
        char detail[256];
        snprintf(detail, sizeof detail, "the typesetting check fails a statement with a %s and names its claim", bad[i][0]);
        test_ok(name, rc == 1 && strstr(out, "t.x: ") && strstr(out, "1 not typeset"), detail);
    }
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    char bindir[4096];
    test_bindir(argv[0], bindir, sizeof bindir);
    snprintf(weave, sizeof weave, "%s/icar-weave", bindir);
    snprintf(pagecheck, sizeof pagecheck, "%s/icar-pagecheck", bindir);
    test_scratch();
    test_put(test_dir, "claims.csv", "id,figure,statement,expected,measured,tolerance,pass,seeds,values,min,max,held,verdict\n"
               "a.ok,f,\"left | right (a note)\",1,0.99999999999999989,abs<=0.0010000000000000002,1,1,0.99999999999999989,"
               "0.99999999999999989,0.99999999999999989,1,reproduces\n"
               "a.nan,f,s,1,nan,abs<=0.1,0,1,nan,nan,nan,0,deviates\n"
               "a.nan@paper,f,s,1,2,abs<=0.1,0,1,2,2,2,0,deviates\n"
               "b.big,g,s,0,-inf,abs<=1,0,1,-inf,-inf,-inf,0,deviates\n"
               "c.loss,h,s,<1e-08,9.9999617475532432e-09,strict,1,1 2,9.9999617475532432e-09 9.9999e-09,"
               "9.9999e-09,9.9999617475532432e-09,2,reproduces\n"
               "c.ratio,h,s,-0.5,-0.49999124652915883,abs<=0.001,1,1,-0.49999124652915883,-0.49999124652915883,"
               "-0.49999124652915883,1,reproduces\n"
               "c.top,h,s,\"in [2, 8]\",7.9999900000000001,inclusive,1,1 2,7.9999900000000001 9,7.9999900000000001,9,"
               "1,inconclusive\n"
               "c.same,h,s,-0.5,-0.5,abs<=0.001,1,1,-0.5,-0.5,-0.5,1,reproduces\n");
    test_put(test_dir, "registry.tsv", "id\tfigure\tcomparator\tbound\tbound2\tstatement\tdeviation\n"
                   "a.ok\tf\tabs<=\t1\t0.001\tleft | right\t\na.nan\tf\tabs<=\t1\t0.1\ts\t\n"
                   "b.big\tg\tabs<=\t0\t1\ts\t\nc.loss\th\t<\t1e-08\t\ts\t\n"
                   "c.ratio\th\tabs<=\t-0.5\t0.001\ts\t\nc.top\th\tbetween\t2\t8\ts\t\n"
                   "c.same\th\tabs<=\t-0.5\t0.001\ts\t\n");
    test_put(test_dir, "s.csv", "# theta=0.59999999999999998\n# tiny=3.3306690738754696e-15\n"
               "# n=16384\n# tol=1e-08\n# ratio=1.4629249449237738\n# ratio_se=0.031\n"
               "# kind=a|b\nL,mse,mse_se\n1,0.25000001,0.0012\n2,0.125,\n3,12345.678,\n");

    char out[8192];
    test_ok("weave.significant_digits",
            weaves_to("{{setting s.csv theta}} {{setting s.csv tiny}} {{setting s.csv n}} "
                      "{{setting s.csv tol}}", "0.6 3.331 × 10⁻¹⁵ 16384 10⁻⁸"),
            "non-integers to 4 significant digits, powers of ten as superscripts, integers exact");
    test_ok("weave.standard_error_digits",
            weaves_to("{{setting s.csv ratio}} {{value s.csv mse L=1}} {{value s.csv mse L=3}}",
                      "1.463 0.2500 12346"),
            "beside a NAME_se the digits stop at its second significant digit, zeros kept");
    test_ok("weave.not_measured",
            weaves_to("{{claim a.nan}} {{claim b.big}} {{claim a.ok}}",
                      "not measured minus infinite 0.9999999999999999"),
            "a NaN claim reads 'not measured', an infinity a word, never 'nan' or 'inf'; a value next to its "
            "bound (1) is never rounded onto it");
    test_ok("weave.measured_not_bound",
            weaves_to("{{claim c.loss}}; {{claim c.ratio}}; {{claim c.top}}; {{claim c.same}}",
                      "9.99996 × 10⁻⁹; -0.49999; 7.99999; -0.5"),
            "a measured value that rounds to the text of a bound it differs from gets more digits");
    weave_flags = "--registry registry.tsv";
    test_ok("weave.measured_not_bound_table",
            run_weave("{{claims h}}", out, sizeof out) == 0 &&
            strstr(out, "| below 10⁻⁸ | [reproduces]{.verdict .reproduces data-claim=\"c.loss\"}: median 9.99996 × 10⁻⁹; "
                        "seeds 1, 2: 9.99996 × 10⁻⁹, 9.9999 × 10⁻⁹ | not archived |") &&
            strstr(out, ": -0.49999 |") && strstr(out, ": -0.5 |"),
            "the same in the claims table, for the median and each seed's value: never 'below 10⁻⁸: 10⁻⁸'");
    test_ok("weave.claims_words",
            strstr(out, "| within 0.001 of -0.5 |") && strstr(out, "| between 2 and 8 | [inconclusive (1 of 2)]"
                                                            "{.verdict .inconclusive data-claim=\"c.top\"}"),
            "the claims table states each bound and verdict in words, inconclusive with the seeds that meet it");
    test_put(test_dir, "long.csv", "name,value\nmc,75.047520932715045\nmc_se,0.037037995531269963\nother,0.12345678\n");
    test_ok("weave.standard_error_rows",
            run_weave("{{table long.csv}}", out, sizeof out) == 0 && strstr(out, "| mc | 75.048 |") &&
            strstr(out, "| mc_se | 0.037 |") && strstr(out, "| other | 0.1235 |"),
            "in a long name,value table a row NAME_se sets the digits of row NAME, and has 2 itself");
    test_put(test_dir, "seeds.csv", "id,seeds,values\nc,1 2 3,0.97387473331971608 1.098191265658512 1.1398668481763627\n");
    test_ok("weave.value_lists", run_weave("{{table seeds.csv}}", out, sizeof out) == 0 &&
            strstr(out, "| c | 1, 2, 3 | 0.9739, 1.098, 1.14 |"),
            "a cell holding a space-separated list of numbers (a claim's seeds and per-seed values) shows each "
            "number formatted");
    test_ok("weave.range", weaves_to("{{range s.csv mse}}", "0.125 to 12346"),
            "{{range}} gives the smallest and the largest cell of a column");
    int rc = run_weave("{{claims f}}\n", out, sizeof out);
    test_ok("weave.cells_escaped", rc == 0 && strstr(out, "| left \\| right |") && table_intact(out, 5),
            "a '|' inside a claim's statement is escaped and every table row keeps its cells");
    test_ok("weave.claims_merged", rc == 0 && strstr(out, "| a.nan | s | within 0.1 of 1 | [deviates]{.verdict .deviates "
                                                          "data-claim=\"a.nan\"}: not measured | [deviates]{.verdict "
                                                          ".deviates data-claim=\"a.nan@paper\"}: 2 |") &&
            !strstr(out, "| a.nan@paper |") && strstr(out, "; a note | not archived |"),
            "a claim measured at both profiles is one row, its archived measurement in the last column; the program's "
            "note follows the value; a claim without one reads 'not archived'");
    weave_flags = "";
    test_ok("weave.claims_need_registry", run_weave("{{claims f}}", out, sizeof out) == 1 && !*out,
            "{{claims}} without --registry stops with an error");
    test_put(test_dir, "bounds.tsv", "id\tfigure\tcomparator\tbound\tbound2\tstatement\tdeviation\n"
                   "b.lt\tf\t<\t0.1\t\ts\t\nb.gt\tf\t>\t10\t\ts\t\nb.near\tf\tabs<=\t1\t0.5\ts\t\n"
                   "b.exact\tf\tabs<=\t0\t0\ts\t\nb.in\tf\tbetween\t1e-08\t2\ts\t\n");
    test_ok("weave.bound_needs_registry", run_weave("{{bound b.lt}}", out, sizeof out) == 1 && !*out,
            "{{bound}} without --registry stops with an error");
    weave_flags = "--registry bounds.tsv";
    test_ok("weave.bound_words",
            weaves_to("{{bound b.lt}}; {{bound b.gt}}; {{bound b.near}}; {{bound b.exact}}; {{bound b.in}}",
                      "below 0.1; above 10; within 0.5 of 1; exactly 0; between 10⁻⁸ and 2"),
            "{{bound ID}} states the registry's comparator and bounds in words");
    test_ok("weave.bound_unknown_fails", run_weave("{{bound no.such}}", out, sizeof out) == 1 && !*out,
            "{{bound}} of a claim the registry does not hold stops with an error");
    weave_flags = "";
    test_ok("weave.setting_escaped", weaves_to("{{setting s.csv kind}}", "a\\|b"),
            "a '|' inside a setting is escaped too");
    test_ok("weave.unknown_field_fails", run_weave("x {{nosuch s.csv}} y", out, sizeof out) == 1 && !*out,
            "an unknown template field stops with an error and writes nothing");
    test_ok("weave.missing_claim_fails", run_weave("{{claim no.such}}", out, sizeof out) == 1 && !*out,
            "a claim that is not in the table stops with an error");
    test_ok("weave.ambiguous_value_fails", run_weave("{{value s.csv mse}}", out, sizeof out) == 1 && !*out,
            "{{value}} matching several rows stops with an error");
    test_typeset();
    test_scratch_end();
    return test_end();
}
