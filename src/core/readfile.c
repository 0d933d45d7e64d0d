#include "readfile.h"
#include "err.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

char *read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) die("cannot read '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) die("cannot read '%s': it is a folder, not a file", path);
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) buf = xrealloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) break;
    }
    if (ferror(fp)) die("cannot read '%s': read error", path);
    fclose(fp);
    const char *nul = memchr(buf, '\0', n);
    if (nul)
        die("'%s': NUL byte at offset %zu; a text file holds none (is it binary or damaged?)",
            path, (size_t)(nul - buf));
    buf[n] = '\0';
    *len = n;
    return buf;
}
