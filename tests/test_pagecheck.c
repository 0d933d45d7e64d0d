/* Unit tests of the manuscript's checks (src/manuscript/pagecheck.h) and of icar-pagecheck:
 * a small page that has everything the checks ask for passes all of them, and each
 * defect that a check guards against (a heading missing from the table of contents, a
 * figure not embedded, a template field left, a claim whose verdict or cell is missing, a
 * statement not typeset, a raw number, a scorecard verdict that differs, a README verdict
 * that differs) fails that check and no other. The tool: one row per check, exit status 1
 * on a failure, nothing written when a file cannot be read. Runs the built icar-pagecheck
 * ($(BUILD), found beside this test's folder). */
#include "pagecheck.h"
#include "test.h"

static char bindir[4096];

enum { HEADINGS, FIGURES, FIELDS, SHOWN, TYPESET, RAW, SCORECARD, README, NCHECKS };
static const char *const check_names[NCHECKS] = {"headings", "figures_embedded", "fields_filled", "claims_shown",
                                                 "claims_typeset", "no_raw_numbers", "scorecard", "readme"};

/* A page that passes every check: the scorecard (finding f1, verdicts coloured as the
 * manuscript shows them), Figures 1..10 each with an embedded PNG, the claims table of
 * Figure 1 (claim a.one and its archived a.one@paper), the propositions and the
 * deviations, each heading in the table of contents. free() it. */
static char *good_page(void) {
    char *text, png[5001];
    size_t len;
    memset(png, 'A', sizeof png - 1);
    png[sizeof png - 1] = '\0';
    FILE *m = open_memstream(&text, &len);
    fputs("<!DOCTYPE html>\n<html><head><title>t</title></head><body>\n<header><h1 class=\"title\">t</h1></header>\n"
          "<nav id=\"TOC\"><ul><li><a href=\"#sc\">What of the paper holds</a></li>", m);
    for (int n = 1; n <= 10; n++) fprintf(m, "<li><a href=\"#fig%d\">Figure %d</a></li>", n, n);
    fputs("<li><a href=\"#props\">The propositions</a></li>"
          "<li><a href=\"#dev\">What did not reproduce</a></li></ul></nav>\n"
          "<h1 id=\"sc\">What of the paper holds</h1>\n<table><thead><tr><th>finding</th><th>the paper says</th>"
          "<th>at the paper's sizes</th><th>this run</th></tr></thead>\n<tbody><tr><td><a href=\"#fig1\">f1</a></td>"
          "<td>A holds</td><td><span class=\"verdict reproduces\">reproduces</span>, 3 of 3 seeds</td>"
          "<td><span class=\"verdict deviates\">deviates</span>, 0 of 3 seeds</td></tr></tbody></table>\n", m);
    for (int n = 1; n <= 10; n++) {
        fprintf(m, "<h1 id=\"fig%d\">Figure %d of the paper</h1>\n<p>text</p>"
                   "<img id=\"img%d\" src=\"data:image/png;base64,%s\">\n", n, n, n, png);
        if (n == 1)
            fputs("<table><thead><tr><th>claim</th><th>what is measured</th><th>this run</th>"
                  "<th>at the paper's sizes</th></tr></thead>\n<tbody><tr><td>a.one</td>"
                  "<td>the norm <math><msub><mi>s</mi><mi>t</mi></msub></math> "
                  "of <code>per_position</code> s</td><td><span class=\"verdict reproduces\" data-claim=\"a.one\">"
                  "reproduces</span>: 0.5</td><td><span class=\"verdict deviates\" data-claim=\"a.one@paper\">deviates"
                  "</span>: 2</td></tr></tbody></table>\n", m);
    }
    fputs("<h1 id=\"props\">The propositions</h1><p>value 0.5, <code>0.49999999999999994</code></p>\n"
          "<h1 id=\"dev\">What did not reproduce</h1><p>none</p>\n</body></html>\n", m);
    fclose(m);
    return text;
}

#define CLAIMS "id,figure,statement,expected,measured,tolerance,pass,seeds,values,min,max,held,verdict\n" \
               "a.one,f,s,<1,0.5,strict,1,1,0.5,0.5,0.5,1,reproduces\n"                           \
               "a.one@paper,f,s,<1,2,strict,0,1,2,2,2,0,deviates\n"
