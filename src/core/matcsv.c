#include "matcsv.h"

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
