/* matcsv.h — a matrix as CSV in long format (row,col,value), for gnuplot heat maps
 * (`plot FILE using 2:1:3 with image`). NaN entries are written as "nan" (masked). */
#ifndef ICAR_MATCSV_H
#define ICAR_MATCSV_H
#include "csvio.h"

/* Called before the header to write the "# key=value" settings lines. */
typedef void (*MatSettingsFn)(CsvOut *c, const void *ctx);
/* M [rows * cols] row-major; rows and cols are written 1-based, as in the paper. */
void matcsv_write(const char *path, const double *M, int rows, int cols, int stride,
                  MatSettingsFn settings, const void *ctx);
/* The entries a matcsv_write file T lists, into M (row-major, stride); entries it does
 * not list are left as they are. Dies naming the file on an index outside rows x cols. */
void matcsv_fill(const CsvTable *t, double *M, int rows, int cols, int stride);
#endif
