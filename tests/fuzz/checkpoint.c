/* Fuzz the checkpoint reader (src/core/checkpoint.h). The run's fingerprint, epochs and
 * state size are taken from the input's own fields (when present and small), so that
 * inputs get past those checks (the harness's code id is "fuzz"); each input is loaded twice, as it is and with its trailing
 * checksum made valid, so that the fields behind the checksum are reached too.
 * Property: a checkpoint that loads (with its carried text) is saved back byte for byte. */
#include "harness.h"
#include "checkpoint.h"
#include "err.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* magic, code id, fingerprint, epoch, n, rng */
enum { HEAD = 8 + CKPT_CODE_LEN + 8 + 8 + 8 + 32, MAX_STATE = 1 << 16, MAX_EPOCHS = 1 << 20 };
enum { FINGERPRINT_AT = CKPT_CODE_AT + CKPT_CODE_LEN, N_AT = CKPT_EPOCH_AT + 8 };

const char icar_code_id[] = "fuzz";

typedef struct {
    const char *path;
    const uint8_t *bytes;
    size_t size;
} Input;

static uint64_t field(const Input *in, size_t off, uint64_t absent) {
    uint64_t x = absent;
    if (in->size >= off + 8) memcpy(&x, in->bytes + off, 8);
    return x;
}

static void load(void *arg) {
    const Input *in = arg;
    uint64_t fingerprint = field(in, FINGERPRINT_AT, 0), n = field(in, N_AT, 4);
    uint64_t epochs = field(in, CKPT_EPOCH_AT, 1);
    if (n > MAX_STATE) n = 4;
    if (epochs > MAX_EPOCHS) epochs = MAX_EPOCHS;
    float *state = xmalloc(n * sizeof *state);
    long epoch;
    Rng rng;
    char why[512];
    char *carried = NULL;
    int k = checkpoint_try_load(in->path, fingerprint, (long)epochs, &epoch, state, n, &rng, &carried, why, sizeof why);
    FUZZ_CHECK(k == CKPT_LOADED || k == CKPT_REFUSED || k == CKPT_STALE);
    if (k == CKPT_LOADED) {
        FUZZ_CHECK(carried && in->size == HEAD + n * sizeof(float) + 8 + strlen(carried) + 8);
        const char *copy = fuzz_path("copy.ckpt");
        checkpoint_save(copy, fingerprint, epoch, state, n, &rng, carried);
        size_t len;
        FILE *fp = fopen(copy, "rb");
        char *saved = xmalloc(in->size + 1);
        len = fread(saved, 1, in->size + 1, fp);
        fclose(fp);
        FUZZ_CHECK(len == in->size && memcmp(saved, in->bytes, len) == 0);
        free(saved);
        free(carried);
    } else {
        FUZZ_CHECK(why[0] != '\0');
    }
    free(state);
}

static uint64_t fnv1a(const uint8_t *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Input in = {fuzz_file("run.ckpt", data, size), data, size};
    fuzz_run(load, &in);
    if (size < 16) return 0;
    uint8_t *fixed = malloc(size);
    memcpy(fixed, data, size);
    uint64_t h = fnv1a(fixed, size - 8);
    memcpy(fixed + size - 8, &h, 8);
    in = (Input){fuzz_file("run.ckpt", fixed, size), fixed, size};
    fuzz_run(load, &in);
    free(fixed);
    return 0;
}
