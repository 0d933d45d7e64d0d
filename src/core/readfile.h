/* readfile.h — a whole text file into memory, for the readers of CSV, JSON, text, ids,
 * merges and manuscripts. Dies with the file name on any error, and on a NUL byte: a
 * C-string reader would take it for the end of the text and silently drop the rest.
 * Binary inputs (vectors, checkpoints) have readers of their own. */
#ifndef ICAR_READFILE_H
#define ICAR_READFILE_H
#include <stddef.h>

/* Returns a NUL-terminated buffer of *len bytes (the NUL not counted); free() it.
 * Works on pipes and special files too (reads until EOF). Dies naming the file and the
 * offset of a NUL byte inside the text. */
char *read_file(const char *path, size_t *len);
#endif
