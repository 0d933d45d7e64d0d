/* tree.h — a folder tree for the archive's tools: the files under a folder, at any depth,
 * as `find DIR` names them (DIR/SUB/NAME: an archive's CSVs, its runs' sidecars, every
 * file and folder of it); a file copied whole; a tree removed. */
#ifndef ICAR_TREE_H
#define ICAR_TREE_H
#include "lines.h"

/* Adds to OUT each regular file under DIR whose name ends in SUFFIX (NULL: every one),
 * and with FOLDERS every folder too, DIR itself first; then sorts OUT bytewise. Dies
 * naming a folder it cannot read. A DIR that does not exist adds nothing. */
void walk_tree(const char *dir, const char *suffix, int folders, Lines *out);
/* Whether PATH is a regular file / a folder. */
/* DIR/NAME as a new string. */
char *path_in(const char *dir, const char *name);
int is_file(const char *path);
int is_folder(const char *path);
/* Copies the regular file FROM to TO atomically (atomic.h), making TO's folder. */
void copy_file(const char *from, const char *to);
/* Whether the files A and B hold the same bytes (a missing file: 0). */
int same_bytes(const char *a, const char *b);
/* Removes PATH and everything under it, if it is there (rm -rf); dies on failure. */
void remove_tree(const char *path);
/* Moves FROM to TO (rename); dies on failure. */
void move_path(const char *from, const char *to);
/* The modification time of PATH, seconds since the epoch; dies if it is not there. */
long mtime_of(const char *path);
#endif
