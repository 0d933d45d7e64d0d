/* readfile.h — a whole file into memory (text or binary), for the readers of CSV,
 * JSON, text and manuscripts. Dies with the file name on any error. */
#ifndef ICAR_READFILE_H
#define ICAR_READFILE_H
#include <stddef.h>

/* Returns a NUL-terminated buffer of *len bytes (the NUL not counted); free() it.
 * Works on pipes and special files too (reads until EOF). */
char *read_file(const char *path, size_t *len);
#endif
