/* spread.h — the median and range of a few values, one per seed.
 *
 * The one place that says what "the median over seeds" is: the verdict of a claim over
 * its seeds (verdict.h) and the aggregate of a figure's CSVs over its seeds (seedtable.h)
 * both take it from here. Only the finite values count (a NaN or an infinity is a value
 * that was not measured); with an even number of them the median is the mean of the
 * middle two; with none, the median, minimum and maximum are NaN.
 *
 *   double v[] = {0.974, NAN, 1.140, 1.098};
 *   Spread s = spread_of(v, 4);   // s.n = 3, s.median = 1.098, s.min = 0.974, s.max = 1.140
 */
#ifndef ICAR_SPREAD_H
#define ICAR_SPREAD_H

typedef struct {
    int n;                     /* finite values */
    double median, min, max;   /* over them; NaN if there are none */
} Spread;

/* The spread of the finite values of v[n] (v is left as it is). */
Spread spread_of(const double *v, int n);
#endif
