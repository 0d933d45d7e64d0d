#include "atomic.h"
#include "err.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Outputs being written, so that die() can remove them. */
static AtomicFile *pending;

static void unlink_pending(AtomicFile *f) {
    for (AtomicFile **p = &pending; *p; p = &(*p)->next)
        if (*p == f) { *p = f->next; return; }
}

static void free_file(AtomicFile *f) {
    free(f->path);
    free(f->final_path);
    free(f->tmp_path);
    free(f);
}

void make_dirs(const char *path) {
    char *buf = xstrdup(path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            die("cannot create folder '%s': %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        die("cannot create folder '%s': %s", buf, strerror(errno));
    free(buf);
}

void make_parent_dirs(const char *path) {
    char *buf = xstrdup(path);
    char *slash = strrchr(buf, '/');
    if (slash && slash != buf) { *slash = '\0'; make_dirs(buf); }
    free(buf);
}

/* Where a symlink chain starting at PATH ends, followed even when its last link points
 * at a file that does not exist yet (realpath() refuses that case). malloc'd. */
static char *link_target(const char *path) {
    char *p = xstrdup(path);
    for (int hops = 0;; hops++) {
        struct stat sb;
        if (lstat(p, &sb) != 0 || !S_ISLNK(sb.st_mode)) return p;
        if (hops == 40) die("cannot write '%s': too many levels of symbolic links", path);
        char *link = xmalloc(sb.st_size + 1);
        ssize_t n = readlink(p, link, sb.st_size + 1);
        if (n < 0 || n > sb.st_size) die("cannot read the symbolic link '%s'", p);
        link[n] = '\0';
        const char *slash = strrchr(p, '/');
        if (link[0] == '/' || !slash) { free(p); p = link; continue; }
        size_t dlen = slash - p + 1, len = dlen + n + 1;   /* relative: beside the link */
        char *next = xmalloc(len);
        snprintf(next, len, "%.*s%s", (int)dlen, p, link);
        free(link);
        free(p);
        p = next;
    }
}

AtomicFile *atomic_open(const char *path) {
    AtomicFile *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* Never replaced: a FIFO or a device (/dev/stdout, /dev/null) is written directly,
         * anything else (a folder, a socket) is refused. */
        if (!S_ISFIFO(sb.st_mode) && !S_ISCHR(sb.st_mode) && !S_ISBLK(sb.st_mode)) {
            free_file(f);
            die("cannot write '%s': it is %s, not a file", path,
                S_ISDIR(sb.st_mode) ? "a folder" : "neither a file, a FIFO nor a device");
        }
        f->fp = fopen(path, "w");
    } else {
        /* A regular file or a new one: written beside the file a symlink points to, so
         * that the rename replaces that file and the link stays. */
        char *target = link_target(path);
        size_t n = strlen(target) + 32;
        f->tmp_path = xmalloc(n);
        snprintf(f->tmp_path, n, "%s.tmp.%ld", target, (long)getpid());
        f->final_path = target;
        make_parent_dirs(target);
        f->fp = fopen(f->tmp_path, "w");
    }
    if (!f->fp) {
        int e = errno;
        free_file(f);
        die("cannot write '%s': %s", path, strerror(e));
    }
    f->owner = getpid();
    f->next = pending;
    pending = f;
    return f;
}

void atomic_commit(AtomicFile *f) {
    int bad = ferror(f->fp);
    if (fflush(f->fp) != 0) bad = 1;
    if (fsync(fileno(f->fp)) != 0 && errno != EINVAL) bad = 1;
    int e = errno;
    if (fclose(f->fp) != 0) { bad = 1; e = errno; }
    f->fp = NULL;
    if (bad) {
        if (f->tmp_path) remove(f->tmp_path);
        unlink_pending(f);
        char *path = xstrdup(f->path);
        free_file(f);
        die("writing '%s' failed: %s (is the disk full?); nothing was written", path,
            strerror(e));
    }
    if (f->tmp_path && rename(f->tmp_path, f->final_path) != 0) {
        e = errno;
        remove(f->tmp_path);
        unlink_pending(f);
        char *path = xstrdup(f->path);
        free_file(f);
        die("cannot rename into '%s': %s", path, strerror(e));
    }
    unlink_pending(f);
    free_file(f);
}

void atomic_abort(AtomicFile *f) {
    if (f->fp) fclose(f->fp);
    if (f->tmp_path) remove(f->tmp_path);
    unlink_pending(f);
    free_file(f);
}

/* Only this process's temp files: a forked child that dies leaves its parent's alone. */
void atomic_abort_all(void) {
    AtomicFile *f = pending, *next;
    for (; f; f = next) {
        next = f->next;
        if (f->owner == getpid()) atomic_abort(f);
    }
}
