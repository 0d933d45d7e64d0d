#include "ardata.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>

void ar_sequences(float *s, int n, int len, int d, Rng *rng) {
    double *w = xmalloc((size_t)d * d * sizeof *w);
    double *x = xmalloc(2 * (size_t)d * sizeof *x), *y = x + d;
    for (int k = 0; k < n; k++) {
        rng_haar_orthogonal(rng, w, d);
        for (int i = 0; i < d; i++) x[i] = 1.0 / sqrt((double)d);
        float *seq = s + (size_t)k * len * d;
        for (int t = 0; t < len; t++) {
            for (int i = 0; i < d; i++) seq[(size_t)t * d + i] = (float)x[i];
            for (int i = 0; i < d; i++) {     /* y = W x */
                double acc = 0.0;
                for (int j = 0; j < d; j++) acc += w[i * d + j] * x[j];
                y[i] = acc;
            }
            for (int i = 0; i < d; i++) x[i] = y[i];
        }
    }
    free(w);
    free(x);
}
