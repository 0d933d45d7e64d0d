#include "tree.h"
#include "atomic.h"
#include "err.h"
#include <ftw.h>
#include <stdio.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int is_folder(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void walk_folder(const char *dir, const char *suffix, int folders, Lines *out) {
    DIR *d = opendir(dir);
    if (!d) die("cannot read the folder '%s': %s", dir, strerror(errno));
    if (folders) lines_add(out, dir);
    for (struct dirent *de; (de = readdir(d));) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        char *path;
        if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) die("out of memory");
        struct stat st;
        if (lstat(path, &st) != 0) die("cannot read '%s': %s", path, strerror(errno));
        if (S_ISDIR(st.st_mode)) walk_folder(path, suffix, folders, out);
        else if (S_ISREG(st.st_mode) && (!suffix || ends_with(de->d_name, suffix))) lines_add(out, path);
        free(path);
    }
    closedir(d);
}

void walk_tree(const char *dir, const char *suffix, int folders, Lines *out) {
    if (is_folder(dir)) walk_folder(dir, suffix, folders, out);
    else if (is_file(dir) && (!suffix || ends_with(dir, suffix))) lines_add(out, dir);
    lines_sort_unique(out);
}

void copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    if (!in || !is_file(from)) die("cannot read the file '%s'", from);
    make_parent_dirs(to);
    AtomicFile *out = atomic_open(to);
    char buf[1 << 16];
    for (size_t got; (got = fread(buf, 1, sizeof buf, in)) > 0;)
        if (fwrite(buf, 1, got, out->fp) != got) break;
    if (ferror(in)) die("cannot read the file '%s'", from);
    fclose(in);
    atomic_commit(out);
}

int same_bytes(const char *a, const char *b) {
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = getc(fa), cb = getc(fb);
        same = ca == cb;
        if (ca == EOF || cb == EOF) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st, (void)type, (void)ftw;
    if (remove(path) != 0) die("cannot remove '%s': %s", path, strerror(errno));
    return 0;
}

void remove_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0) die("cannot remove '%s'", path);
}

void move_path(const char *from, const char *to) {
    if (rename(from, to) != 0) die("cannot move '%s' to '%s': %s", from, to, strerror(errno));
}

long mtime_of(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) die("cannot read '%s': %s", path, strerror(errno));
    return (long)st.st_mtime;
}

char *path_in(const char *dir, const char *name) {
    char *p;
    if (asprintf(&p, "%s/%s", dir, name) < 0) die("out of memory");
    return p;
}
