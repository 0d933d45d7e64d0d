/* Unit tests of the findings (src/core/findings.h) and their scorecard: the rule from
 * claims to a finding's verdict, the README block and its check, the manuscript's fields,
 * and the refusal of bad findings files. Runs the built icar-scorecard and icar-weave
 * ($(BUILD), found beside this test's folder). */
#include "test.h"
#include <unistd.h>

static char bindir[4096];

/* Runs `TOOL ARGS` in the test folder; returns its exit status, its output in log.txt. */
static int run(const char *tool, const char *args) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd %s && %s/%s %s > log.txt 2>&1", test_dir, bindir, tool, args);
    return test_exit_status(system(cmd), cmd, NULL);
}

/* The whole of file NAME in the test folder, in out[size] ("" if missing). */
static const char *slurp(const char *name, char *out, size_t size) {
    FILE *fp = fopen(test_path(name), "r");
    size_t n = fp ? fread(out, 1, size - 1, fp) : 0;
    if (fp) fclose(fp);
    out[n] = '\0';
    return out;
}

#define REG_HEAD "id\tfigure\tcomparator\tbound\tbound2\tseeds\tverdict\tstatement\tdeviation\n"
#define FIND_HEAD "id\tsection\tkind\tclaims\tstatement\n"
#define CLAIMS_HEAD "id,figure,statement,expected,measured,tolerance,pass,seeds,values,min,max,held,verdict\n"

/* Runs icar-scorecard --verdicts on findings file `findings`; 1 iff it exits with `want`
 * and, when want is 1, its message names `named`. */
