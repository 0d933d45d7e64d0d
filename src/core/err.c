#include "err.h"
#include "atomic.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program = "icar";
static void (*die_handler)(void);

void err_set_handler(void (*on_die)(void)) { die_handler = on_die; }

void err_set_program(const char *name) {
    const char *slash = strrchr(name, '/');
    program = slash ? slash + 1 : name;
}

/* "PROGRAM: KIND: message" on stderr. */
static void say(const char *kind, const char *fmt, va_list ap) {
    fprintf(stderr, "%s: %s: ", program, kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    say("error", fmt, ap);
    va_end(ap);
    atomic_abort_all();
    if (die_handler) die_handler();
    exit(1);
}

void warn(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    say("warning", fmt, ap);
    va_end(ap);
}

void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory allocating %zu bytes", n);
    return p;
}

void *xcalloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) die("out of memory allocating %zu x %zu bytes", count, size);
    return p;
}

void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) die("out of memory reallocating to %zu bytes", n);
    return q;
}

char *xstrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);
    memcpy(d, s, n);
    return d;
}

void check_finite(double x, const char *what) {
    if (!isfinite(x))
        die("%s became %s; the run diverged (lower the learning rate or check the inputs)",
            what, isnan(x) ? "NaN" : "infinite");
}
