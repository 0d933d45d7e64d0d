/* Fuzz the BPE encoder and decoder (src/text/bpe.h) on the vocabulary of
 * tests/fuzz/data/bpe/ (GPT-2's 256 byte symbols and its first 300 merges, ids as in
 * GPT-2, cut from the encoder.json and vocab.bpe that tools/fetch-data fetches): every
 * valid UTF-8 input must encode to ids inside the vocabulary that decode to exactly the
 * input. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "harness.h"
#include "bpe.h"
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

static Bpe *bpe;
static pcre2_code *utf8;
static pcre2_match_data *md;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    bpe = bpe_load(FUZZ_DATA "/bpe/encoder.json", FUZZ_DATA "/bpe/vocab.bpe");
    int err;
    PCRE2_SIZE off;
    utf8 = pcre2_compile((PCRE2_SPTR) "", 0, PCRE2_UTF, &err, &off, NULL);
    md = pcre2_match_data_create_from_pattern(utf8, NULL);
    return 0;
}

typedef struct {
    const char *text;
    size_t len;
} Text;

static void round_trip(void *arg) {
    const Text *t = arg;
    Ids ids = {0};
    bpe_encode(bpe, t->text, t->len, &ids);
    for (size_t i = 0; i < ids.n; i++) FUZZ_CHECK(ids.id[i] >= 0 && ids.id[i] < bpe_vocab_size(bpe));
    size_t len, bad;
    char *back = bpe_decode(bpe, ids.id, ids.n, &len, &bad);
    FUZZ_CHECK(back && len == t->len && memcmp(back, t->text, len) == 0);
    free(back);
    ids_free(&ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* The encoder takes valid UTF-8 (the tools check it first with text_check). */
    if (pcre2_match(utf8, data, size, 0, 0, md, NULL) < PCRE2_ERROR_NOMATCH) return 0;
    Text t = {(const char *)data, size};
    fuzz_run(round_trip, &t);
    return 0;
}
