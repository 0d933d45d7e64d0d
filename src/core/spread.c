#include "spread.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Spread spread_of(const double *v, int n) {
    Spread s = {0, NAN, NAN, NAN};
    double *f = xcalloc(n > 0 ? n : 1, sizeof *f);
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) f[s.n++] = v[i];
    qsort(f, s.n, sizeof *f, cmp_double);
    if (s.n) {
        s.min = f[0];
        s.max = f[s.n - 1];
        s.median = s.n % 2 ? f[s.n / 2] : 0.5 * (f[s.n / 2 - 1] + f[s.n / 2]);
    }
    free(f);
    return s;
}
