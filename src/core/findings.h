/* findings.h — the paper's findings, each decided by claims, and their verdicts.
 *
 * A claim (claims.h) is one measurement; a finding is one thing the paper says, decided
 * by one or more claims. The findings registry, tests/findings.tsv (tab-separated, read
 * with libcsv), has one row per finding with the columns
 *   id         unique, e.g. fig8 or fig5-deep
 *   section    the anchor of the manuscript section that shows it (fig1 ... fig10, theory)
 *   kind       finding, or erratum: "the paper's formula is wrong as printed; corrected,
 *              it holds" (its claims show the printed form failing and the corrected one
 *              holding)
 *   claims     the ids of the claims that decide it, space-separated, bare (no @ARCHIVE)
 *   statement  what the paper says, in one line
 * Every claim of the claims registry belongs to exactly one finding, except the rows
 * that check the pipeline itself (figures "archive" and "nn") and the rows registered
 * for one archive (BASE@ARCHIVE), which judge the archived measurement of BASE's
 * finding. A claim that no registry row defines, a registered claim in no finding or in
 * two, an unknown kind or an empty cell stops with an error naming the file and row.
 *
 * A finding is judged per profile, from the claims table (data/results/claims.csv): at
 * this run's profile by its claims' rows (bare ids), at the paper's sizes by the rows of
 * their archived measurements (BASE@paper, BASE@paper-NAME). The rule, the same for
 * every finding and profile, over the verdicts of those rows (verdict.h):
 *   finding   reproduces if every claim reproduces, deviates if any claim deviates,
 *             inconclusive otherwise (the seeds disagree on a claim, or too few were
 *             measured, or one could not be evaluated)
 *   erratum   deviates (wrong as printed, holds corrected) if every claim reproduces,
 *             inconclusive otherwise
 *   unmeasured (shown "not archived") when no row of the profile exists.
 * The row shown beside a finding's verdict, its deciding claim, is the first of its
 * rows whose verdict is the finding's (the first row where there is none, as for an
 * erratum). */
#ifndef ICAR_FINDINGS_H
#define ICAR_FINDINGS_H
#include "csvio.h"
#include "verdict.h"

typedef enum { KIND_FINDING, KIND_ERRATUM } FindingKind;
/* The claims of this run's profile (bare ids) or of the archived paper-size runs. */
typedef enum { PROFILE_RUN, PROFILE_PAPER } Profile;

typedef struct {
    const char *id, *section, *statement;
    FindingKind kind;
    char *claims_text;     /* the file's list of claims, cut into the words of claims */
    const char **claims;   /* [nclaims] */
    int nclaims;
} Finding;

typedef struct {
    const char *path;
    CsvTable *t, *registry;
    Finding *f;      /* [n], in the file's order */
    int n;
    int *owner;      /* [registry->nrows]: the finding that holds each registry row, or -1 */
} Findings;

typedef struct {
    Verdict verdict;   /* VERDICT_UNMEASURED: no claim row at this profile */
    int deciding;      /* the claims table's row shown beside the verdict; -1 if none */
} FindingVerdict;

/* Reads and checks the findings file at path against the claims registry at registry. */
Findings *findings_read(const char *path, const char *registry);
void findings_free(Findings *fs);
/* The verdict of finding f at profile p, from the claims table CLAIMS.csv. */
FindingVerdict finding_judge(const Findings *fs, const Finding *f, const CsvTable *claims, Profile p);
/* The claims table's rows of finding f at profile p, in the order of f's claims, into
 * rows[] (room for every row of the table); returns how many. Dies if the table lacks
 * one of f's claims at this run's profile. */
int finding_rows(const Findings *fs, const Finding *f, const CsvTable *claims, Profile p, int *rows);
/* The verdict column of row r of the claims table; dies if it names no verdict. */
Verdict claims_row_verdict(const CsvTable *claims, int r);
/* The registry row that judges claim id (BASE@ARCHIVE's own row, else BASE's). */
int findings_registry_row(const Findings *fs, const char *id);
/* Counts of the findings by verdict at profile p, indexed by Verdict. */
void findings_count(const Findings *fs, const CsvTable *claims, Profile p, int count[VERDICT_UNMEASURED + 1]);
#endif
