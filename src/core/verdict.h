/* verdict.h — a claim judged over seeds.
 *
 * A claim about a trained model is measured once per seed; one seed's value is an
 * anecdote. The rule, the same for every claim and profile: with n seeds measured, of
 * which k meet the claim's check (claims.h; a NaN or infinite value never does),
 *   reproduces     k = n and n >= the claim's minimum number of seeds
 *   deviates       k = 0 and n >= that minimum
 *   inconclusive   otherwise: the seeds disagree (0 < k < n), or fewer seeds were
 *                  measured than the claim needs to be settled
 *   unmeasured     n = 0: the claim could not be evaluated
 * The minimum is the registry's `seeds` column: 3 for a claim about a trained model,
 * 1 for a computation whose result the seed does not decide (a closed form, a tokenizer).
 *
 *   double v[] = {0.974, 1.098, 1.140};
 *   SeedSummary s = verdict_over_seeds(&check, v, 3, 3);   // s.held = 1: inconclusive
 */
#ifndef ICAR_VERDICT_H
#define ICAR_VERDICT_H
#include "claims.h"

typedef enum { VERDICT_REPRODUCES, VERDICT_DEVIATES, VERDICT_INCONCLUSIVE, VERDICT_UNMEASURED } Verdict;

typedef struct {
    int n;                   /* seeds measured */
    int held;                /* of which meet the check */
    double median, min, max; /* over the finite values (spread.h); NaN if there are none */
    Verdict verdict;
} SeedSummary;

/* The summary of values v[n] (one per seed) of a claim with check k and minimum seeds. */
SeedSummary verdict_over_seeds(const Check *k, const double *v, int n, int min_seeds);
/* "reproduces", "deviates", "inconclusive", "unmeasured". */
const char *verdict_name(Verdict v);
/* The verdict named s (one of the names above); 0 if s names none. */
int verdict_parse(const char *s, Verdict *v);
#endif
