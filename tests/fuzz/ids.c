/* Fuzz the token-ids reader (ids_read, src/text/bpe.h): every accepted file gives
 * non-negative ids and line ends that never decrease and end at the number of ids. */
#include "harness.h"
#include "bpe.h"
#include <stdlib.h>

static void read_ids(void *arg) {
    Ids ids = {0};
    size_t *ends, nlines;
    ids_read(arg, &ids, &ends, &nlines);
    for (size_t i = 0; i < ids.n; i++) FUZZ_CHECK(ids.id[i] >= 0);
    for (size_t k = 0; k < nlines; k++) FUZZ_CHECK(ends[k] <= ids.n && (k == 0 || ends[k] >= ends[k - 1]));
    FUZZ_CHECK(nlines == 0 ? ids.n == 0 : ends[nlines - 1] == ids.n);
    free(ends);
    ids_free(&ids);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_run(read_ids, (void *)fuzz_file("ids.txt", data, size));
    return 0;
}
