/* checkpoint.h — resumable training runs.
 *
 * A checkpoint holds the epoch reached, a float state packed by the caller (parameters,
 * Adam m and v, anything else that the rest of the run depends on) and the rng, so
 * that a resumed run continues bit-for-bit like an uninterrupted one. The file is
 * written atomically (atomic.h) and starts with a magic word and a fingerprint of
 * the run's settings: a checkpoint made with other settings is refused with a clear
 * error instead of silently changing the result.
 *
 * File layout (little-endian, native): "ICARCKP1", u64 fingerprint, i64 epoch,
 * u64 n, Rng (4 x u64), n floats, u64 FNV-1a checksum of the preceding bytes. */
#ifndef ICAR_CHECKPOINT_H
#define ICAR_CHECKPOINT_H
#include "rng.h"
#include <stddef.h>
#include <stdint.h>

/* Save epoch, the float state (params, Adam m and v, ... packed by the caller) and the rng. */
void checkpoint_save(const char *path, uint64_t fingerprint, long epoch, const float *state, size_t n, const Rng *rng);
/* Returns 1 and fills epoch/state/rng if PATH exists and matches (fingerprint, n); 0 if absent.
 * Dies with a message naming PATH if it exists but is damaged or was made by other settings. */
int checkpoint_load(const char *path, uint64_t fingerprint, long *epoch, float *state, size_t n, Rng *rng);
/* The same without dying: 1 loaded, 0 absent, -1 refused (the reason in why[whylen]). */
int checkpoint_try_load(const char *path, uint64_t fingerprint, long *epoch, float *state, size_t n, Rng *rng, char *why, size_t whylen);
uint64_t fingerprint_str(const char *settings);   /* FNV-1a of a settings string */
#endif
