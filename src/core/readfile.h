/* readfile.h — a whole text file into memory, for the readers of CSV, JSON, text, ids,
 * merges and manuscripts. Binary inputs (vectors, checkpoints) have readers of their own.
 * One set of rules for every text input, each error naming the file:
 *   - it must be a regular file: a FIFO, a device (/dev/zero, /dev/urandom) or a socket
 *     is refused before it is opened (reading one could wait forever for a writer, or
 *     never end);
 *   - a NUL byte is refused with its offset: a C-string reader would take it for the
 *     end of the text and silently drop the rest;
 *   - a CR LF line end is read as LF (a file saved on Windows reads like its LF twin;
 *     a CR elsewhere is kept).
 * Readers of line records (CSV and TSV tables, token ids) also require the final newline
 * (require_final_newline). */
#ifndef ICAR_READFILE_H
#define ICAR_READFILE_H
#include <stddef.h>

/* Returns a NUL-terminated buffer of *len bytes (the NUL not counted, CR LF already
 * LF); free() it. Dies as above. */
char *read_file(const char *path, size_t *len);
/* Dies naming PATH unless TEXT[len] is empty or ends with '\n': a last line without
 * its newline may have lost its tail (a truncated or unfinished file). */
void require_final_newline(const char *path, const char *text, size_t len);
#endif