static int scorecard_exits(const char *findings, int want, const char *named) {
    char log[4096];
    test_put(test_dir, "bad.tsv", findings);
    int rc = run("icar-scorecard", "--registry reg.tsv --findings bad.tsv claims.csv --verdicts v.csv");
    slurp("log.txt", log, sizeof log);
    if (rc != want || (named && !strstr(log, named))) printf("  status %d, log: %s", rc, log);
    return rc == want && (!named || strstr(log, named));
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    test_scratch();
    test_put(test_dir, "reg.tsv", REG_HEAD
             "a.one\tf\t<\t1\t\t3\treproduces\tfirst\t\n"
             "a.two\tf\t<\t1\t\t3\tdeviates\tsecond\ttoo big | always\n"
             "b.one\tg\t<\t1\t\t3\tinconclusive\tthird\tseeds disagree\n"
             "e.fix\tt\t<\t4\t\t1\treproduces\tcorrected form agrees\t\n"
             "e.printed\tt\t>\t4\t\t1\treproduces\tprinted form disagrees\t\n"
             "n.grad\tnn\t<\t1\t\t1\treproduces\tgradients\t\n"
             "a.two@paper\tf\t<\t1\t\t3\tdeviates\tsecond\tstill too big\n");
    test_put(test_dir, "find.tsv", FIND_HEAD
             "fa\tsec-a\tfinding\ta.one a.two\tA holds\n"
             "fb\tsec-b\tfinding\tb.one\tB holds\n"
             "fe\tsec-t\terratum\te.fix e.printed\tE as printed\n");
    test_put(test_dir, "claims.csv", CLAIMS_HEAD
             "a.one,f,first,<1,0.5,strict,1,1 2 3,0.4 0.5 0.6,0.4,0.6,3,reproduces\n"
             "a.two,f,second,<1,2,strict,0,1 2 3,2 3 1.5,1.5,3,0,deviates\n"
             "b.one,g,third,<1,0.99999,strict,0,1 2 3,0.99999 1.2 0.5,0.5,1.2,2,inconclusive\n"
             "e.fix,t,c,<4,0.25,strict,1,1,0.25,0.25,0.25,1,reproduces\n"
             "e.printed,t,p,>4,166,strict,1,1,166,166,166,1,reproduces\n"
             "n.grad,nn,g,<1,0.1,strict,1,1,0.1,0.1,0.1,1,reproduces\n"
             "a.one@paper,f,first,<1,0.3,strict,1,1 2 3,0.3 0.3 0.3,0.3,0.3,3,reproduces\n"
             "a.two@paper-x,f,second,<1,0.2,strict,1,1 2 3,0.2 0.2 0.2,0.2,0.2,3,reproduces\n");
    char out[16384];
    int rc = run("icar-scorecard", "--registry reg.tsv --findings find.tsv claims.csv --verdicts v.csv");
    slurp("v.csv", out, sizeof out);
    test_ok("scorecard.rule", rc == 0 && strstr(out, "fa,sec-a,deviates,reproduces\n") &&
            strstr(out, "fb,sec-b,inconclusive,not archived\n") && strstr(out, "fe,sec-t,deviates,not archived\n"),
            "a finding deviates if any claim deviates, reproduces if all do, else is inconclusive; an erratum whose "
            "claims all reproduce deviates as printed; the paper's sizes from every @paper and @paper-NAME row");

    test_put(test_dir, "README.md", "# x\n\nbefore\n<!-- scorecard: made by `make readme` from data/results/claims.csv "
             "and tests/findings.tsv; edits here are overwritten -->\nstale\n<!-- end of scorecard -->\nafter\n");
    rc = run("icar-scorecard", "--registry reg.tsv --findings find.tsv claims.csv --readme README.md");
    slurp("README.md", out, sizeof out);
    test_ok("scorecard.readme_block",
            rc == 0 && strstr(out, "before\n<!-- scorecard") && strstr(out, "<!-- end of scorecard -->\nafter\n") &&
            !strstr(out, "stale") && strstr(out, "| [fa](paper/out/icar.html#sec-a) | A holds | reproduces, 3 of 3 "
            "seeds: 0.3 (0.3–0.3), asked below 1 (`a.one@paper`) | deviates, 0 of 3 seeds: 2 (1.5–3), asked below 1 "
            "(`a.two`) |") && strstr(out, "inconclusive, 2 of 3 seeds: 0.99999 (0.5–1.2)") &&
            strstr(out, "deviates as printed (erratum: holds corrected), 1 of 1 seed: 0.25, asked below 4"),
            "make readme replaces only the block between the markers; each cell: verdict, seeds, median (min–max) "
            "never rounded onto the bound, the bound in words and the deciding claim");
    test_ok("scorecard.readme_plain", !strstr(out, "{.verdict") && !strstr(out, "[reproduces]"),
            "the README's verdicts are plain words (GitHub drops the classes that colour them)");
    rc = run("icar-scorecard", "--registry reg.tsv --findings find.tsv claims.csv --readme README.md --check r.csv");
    int same = rc == 0 && strstr(slurp("r.csv", out, sizeof out), "readme.scorecard_current") && strstr(out, ",1\n");
    test_put(test_dir, "claims2.csv", CLAIMS_HEAD
             "a.one,f,first,<1,0.5,strict,1,1 2 3,0.4 0.5 0.6,0.4,0.6,3,reproduces\n"
             "a.two,f,second,<1,0.5,strict,1,1 2 3,0.5 0.5 0.5,0.5,0.5,3,reproduces\n"
             "b.one,g,third,<1,0.5,strict,1,1 2 3,0.5 0.5 0.5,0.5,0.5,3,reproduces\n"
             "e.fix,t,c,<4,0.25,strict,1,1,0.25,0.25,0.25,1,reproduces\n"
             "e.printed,t,p,>4,166,strict,1,1,166,166,166,1,reproduces\n");
    rc = run("icar-scorecard", "--registry reg.tsv --findings find.tsv claims2.csv --readme README.md --check r.csv");
    test_ok("scorecard.readme_check", same && rc == 1 && strstr(slurp("r.csv", out, sizeof out), ",0\n") &&
            strstr(slurp("log.txt", out, sizeof out), "README.md' line 6 differs"),
            "the README check passes on the block the claims give and fails, naming the line, on another");

    test_put(test_dir, "in.md", "{{scorecard find.tsv}}\n{{deviations find.tsv}}\n");
    rc = run("icar-weave", "--registry reg.tsv claims.csv in.md out.md");
    slurp("out.md", out, sizeof out);
    test_ok("scorecard.manuscript",
            rc == 0 && strstr(out, "Of the paper's 3 findings, at the paper's sizes: 1 reproduce, 0 deviate, "
            "0 inconclusive, 2 not archived; this run: 0 reproduce, 2 deviate, 1 inconclusive.") &&
            strstr(out, "| [fa](#sec-a) | A holds | [reproduces]{.verdict .reproduces}, 3 of 3 seeds: 0.3 (0.3–0.3)") &&
            strstr(out, "| [fb](#sec-b) | B holds | [not archived]{.verdict .unmeasured} | "
                        "[inconclusive]{.verdict .inconclusive}, 2 of 3 seeds") &&
            strstr(out, "| this run | [deviates]{.verdict .deviates}, 0 of 3 seeds: 2 (1.5–3), asked below 1 (`a.two`) | "
                        "`a.two`: too big \\| always |") &&
            strstr(out, "`b.one`: seeds disagree |") && strstr(out, "`e.printed`: printed form disagrees |") &&
            !strstr(out, "at the paper's sizes | reproduces"),
            "{{scorecard}} lists every finding, {{deviations}} those that deviate or are inconclusive at a profile, "
            "with the registry's reasons (an erratum: its claims' statements), linked to their sections; every verdict "
            "coloured by its class, as in the claims tables");
    test_ok("scorecard.needs_registry", run("icar-weave", "claims.csv in.md out2.md") == 1 &&
            access(test_path("out2.md"), F_OK) != 0, "{{scorecard}} without --registry stops with an error");

    test_ok("scorecard.unknown_claim", scorecard_exits(FIND_HEAD "fa\ts\tfinding\ta.one a.two b.one e.fix e.printed "
            "x.none\tA\n", 1, "bad.tsv' row 1 (fa): 'x.none' is not a claim"),
            "a findings file naming an unregistered claim stops, naming the file, row and claim");
    test_ok("scorecard.claim_in_no_finding", scorecard_exits(FIND_HEAD "fa\ts\tfinding\ta.one a.two\tA\n"
            "fe\tt\terratum\te.fix e.printed\tE\n", 1, "claim 'b.one' of the registry 'reg.tsv' belongs to no finding"),
            "a registered claim in no finding stops with an error");
    test_ok("scorecard.claim_twice", scorecard_exits(FIND_HEAD "fa\ts\tfinding\ta.one a.two b.one\tA\n"
            "fe\tt\terratum\te.fix e.printed a.one\tE\n", 1, "claim 'a.one' already belongs to finding 'fa'"),
            "a claim in two findings stops with an error");
    test_ok("scorecard.bad_kind", scorecard_exits(FIND_HEAD "fa\ts\tfact\ta.one a.two b.one e.fix e.printed\tA\n", 1,
            "bad.tsv' row 1 (fa): kind 'fact'"), "an unknown kind stops with an error naming the row");
    test_ok("scorecard.pipeline_claim", scorecard_exits(FIND_HEAD "fa\ts\tfinding\ta.one a.two b.one e.fix e.printed "
            "n.grad\tA\n", 1, "'n.grad' is not a claim of a finding"),
            "a check of the pipeline (figure nn or archive) is no finding's claim");
    test_ok("scorecard.malformed_row", scorecard_exits(FIND_HEAD "fa\ts\tfinding\n", 1, "bad.tsv"),
            "a row with too few cells stops with an error naming the file");
    test_scratch_end();
    return test_end();
}
