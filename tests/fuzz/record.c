/* Fuzz the reader of the archive's records (src/core/record.h): the input is read as a
 * sittings.txt (one record per "[sitting]") and as a provenance.txt (one record). Every
 * record the reader returns holds only KEY=VALUE lines with a non-empty key. (The
 * sidecars' reader, sidecars.h, is not built here: it asks OpenMP for the thread count,
 * and the fuzz build has none; test_archivecheck feeds it made-up sidecars.) */
#include "harness.h"
#include "record.h"
#include <string.h>

/* Every line of every record of R is KEY=VALUE with a non-empty key. */
static void check_records(const Records *r) {
    for (int i = 0; i < r->n; i++)
        for (int j = 0; j < r->r[i].kv.n; j++) {
            const char *eq = strchr(r->r[i].kv.s[j], '=');
            FUZZ_CHECK(eq && eq > r->r[i].kv.s[j]);
        }
}

static void read_sittings(void *path) {
    Records *r = records_read(path, 1);
    check_records(r);
    records_free(r);
}

static void read_provenance(void *path) {
    Records *r = records_read(path, 0);
    FUZZ_CHECK(r->n == 1);
    check_records(r);
    records_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *path = (char *)fuzz_file("record.txt", data, size);
    fuzz_run(read_sittings, path);
    fuzz_run(read_provenance, path);
    return 0;
}
