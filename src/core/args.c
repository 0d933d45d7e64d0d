#include "args.h"
#include "err.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

long arg_long(const char *flag, const char *value, long min, long max) {
    char *end;
    errno = 0;
    long x = strtol(value, &end, 10);
    if (errno || end == value || *end)
        die("%s expects an integer, got '%s'", flag, value);
    if (x < min || x > max) die("%s must be in [%ld, %ld], got %ld", flag, min, max, x);
    return x;
}

double arg_double(const char *flag, const char *value, double min, double max) {
    char *end;
    errno = 0;
    double x = strtod(value, &end);
    if (errno || end == value || *end || !isfinite(x))
        die("%s expects a number, got '%s'", flag, value);
    if (x < min || x > max) die("%s must be in [%g, %g], got %g", flag, min, max, x);
    return x;
}

uint64_t arg_seed(const char *value) {
    char *end;
    errno = 0;
    unsigned long long x = strtoull(value, &end, 10);
    if (errno || end == value || *end || value[0] == '-')
        die("--seed expects a non-negative integer, got '%s'", value);
    return (uint64_t)x;
}
