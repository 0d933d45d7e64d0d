/* pagecheck.h — the structure of the rendered manuscript, and the findings' verdicts in it
 * and in the README, from one parse of the page.
 *
 * The page (paper/out/icar.html, pandoc's HTML5 with MathML and embedded PNGs) is parsed
 * once with libxml2's HTML parser; each check is a set of XPath queries over that tree.
 * Each check returns whether it passed and a sentence saying what it checked, followed on
 * a failure by what was wrong ("; wrong: ..."):
 *   headings          one top-level heading per Figure 1..10, the scorecard, the
 *                     propositions section and the deviations section, each listed in the
 *                     table of contents
 *   figures_embedded  the first element after each figure's heading that is an image or a
 *                     heading is an image embedded as a PNG data: URI of real size
 *   fields_filled     no "{{" of a template field is left in the text
 *   claims_shown      every claim of the claims table shows its verdict: a span whose
 *                     data-claim is its id (claimtable.h) starts with the verdict of its
 *                     row, in words; every id without an archive suffix (@...) is a table
 *                     cell of the page
 *   claims_typeset    every statement of the claims tables (the tables whose second
 *                     header reads "what is measured") is typeset: its text outside <math>
 *                     and <code> holds no TeX or pseudo-code (an unbalanced '$', a '_',
 *                     '^' or '\', an elementwise ".*", a matrix written "[[")
 *   no_raw_numbers    no number of 12 or more digits (a %.17g left unformatted) in the
 *                     text outside code
 *   scorecard         the first top-level heading is the scorecard, "What of the paper
 *                     holds", with a row per finding of the verdicts table (icar-scorecard
 *                     --verdicts: id,section,run,paper) whose link leads to a heading of
 *                     the page and whose verdicts, at the paper's sizes and in this run,
 *                     are the first words of its cells
 * and, on the README's text,
 *   readme_verdicts   the README's scorecard row of each finding ("| [ID](...") gives the
 *                     same verdicts, at the paper's sizes and in this run, as first words of
 *                     its third and fourth cells. */
#ifndef ICAR_PAGECHECK_H
#define ICAR_PAGECHECK_H
#include "csvio.h"

typedef struct Page Page;

typedef struct {
    int ok;
    char *detail;   /* malloc'd */
} PageCheck;

/* The page at PATH, parsed; dies naming the file when it cannot be read or parsed. */
Page *page_read(const char *path);
void page_free(Page *p);

PageCheck page_check_headings(Page *p);
PageCheck page_check_figures_embedded(Page *p);
PageCheck page_check_fields_filled(Page *p);
PageCheck page_check_claims_shown(Page *p, const CsvTable *claims);
PageCheck page_check_claims_typeset(Page *p);
PageCheck page_check_no_raw_numbers(Page *p);
PageCheck page_check_scorecard(Page *p, const CsvTable *verdicts);
PageCheck readme_check_verdicts(const char *readme, const CsvTable *verdicts);

/* The statements of the claims tables that are not typeset, one "CLAIM: TEXT" line each
 * (TEXT: the statement's text outside math and code), then "N statements checked, B not
 * typeset" (or, with no claims table, a line that says so). Returns B, or -1 when the
 * page has no claims table. */
int page_put_untypeset(FILE *out, Page *p);
#endif
