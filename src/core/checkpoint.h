/* checkpoint.h — resumable training runs.
 *
 * A checkpoint holds the epoch reached, a float state packed by the caller (parameters,
 * Adam m and v, anything else that the rest of the run depends on) and the rng, so
 * that a resumed run continues bit-for-bit like an uninterrupted one. The file is
 * written atomically (atomic.h) and carries what it may only be resumed by:
 *   - the code: icar_code_id, a hash of the sources the program was built from (the
 *     library's and its own, and the compiler flags), fixed by the Makefile at build
 *     time. A checkpoint of other code is stale: it is not resumed, the run says why and
 *     starts afresh (no command of this build could resume it);
 *   - the settings: a fingerprint of the caller's settings string. A checkpoint of other
 *     settings is refused with an error (a rerun with its settings can still resume it);
 *   - every field is checked before use: the state's size, the epoch (0 .. the run's
 *     epochs), the rng, the carried text, and a checksum over the whole file; a damaged
 *     or forged one is refused with an error naming it.
 * It also carries a text forward to the process that resumes it: the where records of the
 * epochs it holds (runwhere.h's segment lines), at most CKPT_CARRIED_MAX bytes, no NUL.
 * A tool deletes its checkpoints (checkpoint_remove_all) once its outputs are written.
 *
 * File layout (little-endian, native): "ICARCKP3", the code id (64 bytes, NUL-padded),
 * u64 fingerprint, i64 epoch, u64 n, Rng (4 x u64), n floats, u64 m, m bytes of the
 * carried text, u64 FNV-1a checksum of all the preceding bytes. ("ICARCKP2" and
 * "ICARCKP1", without the text, are older formats: stale.) */
#ifndef ICAR_CHECKPOINT_H
#define ICAR_CHECKPOINT_H
#include "rng.h"
#include <stddef.h>
#include <stdint.h>

/* The identity of the code of this program (64 hex digits); the build generates it. */
extern const char icar_code_id[];

/* Offsets of two fields in the file (the tests forge them); the longest carried text. */
enum { CKPT_CODE_AT = 8, CKPT_CODE_LEN = 64, CKPT_EPOCH_AT = 80, CKPT_CARRIED_MAX = 1 << 20 };

/* Exit status of a training tool stopped on purpose by --stop-after: checkpoints saved,
 * outputs not written (so that make never takes the stopped run for a finished one).
 * EXIT_STOPPED_TEXT is the same number for --help texts. */
#define EXIT_STOPPED 3
#define CKPT_STR_(x) #x
#define CKPT_STR(x) CKPT_STR_(x)
#define EXIT_STOPPED_TEXT "exit status " CKPT_STR(EXIT_STOPPED)

/* Save epoch, the float state (params, Adam m and v, ... packed by the caller), the rng
 * and the text CARRIED (NULL: none). */
void checkpoint_save(const char *path, uint64_t fingerprint, long epoch, const float *state, size_t n, const Rng *rng,
                     const char *carried);

enum { CKPT_LOADED = 1, CKPT_ABSENT = 0, CKPT_REFUSED = -1, CKPT_STALE = -2 };
/* Fills epoch/state/rng and *carried (malloc'd, "" for none; CARRIED may be NULL) from
 * PATH for a run of EPOCHS epochs with this fingerprint and n floats of state. Returns CKPT_LOADED; CKPT_ABSENT if there is no file; CKPT_STALE if it
 * was made by other code (or an older format); CKPT_REFUSED if it is damaged, forged or
 * of other settings. For the last two the reason is in why[whylen]. */
int checkpoint_try_load(const char *path, uint64_t fingerprint, long epochs, long *epoch, float *state,
                        size_t n, Rng *rng, char **carried, char *why, size_t whylen);
/* The same for a run: 1 loaded; 0 absent or stale (a stale one is reported on stderr and
 * the run starts afresh); dies with the reason if it is refused. */
int checkpoint_load(const char *path, uint64_t fingerprint, long epochs, long *epoch, float *state,
                    size_t n, Rng *rng, char **carried);
/* A training tool stopped by --stop-after after EPOCH epochs: says so on stderr and exits
 * with EXIT_STOPPED (from inside main, so the run's buffers are not reported as leaks). */
_Noreturn void checkpoint_stopped(int epoch);
/* Delete every checkpoint this process has saved or loaded: call it once the outputs
 * that they lead to are written. */
void checkpoint_remove_all(void);
uint64_t fingerprint_str(const char *settings);   /* FNV-1a of a settings string */
#endif