#define VERDICTS "id,section,run,paper\nf1,fig1,deviates,reproduces\n"
#define GOOD_README "# r\n\n| finding | says | at the paper's sizes | quick profile |\n|--|--|--|--|\n" \
                    "| [f1](paper/out/icar.html#fig1) | A holds | reproduces, 3 of 3 seeds | deviates, 0 of 3 seeds |\n"

/* The good page with the first `from` replaced by `to`, in file page.html. */
static void put_page(const char *from, const char *to) {
    char *page = good_page(), *at = strstr(page, from), *text;
    if (!at) die("the test page has no '%s'", from);
    size_t len;
    FILE *m = open_memstream(&text, &len);
    fprintf(m, "%.*s%s%s", (int)(at - page), page, to, at + strlen(from));
    fclose(m);
    test_put(test_dir, "page.html", text);
    free(text);
    free(page);
}

/* The checks that fail on page.html with README text `readme`: bit k for check k. */
static int failing(const char *readme) {
    CsvTable *claims = table_read(test_path("claims.csv")), *verdicts = table_read(test_path("verdicts.csv"));
    Page *p = page_read(test_path("page.html"));
    PageCheck c[NCHECKS] = {page_check_headings(p),      page_check_figures_embedded(p), page_check_fields_filled(p),
                            page_check_claims_shown(p, claims), page_check_claims_typeset(p),
                            page_check_no_raw_numbers(p), page_check_scorecard(p, verdicts),
                            readme_check_verdicts(readme, verdicts)};
    int mask = 0;
    for (int k = 0; k < NCHECKS; k++) {
        if (!c[k].ok) printf("  %s fails: %s\n", check_names[k], c[k].detail);
        mask |= !c[k].ok << k;
        free(c[k].detail);
    }
    page_free(p);
    table_free(claims);
    table_free(verdicts);
    return mask;
}

/* Each defect: the text of the good page replaced, and the checks it fails (a mask). */
static const struct {
    const char *name, *from, *to;
    int fails;
    const char *detail;
} defects[] = {
    {"pagecheck.heading_not_in_toc", "<a href=\"#fig5\">", "<a href=\"#nowhere\">", 1 << HEADINGS,
     "a figure's heading missing from the table of contents fails paper.headings"},
    {"pagecheck.figure_not_embedded", "<img id=\"img3\"", "<p id=\"img3\"", 1 << FIGURES,
     "a figure section whose image is missing fails paper.figures_embedded"},
    {"pagecheck.field_left", "<p>none</p>", "<p>{{value x}}</p>", 1 << FIELDS,
     "a template field left in the text fails paper.fields_filled"},
    {"pagecheck.verdict_missing", "data-claim=\"a.one\">reproduces", "data-claim=\"a.one\">", 1 << SHOWN,
     "a claim's span without its verdict fails paper.claims_shown"},
    {"pagecheck.verdict_differs", "data-claim=\"a.one@paper\">deviates", "data-claim=\"a.one@paper\">reproduces",
     1 << SHOWN, "an archived claim shown with another verdict than its row's fails paper.claims_shown"},
    {"pagecheck.claim_cell_missing", "<td>a.one</td>", "<td>a.uno</td>", 1 << SHOWN,
     "a claim with no cell of its id fails paper.claims_shown"},
    {"pagecheck.statement_not_typeset", "</math> of", "</math> of s_t", 1 << TYPESET,
     "a statement with a subscript outside math fails paper.claims_typeset"},
    {"pagecheck.raw_number", "value 0.5,", "value 0.49999999999999994,", 1 << RAW,
     "a 17-digit number outside code fails paper.no_raw_numbers"},
    {"pagecheck.scorecard_verdict_differs", "deviates</span>, 0 of 3", "reproduces</span>, 3 of 3", 1 << SCORECARD,
     "a scorecard cell whose verdict differs from the claims table's fails paper.scorecard"},
    {"pagecheck.scorecard_link_broken", "<a href=\"#fig1\">f1", "<a href=\"#fig99\">f1", 1 << SCORECARD,
     "a scorecard row whose link leads to no heading fails paper.scorecard"},
    {"pagecheck.scorecard_missing", "<h1 id=\"sc\">What of the paper holds", "<h1 id=\"sc\">Summary",
     1 << HEADINGS | 1 << SCORECARD, "a page without the scorecard heading fails paper.headings and paper.scorecard"},
};

