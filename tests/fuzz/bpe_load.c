/* Fuzz the BPE vocabulary loader (src/text/bpe.h): the input is encoder.json, a NUL byte,
 * then vocab.bpe (without a NUL the whole input is encoder.json and vocab.bpe is empty).
 * An accepted vocabulary is then used: every id decoded, a short text encoded. */
#include "harness.h"
#include "bpe.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *encoder, *merges;
} Files;

static void load_and_use(void *arg) {
    const Files *f = arg;
    Bpe *b = bpe_load(f->encoder, f->merges);
    int n = bpe_vocab_size(b);
    FUZZ_CHECK(n >= 0);
    for (int id = 0; id < n; id++) {
        size_t len, bad;
        char *s = bpe_decode(b, &id, 1, &len, &bad);
        FUZZ_CHECK(s && strlen(s) <= len);
        free(s);
    }
    Ids ids = {0};
    const char *text = "Call me Ishmael. Some years ago";
    bpe_encode(b, text, strlen(text), &ids);
    for (size_t i = 0; i < ids.n; i++) FUZZ_CHECK(ids.id[i] >= 0 && ids.id[i] < n);
    ids_free(&ids);
    bpe_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const uint8_t *nul = memchr(data, 0, size);
    size_t njson = nul ? (size_t)(nul - data) : size;
    Files f;
    f.encoder = fuzz_file("encoder.json", data, njson);
    f.merges = nul ? fuzz_file("vocab.bpe", nul + 1, size - njson - 1) : fuzz_file("vocab.bpe", "", 0);
    fuzz_run(load_and_use, &f);
    return 0;
}
