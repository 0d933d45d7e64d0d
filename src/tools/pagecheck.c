/* icar-pagecheck — the structure of the rendered manuscript, and the findings' verdicts
 * in it and in the README, as a checks fragment.
 *
 *   icar-pagecheck HTML CLAIMS.csv VERDICTS.csv README.md OUT.csv
 *       parses HTML once and writes one row per check (pagecheck.h) to OUT.csv, a checks
 *       fragment like the unit tests' (claims.h: id,statement,comparator,bound,bound2,
 *       measured; here "abs<= 1 0": measured 1 passes), in this order:
 *         paper.headings paper.figures_embedded paper.fields_filled paper.claims_shown
 *         paper.claims_typeset paper.no_raw_numbers paper.scorecard readme.verdicts_agree
 *       and prints "PASS ID" or "FAIL ID: DETAIL" for each. VERDICTS.csv is
 *       icar-scorecard --verdicts' table (id,section,run,paper), CLAIMS.csv the claims
 *       table. Exit status 1 if any check failed. OUT.csv is written whole or not at all.
 *   icar-pagecheck --typeset HTML
 *       prints "CLAIM: TEXT" for each claim statement of HTML that is not typeset, then
 *       the number checked; exit status 1 if any is not typeset or HTML has no claims
 *       table.
 * A file that cannot be read stops the tool with a message naming it (exit 1); a wrong
 * command line with the usage (exit 2). */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "pagecheck.h"
#include "readfile.h"
#include <stdio.h>
#include <stdlib.h>

#define PROGRAM "icar-pagecheck"

/* One row of the fragment, the detail quoted with its quotes doubled; and its line on
 * stdout. Returns c.ok; frees c.detail. */
static int put_row(FILE *out, const char *id, PageCheck c) {
    fprintf(out, "%s,\"", id);
    for (const char *s = c.detail; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fprintf(out, "\",abs<=,1,0,%d\n", c.ok);
    if (c.ok) printf("PASS %s\n", id);
    else printf("FAIL %s: %s\n", id, c.detail);
    free(c.detail);
    return c.ok;
}

static int check_all(const char *html, const char *claims_path, const char *verdicts_path, const char *readme_path,
                     const char *out_path) {
    CsvTable *verdicts = table_read(verdicts_path);
    size_t len;
    char *readme = read_file(readme_path, &len);
    Page *page = page_read(html);
    CsvTable *claims = table_read(claims_path);
    AtomicFile *f = atomic_open(out_path);
    fputs(CHECKS_HEADER "\n", f->fp);
    int ok = put_row(f->fp, "paper.headings", page_check_headings(page));
    ok &= put_row(f->fp, "paper.figures_embedded", page_check_figures_embedded(page));
    ok &= put_row(f->fp, "paper.fields_filled", page_check_fields_filled(page));
    ok &= put_row(f->fp, "paper.claims_shown", page_check_claims_shown(page, claims));
    ok &= put_row(f->fp, "paper.claims_typeset", page_check_claims_typeset(page));
    ok &= put_row(f->fp, "paper.no_raw_numbers", page_check_no_raw_numbers(page));
    ok &= put_row(f->fp, "paper.scorecard", page_check_scorecard(page, verdicts));
    ok &= put_row(f->fp, "readme.verdicts_agree", readme_check_verdicts(readme, verdicts));
    atomic_commit(f);
    table_free(claims);
    page_free(page);
    free(readme);
    table_free(verdicts);
    return ok ? 0 : 1;
}

int main(int argc, char **argv) {
    err_set_program(PROGRAM);
    const char *operands = "HTML CLAIMS.csv VERDICTS.csv README.md OUT.csv";
    const char *typeset = NULL;
    const Opt opts[] = {
        {"typeset", OPT_STRING, &typeset, .arg = "HTML",
         .help = "only list the claim statements of HTML that are not typeset"},
        {0}};
    int first = opts_parse(opts, argc, argv, PROGRAM, operands);
    if (typeset) {
        if (argc != first) opts_fail(opts, PROGRAM, operands, "--typeset takes no other file");
        Page *page = page_read(typeset);
        int bad = page_put_untypeset(stdout, page);
        page_free(page);
        return bad == 0 ? 0 : 1;
    }
    if (argc - first != 5)
        opts_fail(opts, PROGRAM, operands, "give the page, the claims table, the verdicts, the README and the output");
    return check_all(argv[first], argv[first + 1], argv[first + 2], argv[first + 3], argv[first + 4]);
}
