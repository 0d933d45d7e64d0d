/* csvio.h — CSV out and in, through libcsv.
 *
 * Out: fields are quoted by libcsv's csv_fwrite where needed; numbers are written
 * with %.17g so that the same run gives bit-identical files. A file may start with
 * "# key=value" comment lines that record the settings it was made with (gnuplot
 * skips them; table_read keeps them as settings). Files are written atomically.
 *
 * In: table_read parses a whole file with csv_parse into a table of strings
 * (table_read_tsv: tab-separated). The text rules of read_file hold (readfile.h: a
 * regular file, no NUL byte, CR LF read as LF), and the file must end with a newline: a
 * last row without one may have lost its tail, which a number would not show. */
#ifndef ICAR_CSVIO_H
#define ICAR_CSVIO_H
#include "atomic.h"
#include <stddef.h>

typedef struct {
    AtomicFile *file;
    int ncols;       /* columns in the header, checked on every row */
    int col;         /* fields written so far in the current row */
} CsvOut;

CsvOut *csv_create(const char *path);
/* "# key=value" line; only before the header. */
void csv_setting(CsvOut *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Header from a comma-separated list of names, e.g. "step,loss". */
void csv_header(CsvOut *c, const char *names);
void csv_str(CsvOut *c, const char *s);
void csv_num(CsvOut *c, double x);
void csv_int(CsvOut *c, long x);
void csv_endrow(CsvOut *c);
void csv_close(CsvOut *c);   /* atomic commit; frees c */
/* The same, leaving a file that already holds exactly this CSV untouched
 * (atomic_commit_if_changed). */
void csv_close_if_changed(CsvOut *c);

typedef struct {
    char *path;
    int nrows, ncols;        /* rows exclude the header */
    char **header;           /* [ncols] */
    char **cells;            /* [nrows * ncols], row-major */
    int nsettings;
    char **setting_keys, **setting_values;
} CsvTable;

/* Read PATH; dies with the file name on a missing file, a parse error or a row
 * whose width differs from the header's. */
CsvTable *table_read(const char *path);
/* The same for tab-separated values (quoting as in CSV). */
CsvTable *table_read_tsv(const char *path);
void table_free(CsvTable *t);
/* Column index of NAME; dies if absent. */
int table_col(const CsvTable *t, const char *name);
const char *table_cell(const CsvTable *t, int row, int col);
double table_num(const CsvTable *t, int row, int col);
/* Value of a "# key=value" setting, or NULL. */
const char *table_setting(const CsvTable *t, const char *key);
/* For a file whose setting KEY states its number of data rows (icar-arfit's
 * "# windows=N", icar-hist's "# bins=N"): dies naming the file if the rows disagree.
 * A file without the setting passes. */
void table_check_rows(const CsvTable *t, const char *key);
#endif
