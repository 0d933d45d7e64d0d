#include "sidecars.h"
#include "err.h"
#include "record.h"
#include "runwhere.h"
#include "tree.h"
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

static const char *const MACHINE_KEYS[] = {"host", "cpu", "cores", "kernel"};
enum { NMACHINE = sizeof MACHINE_KEYS / sizeof *MACHINE_KEYS };

/* The value of KEY in sidecar S (read from PATH); dies where it is missing or empty. */
static const char *sidecar_value(const Records *s, const char *key) {
    const char *v = record_value(&s->r[0], key);
    if (!v || !*v) die("%s: no %s= line (a run's sidecar names host, cpu, cores, kernel and threads)", s->path, key);
    return v;
}

/* The sidecar's name without its folder and .where. */
static char *run_name(const char *path) {
    char *copy = xstrdup(path), *name = xstrdup(basename(copy));
    size_t n = strlen(name);
    if (n > 6 && strcmp(name + n - 6, ".where") == 0) name[n - 6] = 0;
    free(copy);
    return name;
}

void sidecars_machine(const Lines *sidecars, Lines *out) {
    if (!sidecars->n) return;
    Records **s = xcalloc((size_t)sidecars->n, sizeof *s);
    for (int i = 0; i < sidecars->n; i++) {
        if (!is_file(sidecars->s[i])) die("%s: no such sidecar", sidecars->s[i]);
        s[i] = records_read(sidecars->s[i], 0);
    }
    int agree = 1;
    for (int k = 0; k < NMACHINE; k++)
        for (int i = 0; i < sidecars->n; i++)
            agree = strcmp(sidecar_value(s[i], MACHINE_KEYS[k]), sidecar_value(s[0], MACHINE_KEYS[k])) == 0 && agree;
    if (agree) {
        lines_add(out, "machine=runs");
        for (int k = 0; k < NMACHINE; k++) lines_addf(out, "%s=%s", MACHINE_KEYS[k], sidecar_value(s[0], MACHINE_KEYS[k]));
        char here[1024];
        runwhere_kernel(here, sizeof here);
        if (strcmp(here, sidecar_value(s[0], "kernel")) != 0) lines_addf(out, "make_kernel=%s", here);
    } else {
        lines_add(out, "machine=make");
        for (int i = 0; i < sidecars->n; i++) {
            char *run = run_name(sidecars->s[i]);
            lines_addf(out, "where.%s=host=%s; cpu=%s; cores=%s; kernel=%s; threads=%s", run, sidecar_value(s[i], "host"),
                       sidecar_value(s[i], "cpu"), sidecar_value(s[i], "cores"), sidecar_value(s[i], "kernel"),
                       sidecar_value(s[i], "threads"));
            free(run);
        }
    }
    for (int i = 0; i < sidecars->n; i++) records_free(s[i]);
    free(s);
}

/* Adds REL (a path under ROOT) to OUT if ROOT/REL is a file. */
static void add_if_file(const char *root, const char *rel, Lines *out) {
    char *full;
    if (asprintf(&full, "%s/%s", root, rel) < 0) die("out of memory");
    if (is_file(full)) lines_add(out, rel);
    free(full);
}

void sidecars_of(const char *root, const Lines *files, Lines *out) {
    for (int i = 0; i < files->n; i++) {
        char *run = runwhere_path(files->s[i], 0), *copy = xstrdup(files->s[i]);
        char *folder = runwhere_path(dirname(copy), 1);
        add_if_file(root, run, out);
        add_if_file(root, folder, out);
        free(run);
        free(copy);
        free(folder);
    }
    lines_sort_unique(out);
}
