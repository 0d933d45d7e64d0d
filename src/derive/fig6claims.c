/* fig6claims.c — the claims of Figure 6 from its CSVs (fig6claims.h). */
#include "fig6claims.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>

int fig6_age_nonfalls(const double *row, int n) {
    int k = 0;
    for (int j = 0; j + 1 < n; j++) k += row[j] >= row[j + 1];
    return k;
}

/* The row of train.csv whose mu is extreme: the largest (sign 1) or smallest (-1). */
static int extreme_mu_row(const CsvTable *train, int sign) {
    int col = table_col(train, "mu"), best = -1;
    for (int r = 0; r < train->nrows; r++)
        if (best < 0 || sign * table_num(train, r, col) > sign * table_num(train, best, col)) best = r;
    if (best < 0) die("'%s' has no mu", train->path);
    return best;
}

/* Value of column NAME in the first row whose mu is MU; NaN when there is none. */
static double at_mu(const CsvTable *t, double mu, const char *name) {
    int cm = table_col(t, "mu"), cv = table_col(t, name);
    for (int r = 0; r < t->nrows; r++)
        if (table_num(t, r, cm) == mu) return table_num(t, r, cv);
    return NAN;
}

static int all_converged(const CsvTable *train) {
    const char *tol = table_setting(train, "tol");
    if (!tol) die("'%s' lacks the setting tol", train->path);
    int cl = table_col(train, "loss"), ok = 1;
    for (int r = 0; r < train->nrows; r++) ok &= table_num(train, r, cl) < atof(tol);
    return ok;
}

/* The largest spread over whole diagonals at mu = MU; NaN when mu = MU is absent. */
static double largest_spread(const CsvTable *diagonals, double mu) {
    int cm = table_col(diagonals, "mu"), cs = table_col(diagonals, "spread_all_rows");
    double worst = NAN;
    for (int r = 0; r < diagonals->nrows; r++)
        if (table_num(diagonals, r, cm) == mu) worst = fmax(isnan(worst) ? 0 : worst, table_num(diagonals, r, cs));
    return worst;
}

/* fig6_age_nonfalls of the unmasked entries of the last row at mu = MU, oldest first. */
static double recent_nonfalls(const CsvTable *lastrow, double mu) {
    int cm = table_col(lastrow, "mu"), cv = table_col(lastrow, "value"), ck = table_col(lastrow, "masked");
    int n = 0;   /* counted first, every cell read: a bad cell stops before anything is allocated */
    for (int r = 0; r < lastrow->nrows; r++)
        if (table_num(lastrow, r, cm) == mu && table_num(lastrow, r, ck) == 0) {
            table_num(lastrow, r, cv);
            n++;
        }
    if (n == 0) die("'%s' has no unmasked entry at mu = %g", lastrow->path, mu);
    double *row = xmalloc(sizeof(double) * n);
    n = 0;
    for (int r = 0; r < lastrow->nrows; r++)
        if (table_num(lastrow, r, cm) == mu && table_num(lastrow, r, ck) == 0) row[n++] = table_num(lastrow, r, cv);
    int k = fig6_age_nonfalls(row, n);
    free(row);
    return k;
}

void fig6_claims(const CsvTable *train, const CsvTable *diagonals, const CsvTable *lastrow, Claims *cl) {
    int cm = table_col(train, "mu"), cd = table_col(train, "P_last_diag");
    int hi = extreme_mu_row(train, 1), lo = extreme_mu_row(train, -1);
    double mu_max = table_num(train, hi, cm), mu_min = table_num(train, lo, cm);
    double d_hi = table_num(train, hi, cd), d_lo = table_num(train, lo, cd);
    claim(cl, "fig6.converged", all_converged(train));
    claim(cl, "fig6.toeplitz", largest_spread(diagonals, 100));
    claim(cl, "fig6.superdiag", at_mu(train, 100, "P_last_superdiag"));
    claim(cl, "fig6.recent_first", recent_nonfalls(lastrow, mu_max));
    claim_note(cl, "fig6.recent_grows", d_hi / d_lo, "P_{T-1,T-1} %.3g at mu = %g, %.3g at mu = %g", d_hi, mu_max,
               d_lo, mu_min);
}
