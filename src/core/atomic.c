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

AtomicFile *atomic_open(const char *path) {
    AtomicFile *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    size_t n = strlen(path) + 32;
    f->tmp_path = xmalloc(n);
    snprintf(f->tmp_path, n, "%s.tmp.%ld", path, (long)getpid());
    make_parent_dirs(path);
    f->fp = fopen(f->tmp_path, "w");
    if (!f->fp) {
        int e = errno;
        free_file(f);
        die("cannot write '%s': %s", path, strerror(e));
    }
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
        remove(f->tmp_path);
        unlink_pending(f);
        char *path = xstrdup(f->path);
        free_file(f);
        die("writing '%s' failed: %s (is the disk full?); nothing was written", path,
            strerror(e));
    }
    if (rename(f->tmp_path, f->path) != 0) {
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
    remove(f->tmp_path);
    unlink_pending(f);
    free_file(f);
}

void atomic_abort_all(void) {
    while (pending) atomic_abort(pending);
}
