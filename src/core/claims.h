/* claims.h — measuring the paper's claims, and judging them against the registry.
 *
 * The registry, tests/claims.tsv (tab-separated, read with libcsv), is the one place
 * where a claim is defined: one row per claim with the columns
 *   id          unique, e.g. fig3.restarts_unitary
 *   figure      the manuscript section that shows it (fig1 ... fig10, theory, nn)
 *   comparator  how the measured value m is judged against bound a and bound2 b:
 *                 <        m < a
 *                 >        m > a
 *                 abs<=    |m - a| <= b        (b = 0: m is exactly a)
 *                 between  a <= m <= b
 *   bound       a
 *   bound2      b (empty for < and >)
 *   seeds       how many seeds settle a verdict on the claim (verdict.h): 3 for a claim
 *               about a trained model, 1 for a computation the seed does not decide
 *   verdict     the documented verdict over the seeds: reproduces, deviates or inconclusive
 *   statement   what is measured, in words
 *   deviation   the reason, for a verdict other than reproduces (empty otherwise): why this
 *               finding of the paper does not reproduce here, or what the seeds disagree on
 * A measured value that is NaN or infinite never passes.
 *
 * A program that measures claims writes a fragment holding only what it measured, the
 * columns id,measured,note (note: run details worth showing beside the statement):
 *
 *   Claims *cl = claims_open(path);
 *   claim(cl, "fig1.norm", worst);
 *   claim_note(cl, "fig8.orthogonality", ratio, "after %.3g / at init %.3g", a, b);
 *   claims_close(cl);
 *
 * A claim that could not be evaluated is reported as NaN (it fails). icar-report joins
 * the fragments (one per seed) against the registry, judges each claim over its seeds,
 * and writes the claims table data/results/claims.csv (src/tools/report.c). Unit tests (tests/test.h) write a second kind of fragment, checks
 * that carry their own comparator and bounds (CHECKS_HEADER): they are counted by
 * icar-report and kept out of the claims table. */
#ifndef ICAR_CLAIMS_H
#define ICAR_CLAIMS_H
#include "csvio.h"
#include <stddef.h>

#define CLAIMS_HEADER "id,measured,note"
#define CHECKS_HEADER "id,statement,comparator,bound,bound2,measured"

typedef struct Claims Claims;

Claims *claims_open(const char *path);
void claim(Claims *c, const char *id, double measured);
void claim_note(Claims *c, const char *id, double measured, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void claims_close(Claims *c);   /* commits the file */

/* A comparator with its bounds, parsed from the registry's text. */
typedef enum { CMP_BELOW, CMP_ABOVE, CMP_NEAR, CMP_BETWEEN } CmpKind;
typedef struct {
    CmpKind kind;
    double a, b;
} Check;

/* Parses comparator, bound and bound2 (NULL or "" when unused); 0 with the reason in
 * why[whylen] if they do not make a check (unknown comparator, bound not a number,
 * bound2 given or missing, between with a > b, abs<= with b < 0). */
int check_parse(Check *k, const char *comparator, const char *bound, const char *bound2,
                char *why, size_t whylen);
/* 1 iff the finite value m satisfies the check. */
int check_pass(const Check *k, double m);
/* The claims table's "expected" and "tolerance" texts of a check, from the registry's
 * own bound texts: "<a" "strict", ">a" "strict", "a" "abs<=b", "in [a, b]" "inclusive". */
void check_describe(const char *comparator, const char *bound, const char *bound2,
                    char *expected, size_t elen, char *tolerance, size_t tlen);
/* The check of registered claim ID in the registry at PATH (a tool that also tabulates
 * a claim's verdict reads its bounds from there); dies if ID is not registered. */
Check claims_registered_check(const char *path, const char *id);
#endif
