/* Fuzz icar-report's reading of the claims registry and of fragments: the tool itself
 * (src/tools/report.c, its main renamed) judges the input, as a fragment, against
 * tests/fuzz/data/report/claims.tsv; an input with a NUL byte is a registry (before the
 * NUL) and a fragment (after it). The claims table goes to the harness's temporary folder.
 * Property: a run that does not stop with an error writes a claims table that the CSV
 * reader reads back. */
#include "harness.h"
#include "csvio.h"
#include <string.h>
#define main icar_report_main
#include "../../src/tools/report.c"
#undef main

typedef struct {
    const char *registry, *fragment;
} Files;

static void judge(void *arg) {
    const Files *f = arg;
    char *argv[] = {"icar-report", "--registry", (char *)f->registry,
                    (char *)fuzz_path("claims.csv"), (char *)f->fragment, NULL};
    icar_report_main(5, argv);
    table_free(table_read(argv[3]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const uint8_t *nul = memchr(data, 0, size);
    Files f = {FUZZ_DATA "/report/claims.tsv", NULL};
    if (nul) {
        f.registry = fuzz_file("registry.tsv", data, nul - data);
        f.fragment = fuzz_file("fragment.csv", nul + 1, size - (nul - data) - 1);
    } else {
        f.fragment = fuzz_file("fragment.csv", data, size);
    }
    unlink(fuzz_path("claims.csv"));
    fuzz_run(judge, &f);
    return 0;
}
