#include "atomic.h"
#include "err.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
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

/* ---------- outputs named on the command line ---------- */

/* Each may be opened once per run (atomic_once). */
typedef struct {
    char *path, *flag;
    int opened;
} Once;
static Once *once;
static size_t nonce;

void atomic_once(const char *path, const char *flag) {
    once = xrealloc(once, (nonce + 1) * sizeof *once);
    once[nonce++] = (Once){xstrdup(path), xstrdup(flag), 0};
}

/* The folder of PATH ("." where it names none, "/" for a file at the root); malloc'd. */
static char *folder_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    char *folder = xstrdup(path);
    folder[slash == path ? 1 : slash - path] = '\0';
    return folder;
}

static const char *name_of(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *atomic_identity(const char *path) {
    char *target = link_target(path);
    struct stat sb;
    if (stat(target, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        free(target);
        return NULL;
    }
    char *folder = folder_of(target), *real = realpath(folder, NULL), *id;
    if (real) {
        size_t n = strlen(real) + strlen(name_of(target)) + 2;
        id = xmalloc(n);
        snprintf(id, n, "%s/%s", real, name_of(target));
    } else {
        id = xstrdup(target);   /* a folder not made yet: the path as written */
    }
    free(real);
    free(folder);
    free(target);
    return id;
}

/* Counts an opening of the file TARGET against the outputs named on the command line;
 * returns the flag of one that this run has opened before, else NULL. */
static const char *opened_before(const char *target) {
    char *id = atomic_identity(target);
    const char *flag = NULL;
    for (size_t i = 0; id && i < nonce && !flag; i++) {
        char *other = atomic_identity(once[i].path);
        if (other && strcmp(other, id) == 0 && once[i].opened++) flag = once[i].flag;
        free(other);
    }
    free(id);
    return flag;
}

/* ---------- temp files of processes that died ---------- */

/* Removes "TARGET.tmp.PID" files beside TARGET whose process no longer exists: what a
 * SIGKILL, which no handler sees, left behind. A live process's temp file is left alone. */
static void remove_stale_temps(const char *target) {
    char *folder = folder_of(target);
    const char *base = name_of(target);
    size_t blen = strlen(base);
    DIR *d = opendir(folder);
    for (struct dirent *e; d && (e = readdir(d));) {
        const char *name = e->d_name, *digits = name + blen + 5;
        if (strncmp(name, base, blen) != 0 || strncmp(name + blen, ".tmp.", 5) != 0 ||
            !isdigit((unsigned char)*digits))
            continue;
        char *end;
        errno = 0;
        long pid = strtol(digits, &end, 10);
        if (*end || errno || pid > INT_MAX || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;   /* not a PID, this process, or a process alive (or not ours to ask: EPERM) */
        size_t n = strlen(folder) + strlen(name) + 2;
        char *stale = xmalloc(n);
        snprintf(stale, n, "%s/%s", folder, name);
        if (unlink(stale) == 0) warn("removed '%s', left by process %ld, which no longer runs", stale, pid);
        free(stale);
    }
    if (d) closedir(d);
    free(folder);
}

/* ---------- opening and committing ---------- */

static AtomicFile *track(const char *path, FILE *fp, char *final_path, char *tmp_path) {
    AtomicFile *f = xcalloc(1, sizeof *f);
    *f = (AtomicFile){.fp = fp, .path = xstrdup(path), .final_path = final_path, .tmp_path = tmp_path,
                      .owner = getpid(), .next = pending};
    pending = f;
    return f;
}

/* A FIFO opened without blocking: with no reader, open() fails at once (ENXIO) instead
 * of waiting for one forever; the stream then blocks as usual. NULL on failure (errno). */
static FILE *open_fifo(const char *path) {
    int fd = open(path, O_WRONLY | O_NONBLOCK);
    if (fd < 0) return NULL;
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) { close(fd); return NULL; }
    return fdopen(fd, "w");
}

/* A FIFO or a device (/dev/stdout, /dev/null) is written directly, never replaced;
 * anything else that is not a regular file (a folder, a socket) is refused. */
static AtomicFile *open_direct(const char *path, const struct stat *sb) {
    int fifo = S_ISFIFO(sb->st_mode);
    if (!fifo && !S_ISCHR(sb->st_mode) && !S_ISBLK(sb->st_mode))
        die("cannot write '%s': it is %s, not a file", path,
            S_ISDIR(sb->st_mode) ? "a folder" : "neither a file, a FIFO nor a device");
    FILE *fp = fifo ? open_fifo(path) : fopen(path, "w");
    if (!fp)
        die("cannot write '%s': %s", path,
            fifo && errno == ENXIO ? "it is a FIFO that no process reads (start its reader first)" : strerror(errno));
    return track(path, fp, NULL, NULL);
}

/* A regular file or a new one: written beside the file a symlink points to, so that the
 * rename replaces that file and the link stays. */
static AtomicFile *open_replacing(const char *path) {
    char *target = link_target(path);
    make_parent_dirs(target);
    const char *flag = opened_before(target);
    if (flag) {
        free(target);
        die("'%s' is written twice by this run: %s names a file that another of its outputs also "
            "writes; give each output a path of its own", path, flag);
    }
    remove_stale_temps(target);
    size_t n = strlen(target) + 32;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.tmp.%ld", target, (long)getpid());
    FILE *fp = fopen(tmp, "w");
    if (!fp) {
        int e = errno;
        free(tmp);
        free(target);
        die("cannot write '%s': %s", path, strerror(e));
    }
    return track(path, fp, target, tmp);
}

AtomicFile *atomic_open(const char *path) {
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) return open_direct(path, &sb);
    return open_replacing(path);
}

/* Forgets f (no longer pending) and frees it. */
static void forget(AtomicFile *f) {
    unlink_pending(f);
    free_file(f);
}

/* Removes f's temp file, forgets f and dies with the message, f's path its argument. */
static void fail(AtomicFile *f, const char *fmt, const char *why) __attribute__((noreturn));
static void fail(AtomicFile *f, const char *fmt, const char *why) {
    if (f->tmp_path) remove(f->tmp_path);
    char *path = xstrdup(f->path);
    forget(f);
    die(fmt, path, why);
}

/* Flushes, syncs and closes f's stream; dies on any error. The first error met is the
 * one reported: fsync's EINVAL on a device that cannot sync (/dev/full) must not hide
 * the ENOSPC of the flush before it. */
static void finish(AtomicFile *f) {
    int e = 0;
    if (fflush(f->fp) != 0) e = errno;
    int bad = e || ferror(f->fp);
    if (fsync(fileno(f->fp)) != 0 && errno != EINVAL && !bad) { e = errno; bad = 1; }
    if (fclose(f->fp) != 0 && !bad) { e = errno; bad = 1; }
    f->fp = NULL;
    if (bad)
        fail(f, "writing '%s' failed: %s (is the disk full?); nothing was written",
             e ? strerror(e) : "an earlier write was refused");
}

/* Renames the finished temp file into place; forgets f. */
static void install(AtomicFile *f) {
    if (f->tmp_path && rename(f->tmp_path, f->final_path) != 0) fail(f, "cannot rename into '%s': %s", strerror(errno));
    forget(f);
}

/* Whether files a and b hold the same bytes (false where b does not exist). */
static int same_content(const char *a, const char *b) {
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    for (int ca = 0; same && ca != EOF;) {
        ca = getc(fa);
        same = ca == getc(fb);
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

void atomic_commit(AtomicFile *f) {
    finish(f);
    install(f);
}

void atomic_commit_if_changed(AtomicFile *f) {
    finish(f);
    if (!f->tmp_path || !same_content(f->tmp_path, f->final_path)) {
        install(f);
        return;
    }
    remove(f->tmp_path);
    forget(f);
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
