#include "readfile.h"
#include "err.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

char *read_file(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    if (!fp) die("cannot read '%s': %s", path, strerror(errno));
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
