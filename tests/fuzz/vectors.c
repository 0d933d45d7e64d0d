/* Fuzz the token-vector reader (safetensors and .npy, src/text/vectors.h): open the
 * input as a table, read every row and build the unit-norm table of a few ids.
 * Property: an accepted table lies inside the file. (AddressSanitizer does not watch
 * mapped files: a read past the end of the file but inside its last page goes unseen,
 * hence the explicit check.) */
#include "harness.h"
#include "err.h"
#include "vectors.h"
#include <stdlib.h>
#include <string.h>

static void read_table(void *arg) {
    Vectors *v = vectors_open(arg, 0, 1);
    static const size_t itemsize[] = {[VDT_F32] = 4, [VDT_F16] = 2, [VDT_BF16] = 2, [VDT_F64] = 8};
    const unsigned char *map = v->map;
    FUZZ_CHECK(v->rows >= 1 && v->dim >= 1 && v->data >= map);
    FUZZ_CHECK((size_t)(v->data - map) + v->rows * v->dim * itemsize[v->dtype] <= v->map_len);
    double *row = xmalloc(v->dim * sizeof *row);
    for (long id = 0; id < v->rows; id++) vectors_row(v, id, row);
    free(row);
    int ids[3] = {0, (int)(v->rows - 1), 0}, idx[3];
    long ntab;
    float *table = vectors_unit_table(v, ids, 3, idx, &ntab);
    FUZZ_CHECK(ntab == (v->rows > 1 ? 2 : 1) && idx[0] == 0 && idx[2] == 0);
    free(table);
    vectors_close(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* The name follows the content, so the input reaches the reader it was made for. */
    int npy = size >= 6 && memcmp(data, "\x93NUMPY", 6) == 0;
    const char *path = fuzz_file(npy ? "table.npy" : "table.safetensors", data, size);
    fuzz_run(read_table, (void *)path);
    return 0;
}
