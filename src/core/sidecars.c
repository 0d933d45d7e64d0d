#include "sidecars.h"
#include "err.h"
#include "record.h"
#include "runwhere.h"
#include "tree.h"
#include <libgen.h>
#include <stdio.h>
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

/* The part "host=H; cpu=C; cores=N; kernel=K" of a segment line's VALUE ("epochs A-B of
 * LABEL; host=H; cpu=C; cores=N; kernel=K; threads=T"), a new string; dies naming PATH
 * where the value is not of that form. */
static char *segment_machine(const char *path, const char *value) {
    long from, to;
    int at = 0;
    const char *host = strstr(value, "; host="), *threads = strstr(value, "; threads=");
    int ok = sscanf(value, "epochs %ld-%ld of %n", &from, &to, &at) == 2 && at > 0 && host && threads > host &&
             strstr(host, "; cpu=") && strstr(host, "; cores=") && strstr(host, "; kernel=") &&
             strspn(threads + 10, "0123456789") == strlen(threads + 10) && threads[10];
    if (!ok) die("%s: a segment= line is not 'epochs A-B of LABEL; host=H; cpu=C; cores=N; kernel=K; threads=T': '%s'", path, value);
    host += 2;
    size_t len = (size_t)(threads - host);
    char *machine = xmalloc(len + 1);
    memcpy(machine, host, len);
    machine[len] = 0;
    return machine;
}

/* The machines of sidecar S, one line each ("host=H; cpu=C; cores=N; kernel=K"): its
 * first lines', then each segment's, into OUT. */
static void sidecar_machines(const Records *s, Lines *out) {
    lines_addf(out, "host=%s; cpu=%s; cores=%s; kernel=%s", sidecar_value(s, "host"), sidecar_value(s, "cpu"),
               sidecar_value(s, "cores"), sidecar_value(s, "kernel"));
    const Lines *kv = &s->r[0].kv;
    for (int i = 0; i < kv->n; i++)
        if (record_line_has_key(kv->s[i], "segment")) {
            char *m = segment_machine(s->path, strchr(kv->s[i], '=') + 1);
            lines_add(out, m);
            free(m);
        }
}

/* The where.RUN= line of sidecar S and its where.RUN.N= segment lines, into OUT. */
static void where_lines(const Records *s, Lines *out) {
    char *run = run_name(s->path);
    lines_addf(out, "where.%s=host=%s; cpu=%s; cores=%s; kernel=%s; threads=%s", run, sidecar_value(s, "host"),
               sidecar_value(s, "cpu"), sidecar_value(s, "cores"), sidecar_value(s, "kernel"), sidecar_value(s, "threads"));
    const Lines *kv = &s->r[0].kv;
    for (int i = 0, n = 0; i < kv->n; i++)
        if (record_line_has_key(kv->s[i], "segment")) {
            const char *value = strchr(kv->s[i], '=') + 1;
            free(segment_machine(s->path, value));   /* its form, checked */
            lines_addf(out, "where.%s.%d=%s", run, ++n, value);
        }
    free(run);
}

void sidecars_machine(const Lines *sidecars, Lines *out) {
    if (!sidecars->n) return;
    Records **s = xcalloc((size_t)sidecars->n, sizeof *s);
    Lines machines = {0};
    for (int i = 0; i < sidecars->n; i++) {
        if (!is_file(sidecars->s[i])) die("%s: no such sidecar", sidecars->s[i]);
        s[i] = records_read(sidecars->s[i], 0);
        sidecar_machines(s[i], &machines);
        sidecar_value(s[i], "threads");   /* required of every sidecar */
    }
    lines_sort_unique(&machines);
    if (machines.n == 1) {
        lines_add(out, "machine=runs");
        for (int k = 0; k < NMACHINE; k++) lines_addf(out, "%s=%s", MACHINE_KEYS[k], sidecar_value(s[0], MACHINE_KEYS[k]));
        char here[1024];
        runwhere_kernel(here, sizeof here);
        if (strcmp(here, sidecar_value(s[0], "kernel")) != 0) lines_addf(out, "make_kernel=%s", here);
    } else {
        lines_add(out, "machine=make");
        for (int i = 0; i < sidecars->n; i++) where_lines(s[i], out);
    }
    lines_free(&machines);
    for (int i = 0; i < sidecars->n; i++) records_free(s[i]);
    free(s);
}

int sidecar_kernel(const char *path, char *kernel, size_t n) {
    Records *s = records_read(path, 0);
    Lines machines = {0}, kernels = {0};
    sidecar_machines(s, &machines);
    for (int i = 0; i < machines.n; i++) lines_add(&kernels, strstr(machines.s[i], "; kernel=") + 9);
    lines_sort_unique(&kernels);
    int one = kernels.n == 1;
    if (one) snprintf(kernel, n, "%s", kernels.s[0]);
    else {
        fprintf(stderr, "%s: the run's segments ran on several CPU kernels (", path);
        for (int i = 0; i < kernels.n; i++) fprintf(stderr, "%s%s", i ? " | " : "", kernels.s[i]);
        fprintf(stderr, ")\n");
    }
    lines_free(&machines);
    lines_free(&kernels);
    records_free(s);
    return one;
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
