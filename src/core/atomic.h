/* atomic.h — outputs that appear whole or not at all.
 * atomic_open() writes to "PATH.tmp.PID" in the same folder; atomic_commit()
 * flushes, fsyncs, checks for write errors (a full disk; the first error met is the one
 * reported) and renames it to PATH. die() calls atomic_abort_all(), which deletes every
 * temp file still open. Only SIGKILL can leave a temp file behind: the next atomic_open()
 * of the same PATH removes every "PATH.tmp.PID" whose process no longer exists.
 * Only a regular file is ever replaced: if PATH is a symlink, the file it points to is
 * (the temp file and the rename are beside it, the link stays); a FIFO or a device
 * (--out /dev/stdout, /dev/null) is written directly, with no temp file and no rename
 * (a FIFO that no process reads yet is refused at once, not waited on); a folder or
 * anything else is refused.
 * Two outputs of one run never share a file: the option layer (opts.h) refuses two
 * output flags naming the same path, and registers each (atomic_once), so that the file
 * of an output folder that another flag also names is refused when it is opened. */
#ifndef ICAR_ATOMIC_H
#define ICAR_ATOMIC_H
#include <stdio.h>
#include <sys/types.h>

typedef struct AtomicFile {
    FILE *fp;        /* write here */
    char *path;        /* the name asked for */
    char *final_path;  /* where the rename goes (a symlink's target); NULL if written directly */
    char *tmp_path;    /* name while writing; NULL if written directly */
    pid_t owner;       /* the process that opened it */
    struct AtomicFile *next;
} AtomicFile;

AtomicFile *atomic_open(const char *path);      /* dies if the folder is not writable */
void atomic_commit(AtomicFile *f);              /* dies on any write error; frees f */
/* The same, except that a file already holding exactly these bytes is left as it is
 * (its time too, so that what make built from it stays up to date); frees f. */
void atomic_commit_if_changed(AtomicFile *f);
void atomic_abort(AtomicFile *f);               /* removes the temp file; frees f */
void atomic_abort_all(void);
/* PATH (an output flag's value; FLAG, e.g. "--claims", for messages) may be opened once
 * in this run: a second atomic_open() of the same file dies naming both. */
void atomic_once(const char *path, const char *flag);
/* The file an output path names, as one string: the absolute path of the file at the
 * end of its symlinks, its folder resolved (the path as written while the folder does
 * not exist). NULL for a FIFO or a device, which are written directly and may be shared
 * by several outputs. malloc'd. */
char *atomic_identity(const char *path);
/* Create a folder and its parents (like mkdir -p); dies on failure. */
void make_dirs(const char *path);
/* Create the folder that will hold PATH. */
void make_parent_dirs(const char *path);
#endif
