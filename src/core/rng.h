/* rng.h — the only source of randomness: xoshiro256** seeded through splitmix64.
 * Every random choice of a tool flows from its --seed: rng_init(seed, stream) gives
 * independent streams for independent purposes (train data, test data, init, ...),
 * so adding a draw in one place never shifts the numbers of another. */
#ifndef ICAR_RNG_H
#define ICAR_RNG_H
#include <stdint.h>
#include <stddef.h>

typedef struct { uint64_t s[4]; } Rng;

/* Stream ids used across the project (any other constant works too). */
enum { RNG_TRAIN = 1, RNG_TEST = 2, RNG_INIT = 3, RNG_SHUFFLE = 4, RNG_MC = 5, RNG_VECTORS = 6 };

void rng_init(Rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_u64(Rng *r);
double rng_uniform(Rng *r);               /* [0, 1), 53 bits */
uint64_t rng_below(Rng *r, uint64_t n);   /* uniform on {0..n-1}, unbiased */
double rng_normal(Rng *r);                /* N(0,1), Box-Muller */
void rng_normals(Rng *r, double *x, size_t n);
void rng_normals_f(Rng *r, float *x, size_t n, float scale);   /* scale * N(0,1) */
void rng_permutation(Rng *r, size_t *perm, size_t n);          /* Fisher-Yates */
/* Haar-distributed (uniform) matrix on O(d): QR of a Gaussian matrix through LAPACKE,
 * with the signs of R's diagonal folded into Q. q: [d*d] row-major. */
void rng_haar_orthogonal(Rng *r, double *q, int d);
#endif
