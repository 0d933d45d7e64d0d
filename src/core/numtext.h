/* numtext.h — numbers and text as the manuscript and the README print them.
 *
 * The CSV files keep full precision (%.17g); a reader sees integers exactly and every
 * other number to 4 significant digits, or, where a standard error is known (a column,
 * row or setting named NAME_se beside NAME), to the second significant digit of that
 * standard error, itself shown to 2 significant digits. Powers of ten read 1.5 × 10⁻⁸.
 * A NaN reads "not measured", an infinity "infinite". A claim's value (claims.h) that
 * would read like a bound it differs from (9.99996e-9 below 1e-8 reads "10⁻⁸" at 4
 * digits) gets more significant digits, up to 17, until it reads otherwise. A '|' in
 * text is escaped, so that a table cell cannot break its Markdown table. */
#ifndef ICAR_NUMTEXT_H
#define ICAR_NUMTEXT_H
#include "csvio.h"
#include "verdict.h"
#include <stdio.h>

#define NUM_SIGNIFICANT 4
/* Longest text of one number: 17 digits, sign, point, " × 10" and a superscript exponent. */
#define NUMBER_TEXT 96

/* s is a whole number ("0.6", "1e-08", "nan"), not text that starts with one. */
int num_parse(const char *s, double *x);
/* x to `sig` significant digits in text[NUMBER_TEXT]; trailing zeros kept only when
 * `keep_zeros` (they are significant beside a standard error). */
void num_format(char *text, double x, int sig, int keep_zeros);
/* x beside its standard error se (se <= 0 or NaN: unknown, NUM_SIGNIFICANT); a
 * standard error itself (is_se) to 2 significant digits. */
void num_put(FILE *out, double x, double se, int is_se);
/* Text with '|' escaped and line breaks as spaces: safe inside a pipe-table cell. */
void text_put_cell(FILE *out, const char *s);
/* Does a column, row or setting of this name hold standard errors? */
int name_is_se(const char *name);
/* A cell or setting named `name`: a number formatted as above (beside its standard
 * error se_text, or NULL), a space-separated list of numbers (a claim's per-seed values)
 * as each number so formatted, comma-separated, a bound such as "<1e-08" or "abs<=0.001"
 * as its operator and its number, anything else as escaped text. */
void value_put(FILE *out, const char *s, const char *se_text, const char *name);
/* Column `col` (measured, min or max) of row r of the claims table CLAIMS.csv, never
 * reading like a bound of the claim it differs from (above). */
void claim_put_value(FILE *out, const CsvTable *claims, int r, const char *col);
/* A value m of claim row r (one seed's), printed by the same rule. */
void claim_put_number(FILE *out, const CsvTable *claims, int r, double m);
/* What claim row r asks, in the words of bound_put_words, from the row's expected and
 * tolerance texts. */
void claim_put_bound(FILE *out, const CsvTable *claims, int r);
/* A comparator and its bounds (claims.h) in words: "below a", "above a", "within b of
 * a" ("exactly a" when b = 0), "between a and b"; `what` names the claim in the error
 * when they do not make a check. */
void bound_put_words(FILE *out, const char *comparator, const char *a, const char *b, const char *what);
/* A verdict as the manuscript shows it, coloured by its class (paper/style.css), the
 * verdict's name: the bracketed span [WORDS]{.verdict .NAME data-claim="CLAIM"}, WORDS
 * from FMT, ... (no data-claim where CLAIM is NULL). The README's Markdown shows the
 * words alone (a page on GitHub drops the classes and the colours). */
void verdict_put_marked(FILE *out, Verdict v, const char *claim, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#endif
