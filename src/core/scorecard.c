/* scorecard.c — what of the paper holds, as Markdown (scorecard.h). */
#include "scorecard.h"
#include "err.h"
#include "numtext.h"
#include <stdlib.h>
#include <string.h>

#define PAPER_LABEL "at the paper's sizes"

static const char *profile_name(Profile p, const char *run_label) {
    return p == PROFILE_RUN ? run_label : PAPER_LABEL;
}

/* Words of a space-separated list. */
static int count_words(const char *s) {
    int n = 0;
    for (const char *p = s; *p; p++) n += *p != ' ' && (p == s || p[-1] == ' ');
    return n;
}

static void put_link(FILE *out, const Finding *f, const char *link) {
    fprintf(out, "[%s](%s%s)", f->id, link, f->section);
}

/* The words of a verdict, coloured (numtext.h: verdict_put_marked) or not. */
static void put_words(FILE *out, Verdict v, const char *words, int coloured) {
    if (coloured) verdict_put_marked(out, v, NULL, "%s", words);
    else fputs(words, out);
}

/* "VERDICT, k of n seeds: MEDIAN (MIN–MAX), asked BOUND (`CLAIM`)", or "not archived". */
static void put_verdict(FILE *out, const Findings *fs, const Finding *f, const CsvTable *claims, Profile p,
                        int coloured) {
    FindingVerdict v = finding_judge(fs, f, claims, p);
    if (v.verdict == VERDICT_UNMEASURED) {
        put_words(out, v.verdict, "not archived", coloured);
        return;
    }
    const char *id = table_cell(claims, v.deciding, table_col(claims, "id"));
    int n = count_words(table_cell(claims, v.deciding, table_col(claims, "seeds")));
    put_words(out, v.verdict, verdict_name(v.verdict), coloured);
    if (f->kind == KIND_ERRATUM && v.verdict == VERDICT_DEVIATES) fputs(" as printed (erratum: holds corrected)", out);
    fprintf(out, ", %s of %d seed%s: ", table_cell(claims, v.deciding, table_col(claims, "held")), n, n == 1 ? "" : "s");
    claim_put_value(out, claims, v.deciding, "measured");
    if (n > 1) {
        fputs(" (", out);
        claim_put_value(out, claims, v.deciding, "min");
        fputs("–", out);
        claim_put_value(out, claims, v.deciding, "max");
        fputs(")", out);
    }
    const CsvTable *g = fs->registry;
    int r = findings_registry_row(fs, id);
    fputs(", asked ", out);
    bound_put_words(out, table_cell(g, r, table_col(g, "comparator")), table_cell(g, r, table_col(g, "bound")),
                    table_cell(g, r, table_col(g, "bound2")), g->path);
    fprintf(out, " (`%s`)", id);
}

static void put_counts(FILE *out, const Findings *fs, const CsvTable *claims, Profile p, const char *run_label) {
    int c[VERDICT_UNMEASURED + 1];
    findings_count(fs, claims, p, c);
    fprintf(out, "%s: %d reproduce, %d deviate, %d inconclusive", profile_name(p, run_label),
            c[VERDICT_REPRODUCES], c[VERDICT_DEVIATES], c[VERDICT_INCONCLUSIVE]);
    if (c[VERDICT_UNMEASURED]) fprintf(out, ", %d not archived", c[VERDICT_UNMEASURED]);
}

void scorecard_put(FILE *out, const Findings *fs, const CsvTable *claims, const char *link, const char *run_label,
                   int coloured) {
    fprintf(out, "Of the paper's %d findings, ", fs->n);
    put_counts(out, fs, claims, PROFILE_PAPER, run_label);
    fputs("; ", out);
    put_counts(out, fs, claims, PROFILE_RUN, run_label);
    fprintf(out, ".\n\n| finding | the paper says | %s | %s |\n|------|------------------|------------------|"
                 "------------------|\n", PAPER_LABEL, run_label);
    for (int k = 0; k < fs->n; k++) {
        const Finding *f = &fs->f[k];
        fputs("| ", out);
        put_link(out, f, link);
        fputs(" | ", out);
        text_put_cell(out, f->statement);
        fputs(" | ", out);
        put_verdict(out, fs, f, claims, PROFILE_PAPER, coloured);
        fputs(" | ", out);
        put_verdict(out, fs, f, claims, PROFILE_RUN, coloured);
        fputs(" |\n", out);
    }
}

/* The reasons of finding f at profile p: the registry's reason of each row that did not
 * reproduce, or, for an erratum, the statement of each row. */
static void put_reasons(FILE *out, const Findings *fs, const Finding *f, const CsvTable *claims, Profile p) {
    const CsvTable *g = fs->registry;
    int *rows = xcalloc(claims->nrows + 1, sizeof *rows), n = finding_rows(fs, f, claims, p, rows), shown = 0;
    for (int i = 0; i < n; i++) {
        const char *id = table_cell(claims, rows[i], table_col(claims, "id"));
        int r = findings_registry_row(fs, id);
        const char *reason = f->kind == KIND_ERRATUM ? table_cell(g, r, table_col(g, "statement"))
                           : table_cell(g, r, table_col(g, "deviation"));
        if (f->kind != KIND_ERRATUM && claims_row_verdict(claims, rows[i]) == VERDICT_REPRODUCES) continue;
        fprintf(out, "%s`%s`: ", shown++ ? " " : "", id);
        text_put_cell(out, *reason ? reason : "no reason in the registry (make check fails until one is written)");
    }
    free(rows);
}

void scorecard_put_deviations(FILE *out, const Findings *fs, const CsvTable *claims, const char *link,
                              const char *run_label) {
    fputs("| finding | the paper says | where | verdict | why |\n|------|----------|------|----------|"
          "------------------------------|\n", out);
    for (int k = 0; k < fs->n; k++)
        for (Profile p = PROFILE_RUN; p <= PROFILE_PAPER; p++) {
            const Finding *f = &fs->f[k];
            Verdict v = finding_judge(fs, f, claims, p).verdict;
            if (v != VERDICT_DEVIATES && v != VERDICT_INCONCLUSIVE) continue;
            fputs("| ", out);
            put_link(out, f, link);
            fputs(" | ", out);
            text_put_cell(out, f->statement);
            fprintf(out, " | %s | ", profile_name(p, run_label));
            put_verdict(out, fs, f, claims, p, 1);
            fputs(" | ", out);
            put_reasons(out, fs, f, claims, p);
            fputs(" |\n", out);
        }
}
