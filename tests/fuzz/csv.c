/* Fuzz the CSV table reader (src/core/csvio.h, libcsv underneath): read the input as a
 * table, look up every header name, cell and setting, and check its rows against a
 * stated count ("# windows=N"). */
#include "harness.h"
#include "csvio.h"
#include <string.h>

static void read_table(void *arg) {
    CsvTable *t = table_read(arg);
    FUZZ_CHECK(t->ncols >= 1 && t->nrows >= 0 && t->nsettings >= 0);
    for (int c = 0; c < t->ncols; c++) FUZZ_CHECK(table_col(t, t->header[c]) <= c);
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++) FUZZ_CHECK(table_cell(t, r, c) != NULL);
    for (int k = 0; k < t->nsettings; k++) FUZZ_CHECK(table_setting(t, t->setting_keys[k]) != NULL);
    table_check_rows(t, "windows");   /* dies unless the rows agree with a stated count */
    table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_run(read_table, (void *)fuzz_file("table.csv", data, size));
    return 0;
}
