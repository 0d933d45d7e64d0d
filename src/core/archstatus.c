#include "archstatus.h"
#include "err.h"
#include "lines.h"
#include "tree.h"
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether ROOT/A/B is a file (B NULL: ROOT/A). */
static int has(const char *root, const char *a, const char *b) {
    char *path;
    if (asprintf(&path, "%s/%s%s%s", root, a, b ? "/" : "", b ? b : "") < 0) die("out of memory");
    int yes = is_file(path);
    free(path);
    return yes;
}

void archive_status_row(CsvOut *out, const char *root, const char *fig, const char *runs) {
    Lines listed = {0}, missing = {0};
    char *spaced = xstrdup(runs), *pending;
    for (char *c = spaced; *c; c++)
        if (*c == ',') *c = ' ';
    lines_add_words(&listed, spaced);
    if (asprintf(&pending, "pending/%s/runs", fig) < 0) die("out of memory");
    int archived = 0, kept = 0, total = listed.n ? listed.n : 1, done = has(root, fig, "provenance.txt");
    if (!listed.n) {
        archived = done;
        if (!done) lines_add(&missing, fig);
    }
    for (int i = 0; i < listed.n; i++) {
        char *copy = xstrdup(listed.s[i]), *name = basename(copy);
        if (done && has(root, fig, listed.s[i])) archived++;
        else if (has(root, pending, name)) kept++;
        else {
            size_t n = strlen(name);
            lines_addf(&missing, "%.*s", (int)(n > 4 && strcmp(name + n - 4, ".csv") == 0 ? n - 4 : n), name);
        }
        free(copy);
    }
    char *list = lines_join(&missing);
    csv_str(out, fig);
    csv_int(out, total);
    csv_int(out, archived);
    csv_int(out, kept);
    csv_int(out, missing.n);
    csv_str(out, list);
    csv_endrow(out);
    free(list), free(spaced), free(pending);
    lines_free(&listed), lines_free(&missing);
}
