#include "readfile.h"
#include "err.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Dies unless PATH is a regular file; checked before fopen(), which would wait on a
 * FIFO without a writer. */
static void require_regular(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) die("cannot read '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) die("cannot read '%s': it is a folder, not a file", path);
    if (!S_ISREG(st.st_mode))
        die("cannot read '%s': it is %s, not a regular file; text inputs are read from files", path,
            S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : "a socket");
}

/* Every CR LF of buf[n] becomes LF, in place; returns the new length. */
static size_t crlf_to_lf(char *buf, size_t n) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!(buf[i] == '\r' && i + 1 < n && buf[i + 1] == '\n')) buf[m++] = buf[i];
    return m;
}

char *read_file(const char *path, size_t *len) {
    require_regular(path);
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
    int bad = ferror(fp);
    fclose(fp);
    if (bad) die("cannot read '%s': read error", path);
    const char *nul = memchr(buf, '\0', n);
    if (nul)
        die("'%s': NUL byte at offset %zu; a text file holds none (is it binary or damaged?)",
            path, (size_t)(nul - buf));
    n = crlf_to_lf(buf, n);
    buf[n] = '\0';
    *len = n;
    return buf;
}

void require_final_newline(const char *path, const char *text, size_t len) {
    if (len > 0 && text[len - 1] != '\n')
        die("'%s' ends without a newline: its last line may have lost its tail (a truncated or "
            "unfinished file); a complete file ends with one", path);
}
