#include "matcsv.h"
#include "err.h"

void matcsv_write(const char *path, const double *M, int rows, int cols, int stride,
                  MatSettingsFn settings, const void *ctx) {
    CsvOut *c = csv_create(path);
    if (settings) settings(c, ctx);
    csv_header(c, "row,col,value");
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            csv_int(c, i + 1);
            csv_int(c, j + 1);
            csv_num(c, M[(size_t)i * stride + j]);
            csv_endrow(c);
        }
    csv_close(c);
}

void matcsv_check(const CsvTable *t, int rows, int cols) {
    int cr = table_col(t, "row"), cc = table_col(t, "col"), cv = table_col(t, "value");
    for (int r = 0; r < t->nrows; r++) {
        double i = table_num(t, r, cr), j = table_num(t, r, cc);
        if (i != (int)i || j != (int)j || i < 1 || i > rows || j < 1 || j > cols)
            die("'%s' row %d: entry (%s, %s) outside a %d x %d matrix", t->path, r + 1, table_cell(t, r, cr),
                table_cell(t, r, cc), rows, cols);
        table_num(t, r, cv);
    }
}

void matcsv_fill(const CsvTable *t, double *M, int rows, int cols, int stride) {
    matcsv_check(t, rows, cols);
    int cr = table_col(t, "row"), cc = table_col(t, "col"), cv = table_col(t, "value");
    for (int r = 0; r < t->nrows; r++)
        M[(size_t)((int)table_num(t, r, cr) - 1) * stride + (int)table_num(t, r, cc) - 1] = table_num(t, r, cv);
}
