/* icar-scorecard — what of the paper holds, in the README and for the checks.
 *
 *   icar-scorecard --registry CLAIMS.tsv --findings FINDINGS.tsv CLAIMS.csv
 *                  [--readme README.md [--check OUT.csv]] [--verdicts OUT.csv]
 *
 * Reads the findings (findings.h), checked against the claims registry, and judges each
 * from the claims table CLAIMS.csv.
 *   --readme FILE     rewrites the scorecard block of FILE: the lines from README_BEGIN
 *                     to README_END, both kept, hold the scorecard (scorecard.h) of the
 *                     quick profile, its links into the rendered manuscript; the rest of
 *                     the file is left as it is. A file without both markers, in that
 *                     order, is refused.
 *   --check OUT.csv   with --readme: writes nothing to the README, but a checks fragment
 *                     (claims.h) with the check readme.scorecard_current, which passes
 *                     iff the README's block is the one the claims give; on a difference
 *                     prints the first line that differs and exits 1.
 *   --verdicts OUT    the verdict of each finding: id,section,run,paper (verdict.h's
 *                     names; "not archived" at the paper's sizes where none is).
 * Outputs are written atomically. */
#include "csvio.h"
#include "err.h"
#include "findings.h"
#include "opts.h"
#include "readfile.h"
#include "scorecard.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define README_BEGIN "<!-- scorecard: made by `make readme` from data/results/claims.csv and tests/findings.tsv; edits here are overwritten -->\n"
#define README_END "<!-- end of scorecard -->\n"
#define README_LINK "paper/out/icar.html#"
#define README_RUN_LABEL "quick profile"

/* The README's block, markers included, as the claims give it; free() it. */
static char *readme_block(const Findings *fs, const CsvTable *claims) {
    char *text;
    size_t len;
    FILE *m = open_memstream(&text, &len);
    if (!m) die("cannot open a memory stream");
    fputs(README_BEGIN "\n", m);
    scorecard_put(m, fs, claims, README_LINK, README_RUN_LABEL, 0);
    fputs("\n" README_END, m);
    fclose(m);
    return text;
}

/* The first line at which texts a and b differ, 1-based; 0 if they are equal. */
static int first_difference(const char *a, const char *b) {
    int line = 1;
    for (; *a && *a == *b; a++, b++) line += *a == '\n';
    return *a == *b ? 0 : line;
}

static int check_readme(const char *path, const char *block, size_t at, size_t old_len, const char *text,
                        const char *out_path) {
    int line = old_len == strlen(block) && strncmp(text + at, block, old_len) == 0 ? 0
             : first_difference(text + at, block);
    CsvOut *out = csv_create(out_path);
    csv_header(out, CHECKS_HEADER);
    csv_str(out, "readme.scorecard_current");
    csv_str(out, "the README's scorecard block is the one the claims table gives (make readme rewrites it)");
    csv_str(out, "abs<=");
    csv_str(out, "1");
    csv_str(out, "0");
    csv_int(out, line == 0);
    csv_endrow(out);
    csv_close(out);
    if (line) {
        int lineno = 1;
        for (const char *p = text; p < text + at; p++) lineno += *p == '\n';
        printf("FAIL readme.scorecard_current: '%s' line %d differs from what the claims give; run make readme\n",
               path, lineno + line - 1);
        return 1;
    }
    printf("PASS readme.scorecard_current\n");
    return 0;
}

/* Rewrites (or, with check_out, checks) the scorecard block of the README at path. */
static int readme(const char *path, const char *check_out, const Findings *fs, const CsvTable *claims) {
    size_t len;
    char *text = read_file(path, &len);
    char *begin = strstr(text, README_BEGIN), *end = begin ? strstr(begin, README_END) : NULL;
    if (!end) die("'%s' has no scorecard block: the line '%.*s' and, after it, '%.*s'", path,
                  (int)strlen(README_BEGIN) - 1, README_BEGIN, (int)strlen(README_END) - 1, README_END);
    end += strlen(README_END);
    char *block = readme_block(fs, claims);
    int rc = 0;
    if (check_out) rc = check_readme(path, block, begin - text, end - begin, text, check_out);
    else {
        AtomicFile *f = atomic_open(path);
        fwrite(text, 1, begin - text, f->fp);
        fputs(block, f->fp);
        fputs(end, f->fp);
        atomic_commit(f);
    }
    free(block);
    free(text);
    return rc;
}

static void verdicts(const char *path, const Findings *fs, const CsvTable *claims) {
    CsvOut *out = csv_create(path);
    csv_header(out, "id,section,run,paper");
    for (int k = 0; k < fs->n; k++) {
        const Finding *f = &fs->f[k];
        Verdict paper = finding_judge(fs, f, claims, PROFILE_PAPER).verdict;
        csv_str(out, f->id);
        csv_str(out, f->section);
        csv_str(out, verdict_name(finding_judge(fs, f, claims, PROFILE_RUN).verdict));
        csv_str(out, paper == VERDICT_UNMEASURED ? "not archived" : verdict_name(paper));
        csv_endrow(out);
    }
    csv_close(out);
}

int main(int argc, char **argv) {
    const char *registry = NULL, *findings = NULL, *readme_path = NULL, *check = NULL, *verdicts_path = NULL;
    const char *operands = "CLAIMS.csv";
    const Opt opts[] = {
        {"registry", OPT_STRING, &registry, .arg = "CLAIMS.tsv", .required = 1, .help = "the claims registry"},
        {"findings", OPT_STRING, &findings, .arg = "FINDINGS.tsv", .required = 1,
         .help = "the findings, each with the claims that decide it"},
        {"readme", OPT_STRING, &readme_path, .arg = "README.md", .help = "rewrite the scorecard block of this file"},
        {"check", OPT_STRING, &check, .arg = "OUT.csv",
         .help = "with --readme: check the block instead, as a checks fragment"},
        {"verdicts", OPT_STRING, &verdicts_path, .arg = "OUT.csv", .help = "write each finding's verdicts"},
        {0}};
    int first = opts_parse(opts, argc, argv, "icar-scorecard", operands);
    if (argc - first != 1) opts_fail(opts, "icar-scorecard", operands, "give the claims table");
    if (check && !readme_path) opts_fail(opts, "icar-scorecard", operands, "--check needs --readme");
    Findings *fs = findings_read(findings, registry);
    CsvTable *claims = table_read(argv[first]);
    int rc = 0;
    if (verdicts_path) verdicts(verdicts_path, fs, claims);
    if (readme_path) rc = readme(readme_path, check, fs, claims);
    table_free(claims);
    findings_free(fs);
    return rc;
}