static void test_checks(void) {
    put_page("", "");
    test_ok("pagecheck.good_page", failing(GOOD_README) == 0,
            "a page with every part the checks ask for passes them all");
    for (size_t i = 0; i < sizeof defects / sizeof *defects; i++) {
        put_page(defects[i].from, defects[i].to);
        test_ok(defects[i].name, failing(GOOD_README) == defects[i].fails, defects[i].detail);
    }
    put_page("", "");
    char readme[] = GOOD_README;
    char *cell = strstr(readme, "| deviates, 0 of 3");
    memcpy(cell, "| reproduces", 12);
    test_ok("pagecheck.readme_verdict_differs", failing(readme) == 1 << README,
            "a README whose verdict differs from the claims table's fails readme.verdicts_agree");
    test_ok("pagecheck.readme_row_missing", failing("# r\n") == 1 << README,
            "a README without the finding's row fails readme.verdicts_agree");
}

/* Runs icar-pagecheck ARGS in the test folder; its exit status, its output in log.txt. */
static int run(const char *args) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd %s && %s/icar-pagecheck %s > log.txt 2>&1", test_dir, bindir, args);
    return test_exit_status(system(cmd), cmd, NULL);
}

static void test_tool(void) {
    test_put(test_dir, "README.md", GOOD_README);
    put_page("", "");
    int rc = run("page.html claims.csv verdicts.csv README.md out.csv");
    test_ok("pagecheck.tool_passes",
            rc == 0 && test_file_has("out.csv", CHECKS_HEADER "\npaper.headings,\"one top-level") &&
                test_file_has("out.csv", "readme.verdicts_agree,\"the README's scorecard gives each finding the "
                                         "claims table's verdicts\",abs<=,1,0,1\n") &&
                test_file_has("log.txt", "PASS paper.scorecard"),
            "a good page: every check a row that passes, exit status 0");
    put_page("deviates</span>, 0 of 3", "reproduces</span>, 3 of 3");
    rc = run("page.html claims.csv verdicts.csv README.md out.csv");
    test_ok("pagecheck.tool_fails",
            rc == 1 && test_file_has("out.csv", "wrong: f1 in this run: not 'deviates'\",abs<=,1,0,0\n") &&
                test_file_has("log.txt", "FAIL paper.scorecard: "),
            "a failed check: its row fails, exit status 1");
    rc = run("no-such.html claims.csv verdicts.csv README.md new.csv");
    test_ok("pagecheck.unreadable_page",
            rc == 1 && test_file_has("log.txt", "no-such.html") && access(test_path("new.csv"), F_OK) != 0,
            "a page that cannot be read: named, exit status 1, nothing written");
    test_put(test_dir, "empty.html", "");
    rc = run("empty.html claims.csv verdicts.csv README.md new.csv");
    test_ok("pagecheck.empty_page",
            rc == 1 && test_file_has("log.txt", "empty.html") && access(test_path("new.csv"), F_OK) != 0,
            "an empty page: named, exit status 1, nothing written");
    test_put(test_dir, "cut.csv", "id,section,run,paper\nf1,fig1");
    rc = run("page.html claims.csv cut.csv README.md new.csv");
    test_ok("pagecheck.bad_verdicts",
            rc == 1 && test_file_has("log.txt", "cut.csv") && access(test_path("new.csv"), F_OK) != 0,
            "a verdicts table cut short: named, exit status 1, nothing written");
    test_ok("pagecheck.usage", run("page.html claims.csv") == 2, "too few files: the usage, exit status 2");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    test_scratch();
    test_put(test_dir, "claims.csv", CLAIMS);
    test_put(test_dir, "verdicts.csv", VERDICTS);
    test_checks();
    test_tool();
    test_scratch_end();
    return test_end();
}
