/* args.h — checked conversion of command-line values.
 * Each tool parses its flags with getopt_long and converts values here, so that an
 * out-of-range or malformed value stops with a message naming the flag. */
#ifndef ICAR_ARGS_H
#define ICAR_ARGS_H
#include <stdint.h>

long arg_long(const char *flag, const char *value, long min, long max);
double arg_double(const char *flag, const char *value, double min, double max);
uint64_t arg_seed(const char *value);
/* Print the usage text to stderr and exit 2 (unknown flag, missing value). */
void usage_exit(const char *usage) __attribute__((noreturn));
#endif
