#include "manifest.h"
#include "atomic.h"
#include "csvio.h"
#include "err.h"
#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void manifest_add(Manifest *m, const char *path, long size, const char *sha256) {
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->e = xrealloc(m->e, (size_t)m->cap * sizeof *m->e);
    }
    ManifestEntry *e = &m->e[m->n++];
    e->path = xstrdup(path);
    e->size = size;
    snprintf(e->sha256, sizeof e->sha256, "%s", sha256);
}

void sha256_file(const char *path, char hex[SHA256_HEX + 1], long *size) {
    FILE *fp = fopen(path, "rb");
    if (!fp) die("cannot read '%s': %s", path, strerror(errno));
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[1 << 16];
    long n = 0;
    for (size_t got; (got = fread(buf, 1, sizeof buf, fp)) > 0; n += (long)got) sha256_update(&ctx, got, buf);
    if (ferror(fp)) die("cannot read '%s': read error", path);
    fclose(fp);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    *size = n;
}

/* Adds every file under ROOT/REL (REL "" for ROOT itself) to M, hashed; recurses into
 * folders; dies on anything else. */
static void scan_folder(Manifest *m, const char *root, const char *rel) {
    char *folder = xmalloc(strlen(root) + strlen(rel) + 2);
    sprintf(folder, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(folder);
    if (!d) die("cannot read the folder '%s': %s", folder, strerror(errno));
    for (struct dirent *de; (de = readdir(d));) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        if (!*rel && strcmp(name, MANIFEST_NAME) == 0) continue;
        char *sub = xmalloc(strlen(rel) + strlen(name) + 2), *full = xmalloc(strlen(folder) + strlen(name) + 2);
        sprintf(sub, "%s%s%s", rel, *rel ? "/" : "", name);
        sprintf(full, "%s/%s", folder, name);
        struct stat st;
        if (lstat(full, &st) != 0) die("cannot read '%s': %s", full, strerror(errno));
        if (S_ISDIR(st.st_mode)) scan_folder(m, root, sub);
        else if (S_ISREG(st.st_mode)) {
            char hex[SHA256_HEX + 1];
            long size;
            sha256_file(full, hex, &size);
            manifest_add(m, sub, size, hex);
        } else
            die("'%s': %s; an archive holds only regular files and folders", full,
                S_ISLNK(st.st_mode) ? "a symlink" : "neither a regular file nor a folder");
        free(sub);
        free(full);
    }
    closedir(d);
    free(folder);
}

static int by_path(const void *a, const void *b) {
    return strcmp(((const ManifestEntry *)a)->path, ((const ManifestEntry *)b)->path);
}

Manifest *manifest_scan(const char *dir) {
    Manifest *m = xcalloc(1, sizeof *m);
    scan_folder(m, dir, "");
    qsort(m->e, (size_t)m->n, sizeof *m->e, by_path);
    return m;
}

static int is_hex64(const char *s) {
    if (strlen(s) != SHA256_HEX) return 0;
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789abcdef", *p)) return 0;
    return 1;
}

/* The size of row r of manifest table t at path; dies naming the row if the row is not
 * a well-formed entry that follows the row before it. */
static long manifest_row(const CsvTable *t, int r, const char *path) {
    int cp = table_col(t, "path"), cs = table_col(t, "size"), ch = table_col(t, "sha256");
    const char *p = table_cell(t, r, cp), *s = table_cell(t, r, cs), *h = table_cell(t, r, ch);
    char *end;
    errno = 0;
    long size = strtol(s, &end, 10);
    if (!*s || *end || errno || size < 0) die("'%s' row %d: size '%s' is not a whole number of bytes", path, r + 1, s);
    if (!is_hex64(h)) die("'%s' row %d: sha256 '%s' is not 64 lowercase hex digits", path, r + 1, h);
    if (!*p) die("'%s' row %d: an empty path", path, r + 1);
    if (r > 0 && strcmp(table_cell(t, r - 1, cp), p) >= 0)
        die("'%s' row %d: '%s' does not follow '%s' (the paths are sorted, each once)", path, r + 1, p,
            table_cell(t, r - 1, cp));
    return size;
}

Manifest *manifest_read(const char *path) {
    CsvTable *t = table_read(path);
    for (int r = 0; r < t->nrows; r++) manifest_row(t, r, path);   /* every row checked before any is kept */
    int cp = table_col(t, "path"), ch = table_col(t, "sha256");
    Manifest *m = xcalloc(1, sizeof *m);
    for (int r = 0; r < t->nrows; r++)
        manifest_add(m, table_cell(t, r, cp), manifest_row(t, r, path), table_cell(t, r, ch));
    table_free(t);
    return m;
}

void manifest_write(const Manifest *m, const char *path) {
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) die("'%s' exists and is not a regular file: not replaced", path);
    CsvOut *c = csv_create(path);
    csv_header(c, MANIFEST_HEADER);
    for (int i = 0; i < m->n; i++) {
        csv_str(c, m->e[i].path);
        csv_int(c, m->e[i].size);
        csv_str(c, m->e[i].sha256);
        csv_endrow(c);
    }
    csv_close(c);
}

/* The problem, if any, of a file both listed and present; 1 if there is one. */
static int entry_differs(const ManifestEntry *listed, const ManifestEntry *present, const char *dir) {
    if (listed->size != present->size) {
        fprintf(stderr, "%s/%s: %ld bytes, MANIFEST says %ld\n", dir, present->path, present->size, listed->size);
        return 1;
    }
    if (strcmp(listed->sha256, present->sha256) != 0) {
        fprintf(stderr, "%s/%s: sha256 differs from MANIFEST\n", dir, present->path);
        return 1;
    }
    return 0;
}

int manifest_compare(const Manifest *listed, const Manifest *present, const char *dir) {
    int problems = 0, i = 0, j = 0;
    while (i < listed->n || j < present->n) {
        int c = i == listed->n ? 1 : j == present->n ? -1 : strcmp(listed->e[i].path, present->e[j].path);
        if (c < 0) {
            fprintf(stderr, "%s/%s: listed in MANIFEST but missing\n", dir, listed->e[i++].path);
            problems++;
        } else if (c > 0) {
            fprintf(stderr, "%s/%s: not in MANIFEST\n", dir, present->e[j++].path);
            problems++;
        } else
            problems += entry_differs(&listed->e[i++], &present->e[j++], dir);
    }
    return problems;
}

void manifest_free(Manifest *m) {
    if (!m) return;
    for (int i = 0; i < m->n; i++) free(m->e[i].path);
    free(m->e);
    free(m);
}
