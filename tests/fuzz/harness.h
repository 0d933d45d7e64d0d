/* harness.h — what the libFuzzer harnesses of tests/fuzz/ share.
 *
 * Each harness (tests/fuzz/NAME.c, built into build-fuzz/fuzz_NAME by mk/fuzz.mk) feeds
 * one reader with the fuzzer's bytes. The readers stop on bad input through die(), which
 * exits the process; a harness runs the reader through fuzz_run() instead, which turns
 * die() into a return (err_set_handler + longjmp) and then releases what the reader still
 * held when it stopped, so that millions of rejected inputs neither leak nor carry state
 * into the next one:
 *   - every stream (fopen) left open, closed first;
 *   - every heap block allocated during the run and not yet freed (seen through the
 *     sanitizer allocator's malloc/free hooks, so blocks of libcsv, cJSON and PCRE2 too);
 *   - every file descriptor opened during the run;
 *   - every mapping of a file of the harness's temporary folder.
 * A crash, a sanitizer report or a failed FUZZ_CHECK is a finding; die() is not. */
#ifndef ICAR_FUZZ_HARNESS_H
#define ICAR_FUZZ_HARNESS_H
#include <stddef.h>
#include <stdint.h>

/* Runs FN(ARG); returns 0 if it returned, 1 if it stopped through die(). */
int fuzz_run(void (*fn)(void *), void *arg);

/* Writes SIZE bytes of DATA to NAME in the harness's temporary folder (one per process,
 * removed at exit); returns the file's path, valid until the next call with NAME. */
const char *fuzz_file(const char *name, const void *data, size_t size);

/* Path of NAME in the temporary folder, without writing it. */
const char *fuzz_path(const char *name);

/* A property every input must keep: abort (a finding) with the condition's text. */
#define FUZZ_CHECK(cond) \
    do { if (!(cond)) fuzz_fail(__FILE__, __LINE__, #cond); } while (0)
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));
#endif
