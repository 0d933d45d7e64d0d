/* ardata.h — in-context autoregressive data: sequences s_{t+1} = W s_t. */
#ifndef ICAR_ARDATA_H
#define ICAR_ARDATA_H
#include "rng.h"

/* n sequences of the AR process s_{t+1} = W s_t, W Haar on O(d) (one per sequence),
 * s_1 = 1_d / sqrt(d). s: [n, len, d] (len tokens per sequence). The recurrence runs
 * in double; the tokens are stored as float. */
void ar_sequences(float *s, int n, int len, int d, Rng *rng);
#endif
