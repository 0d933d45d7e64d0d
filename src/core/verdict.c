#include "verdict.h"
#include "spread.h"
#include <string.h>

static const char *const NAMES[] = {"reproduces", "deviates", "inconclusive", "unmeasured"};

const char *verdict_name(Verdict v) { return NAMES[v]; }

int verdict_parse(const char *s, Verdict *v) {
    for (int k = 0; k < (int)(sizeof NAMES / sizeof *NAMES); k++)
        if (strcmp(s, NAMES[k]) == 0) { *v = (Verdict)k; return 1; }
    return 0;
}

SeedSummary verdict_over_seeds(const Check *k, const double *v, int n, int min_seeds) {
    SeedSummary s = {.n = n};
    for (int i = 0; i < n; i++) s.held += check_pass(k, v[i]);
    Spread sp = spread_of(v, n);   /* the median over seeds, as the figures' aggregates take it */
    s.median = sp.median;
    s.min = sp.min;
    s.max = sp.max;
    if (n == 0) s.verdict = VERDICT_UNMEASURED;
    else if (n < min_seeds || (s.held > 0 && s.held < n)) s.verdict = VERDICT_INCONCLUSIVE;
    else s.verdict = s.held == n ? VERDICT_REPRODUCES : VERDICT_DEVIATES;
    return s;
}
