#include "verdict.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const NAMES[] = {"reproduces", "deviates", "inconclusive", "unmeasured"};

const char *verdict_name(Verdict v) { return NAMES[v]; }

int verdict_parse(const char *s, Verdict *v) {
    for (int k = 0; k < (int)(sizeof NAMES / sizeof *NAMES); k++)
        if (strcmp(s, NAMES[k]) == 0) { *v = (Verdict)k; return 1; }
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median, min and max of the finite values of v[n] into s; NaN when there are none. */
static void spread(const double *v, int n, SeedSummary *s) {
    double *f = xcalloc(n > 0 ? n : 1, sizeof *f);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) f[m++] = v[i];
    qsort(f, m, sizeof *f, cmp_double);
    s->median = s->min = s->max = NAN;
    if (m) {
        s->min = f[0];
        s->max = f[m - 1];
        s->median = m % 2 ? f[m / 2] : 0.5 * (f[m / 2 - 1] + f[m / 2]);
    }
    free(f);
}

SeedSummary verdict_over_seeds(const Check *k, const double *v, int n, int min_seeds) {
    SeedSummary s = {.n = n};
    for (int i = 0; i < n; i++) s.held += check_pass(k, v[i]);
    spread(v, n, &s);
    if (n == 0) s.verdict = VERDICT_UNMEASURED;
    else if (n < min_seeds || (s.held > 0 && s.held < n)) s.verdict = VERDICT_INCONCLUSIVE;
    else s.verdict = s.held == n ? VERDICT_REPRODUCES : VERDICT_DEVIATES;
    return s;
}
