/* err.h — fatal errors and checked allocation.
 * Every tool stops through die(): the message names the file and the problem,
 * the exit status is non-zero, and every output still being written is removed
 * (see atomic.h), so nothing half-written is left behind. */
#ifndef ICAR_ERR_H
#define ICAR_ERR_H
#include <stddef.h>

/* Name printed before every message ("icar-fig3: ..."); set once in main(). */
void err_set_program(const char *name);
/* Print "PROGRAM: message" on stderr, remove pending outputs, exit(1). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* For the fuzzing harnesses (tests/fuzz/) only: die() calls ON_DIE after the message and
 * the removal of pending outputs, instead of exit(1); ON_DIE must not return (it longjmps
 * back into the harness). NULL restores exit(1). Tools never set it. */
void err_set_handler(void (*on_die)(void));
/* Print a warning on stderr and go on. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Abort with a clear message if a value that must be finite is NaN or Inf. */
void check_finite(double x, const char *what);
#endif
