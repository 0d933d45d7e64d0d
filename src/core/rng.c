#include "rng.h"
#include "err.h"
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rng_init(Rng *r, uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (0x632be59bd9b4e019ULL * (stream + 1));
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_u64(Rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_uniform(Rng *r) { return (rng_u64(r) >> 11) * 0x1.0p-53; }

uint64_t rng_below(Rng *r, uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;   /* reject the biased tail */
    uint64_t x;
    do x = rng_u64(r); while (x >= limit);
    return x % n;
}

double rng_normal(Rng *r) {
    double u1 = 1.0 - rng_uniform(r);   /* (0, 1] so log is finite */
    double u2 = rng_uniform(r);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

void rng_normals(Rng *r, double *x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = rng_normal(r);
}

void rng_normals_f(Rng *r, float *x, size_t n, float scale) {
    for (size_t i = 0; i < n; i++) x[i] = scale * (float)rng_normal(r);
}

void rng_permutation(Rng *r, size_t *perm, size_t n) {
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(r, i);
        size_t tmp = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = tmp;
    }
}

void rng_haar_orthogonal(Rng *r, double *q, int d) {
    double *tau = xmalloc(d * sizeof *tau);
    double *rdiag_sign = xmalloc(d * sizeof *rdiag_sign);
    rng_normals(r, q, (size_t)d * d);
    if (LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, d, d, q, d, tau) != 0) die("LAPACKE_dgeqrf failed");
    for (int i = 0; i < d; i++) rdiag_sign[i] = q[i * d + i] < 0 ? -1.0 : 1.0;
    if (LAPACKE_dorgqr(LAPACK_ROW_MAJOR, d, d, d, q, d, tau) != 0) die("LAPACKE_dorgqr failed");
    for (int i = 0; i < d; i++)          /* Q <- Q diag(sign(R_ii)) */
        for (int j = 0; j < d; j++) q[i * d + j] *= rdiag_sign[j];
    free(tau);
    free(rdiag_sign);
}
