/* Fuzz icar-weave's template reading: the tool itself (src/tools/weave.c, its main
 * renamed) fills the input, as a manuscript, from the claims table and the registry of
 * tests/fuzz/data/weave. Template fields that name a file are read from the folder the
 * fuzzer runs in: the seeds (tests/fuzz/corpus/weave) name tests/fuzz/data/weave/table.csv,
 * found when run from the repository root as make does. */
#include "harness.h"
#include <string.h>
#define main icar_weave_main
#include "../../src/tools/weave.c"
#undef main

static void fill(void *arg) {
    char *argv[] = {"icar-weave", "--registry", FUZZ_DATA "/weave/registry.tsv", FUZZ_DATA "/weave/claims.csv",
                    arg, (char *)fuzz_path("out.md"), NULL};
    icar_weave_main(6, argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Files that never end or block (/dev/zero, /proc/kmsg) are out of scope. */
    const char *special[] = {"dev/", "proc/", "sys/"};
    for (int k = 0; k < 3; k++)
        if (memmem(data, size, special[k], strlen(special[k]))) return 0;
    fuzz_run(fill, (void *)fuzz_file("in.md", data, size));
    return 0;
}
