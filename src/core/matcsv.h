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
/* Dies naming the file unless every row of the matcsv_write file T has an index inside
 * rows x cols and a number (a caller checks before it allocates). */
void matcsv_check(const CsvTable *t, int rows, int cols);
/* The entries T lists, into M (row-major, stride), after matcsv_check; entries it does
 * not list are left as they are. */
void matcsv_fill(const CsvTable *t, double *M, int rows, int cols, int stride);
#endif
