/* icar-hist — per-window errors -> log-spaced histograms (Figure 4, fourth stage).
 *
 *   icar-hist --in ERRORS.csv --out HIST.csv --bins N --threshold X   (make fig4: specs/fig4.mk)
 *
 * Only errors above the threshold are counted (the paper plots MSE > 1e-12). Both sets
 * share the bins: BINS log-spaced bins from the smallest to the largest such error over
 * both columns; when these are equal (one error, or all the same), a decade centred on
 * that value; when there are none, the decade above the threshold. The threshold must be
 * positive (the scale is logarithmic). The counts above the threshold are written as
 * settings (count_original, count_shuffled) for the figure and the claims. */
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *in = NULL, *out = NULL, *label = NULL;
    long bins = 0;
    double thr = 0;
    const Opt opts[] = {
        {"in", OPT_STRING, &in, .arg = "ERRORS.csv", .required = 1, .key = "errors",
         .help = "per-window errors (icar-arfit output: columns original, shuffled)"},
        {.kind = OPT_STRING, .dest = &label, .key = "vectors"},   /* the errors file's */
        {"threshold", OPT_DOUBLE, &thr, 0, 1e300, .required = 1, .help = "only errors above it are counted; positive",
         .key = "threshold"},
        {"bins", OPT_LONG, &bins, 1, 100000, .required = 1, .help = "number of log-spaced bins", .key = "bins"},
        {"out", OPT_OUTPUT, &out, .arg = "HIST.csv", .required = 1,
         .help = "histogram: bin_lo, bin_hi, bin_mid, original, shuffled"},
        {0}};
    opts_parse(opts, argc, argv, "icar-hist", NULL);
    if (!(thr > 0)) die("--threshold must be positive (the bins are log-spaced), got %g", thr);

    CsvTable *t = table_read(in);
    table_check_rows(t, "windows");
    int col[2] = {table_col(t, "original"), table_col(t, "shuffled")};
    label = table_setting(t, "vectors");
    if (!label) die("'%s' has no '# vectors=' setting: is it an icar-arfit output?", in);
    double lo = INFINITY, hi = -INFINITY;
    long count[2] = {0, 0};
    for (int r = 0; r < t->nrows; r++)
        for (int s = 0; s < 2; s++) {
            double e = table_num(t, r, col[s]);
            if (!isfinite(e) || e < 0) die("'%s' row %d: error %g is not a finite non-negative number", in, r + 1, e);
            if (e > thr) { count[s]++; lo = fmin(lo, e); hi = fmax(hi, e); }
        }
    if (lo > hi) { lo = thr; hi = 10 * thr; }                  /* no error above the threshold */
    else if (lo == hi) { lo /= sqrt(10.0); hi *= sqrt(10.0); }   /* one value: a decade around it */
    double llo = log10(lo), lhi = log10(hi), width = (lhi - llo) / bins;
    long *h = xcalloc(2 * bins, sizeof *h);
    for (int r = 0; r < t->nrows; r++)
        for (int s = 0; s < 2; s++) {
            double e = table_num(t, r, col[s]);
            if (e <= thr) continue;
            double x = floor((log10(e) - llo) / width);   /* clamped before the cast */
            long b = x >= bins ? bins - 1 : x < 0 ? 0 : (long)x;   /* bins - 1: the largest error */
            h[2 * b + s]++;
        }

    CsvOut *c = csv_create(out);
    opts_settings_some(c, opts, "errors vectors");
    const char *keys[] = {"dim", "windows", "seed", "tokens_total"};
    for (int k = 0; k < 4; k++)
        if (table_setting(t, keys[k])) csv_setting(c, keys[k], "%s", table_setting(t, keys[k]));
    opts_settings_some(c, opts, "threshold bins");
    csv_setting(c, "count_original", "%ld", count[0]);
    csv_setting(c, "count_shuffled", "%ld", count[1]);
    csv_setting(c, "count_ratio", "%.3f", count[0] ? (double)count[1] / count[0] : NAN);
    csv_header(c, "bin_lo,bin_hi,bin_mid,original,shuffled");
    for (long b = 0; b < bins; b++) {
        csv_num(c, pow(10, llo + b * width));
        csv_num(c, pow(10, llo + (b + 1) * width));
        csv_num(c, pow(10, llo + (b + 0.5) * width));
        csv_int(c, h[2 * b]);
        csv_int(c, h[2 * b + 1]);
        csv_endrow(c);
    }
    csv_close(c);
    fprintf(stderr, "icar-hist: %d windows; above %g: %ld original, %ld shuffled\n", t->nrows,
            thr, count[0], count[1]);
    free(h);
    table_free(t);
    return 0;
}
