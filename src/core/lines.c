#include "lines.h"
#include "err.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void lines_take(Lines *l, char *text) {
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->s = xrealloc(l->s, (size_t)l->cap * sizeof *l->s);
    }
    l->s[l->n++] = text;
}

void lines_add(Lines *l, const char *text) { lines_take(l, xstrdup(text)); }

void lines_addf(Lines *l, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *text;
    if (vasprintf(&text, fmt, ap) < 0) die("out of memory");
    va_end(ap);
    lines_take(l, text);
}

void lines_add_words(Lines *l, const char *text) {
    for (const char *p = text; *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (n) lines_addf(l, "%.*s", (int)n, p);
        p += n;
    }
}

int lines_find(const Lines *l, const char *text) {
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->s[i], text) == 0) return i;
    return -1;
}

static int by_text(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void lines_sort_unique(Lines *l) {
    if (!l->n) return;
    qsort(l->s, (size_t)l->n, sizeof *l->s, by_text);
    int kept = 0;
    for (int i = 0; i < l->n; i++)
        if (kept && strcmp(l->s[kept - 1], l->s[i]) == 0) free(l->s[i]);
        else l->s[kept++] = l->s[i];
    l->n = kept;
}

void lines_print(const Lines *l, FILE *f, char sep) {
    for (int i = 0; i < l->n; i++) {
        fputs(l->s[i], f);
        if (sep == '\n' || i + 1 < l->n) fputc(sep, f);
    }
}

char *lines_join(const Lines *l) {
    char *buf;
    size_t n;
    FILE *f = open_memstream(&buf, &n);
    if (!f) die("out of memory");
    lines_print(l, f, ' ');
    if (fclose(f) != 0) die("out of memory");
    return buf;
}

void lines_free(Lines *l) {
    for (int i = 0; i < l->n; i++) free(l->s[i]);
    free(l->s);
    *l = (Lines){0};
}
