/* args.h — checked conversion of command-line values and of settings read back from files.
 * opts.c converts every flag's value here, so that an out-of-range or malformed value stops
 * with a message naming the flag; readers of a file's settings name the setting instead. */
#ifndef ICAR_ARGS_H
#define ICAR_ARGS_H
#include <stdint.h>

long arg_long(const char *flag, const char *value, long min, long max);
double arg_double(const char *flag, const char *value, double min, double max);
uint64_t arg_seed(const char *value);
#endif
