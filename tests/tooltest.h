/* tooltest.h — helpers for the unit tests that run a built tool (icar-report, icar-weave):
 * where the tool is, and files in a scratch folder. The test program build/tests/test_x
 * finds the tool build/icar-x beside its own folder. */
#ifndef ICAR_TOOLTEST_H
#define ICAR_TOOLTEST_H
#include "err.h"
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

/* Absolute path of the tool NAME beside the folder of the test program argv0, into out. */
static inline void tooltest_find(const char *argv0, const char *name, char *out, size_t size) {
    char *self = xstrdup(argv0);
    char rel[4096];
    snprintf(rel, sizeof rel, "%s/../%s", dirname(self), name);
    char *abs = realpath(rel, NULL);
    if (!abs) die("cannot find %s beside '%s'", name, argv0);
    snprintf(out, size, "%s", abs);
    free(abs);
    free(self);
}

/* Write text to the file DIR/NAME. */
static inline void tooltest_write(const char *dir, const char *name, const char *text) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp) die("cannot write '%s'", path);
    fputs(text, fp);
    fclose(fp);
}

/* Remove the scratch folder DIR and everything in it. */
static inline void tooltest_remove(const char *dir) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) warn("could not remove %s", dir);
}
#endif
