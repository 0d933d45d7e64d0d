/* Fuzz icar-report's reading of a claims fragment: the tool itself (src/tools/report.c,
 * its main renamed) merges the input, as a fragment, into a claims table of the
 * harness's temporary folder. Property: a fragment it accepts gives a claims table that
 * the CSV reader reads back. */
#include "harness.h"
#include "csvio.h"
#define main icar_report_main
#include "../../src/tools/report.c"
#undef main

static void merge(void *arg) {
    char *argv[] = {"icar-report", (char *)fuzz_path("claims.csv"), arg, NULL};
    icar_report_main(3, argv);
    table_free(table_read(argv[1]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_run(merge, (void *)fuzz_file("fragment.csv", data, size));
    return 0;
}
