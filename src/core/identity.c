#include "identity.h"
#include "err.h"
#include "readfile.h"
#include "runwhere.h"
#include "sidecars.h"
#include "tree.h"
#include <stdlib.h>
#include <string.h>

static int identity_line(const char *line) {
    return record_line_has_key(line, "src_sha256") || record_line_has_key(line, "kernel") ||
           strncmp(line, "code_id.", 8) == 0;
}

void identity_of_record(const Record *r, Lines *id) {
    for (int i = 0; i < r->kv.n; i++)
        if (identity_line(r->kv.s[i])) lines_add(id, r->kv.s[i]);
}

/* The first block of SITTINGS whose runs= lists RUN; NULL if none. */
static const Record *sitting_of(const Records *sittings, const char *run) {
    for (int b = 0; b < sittings->n; b++) {
        Lines runs = {0};
        const char *listed = record_value(&sittings->r[b], "runs");
        lines_add_words(&runs, listed ? listed : "");
        int hit = lines_find(&runs, run) >= 0;
        lines_free(&runs);
        if (hit) return &sittings->r[b];
    }
    return NULL;
}

void identity_of_run(const char *arch, const char *run, Lines *id) {
    char *sit = path_in(arch, "sittings.txt"), *prov = path_in(arch, "provenance.txt");
    const Record *r = NULL;
    Records *sittings = run && is_file(sit) ? records_read(sit, 1) : NULL, *final = NULL;
    if (sittings) r = sitting_of(sittings, run);
    if (!r) {
        if (!is_file(prov)) die("'%s' is missing", prov);
        final = records_read(prov, 0);
        r = &final->r[0];
    }
    int before = id->n;
    identity_of_record(r, id);
    if (final && id->n == before) die("'%s' states no code identity", prov);
    records_free(sittings);
    records_free(final);
    free(sit);
    free(prov);
}

/* The lines of ID whose key is one of KEYS, sorted. */
static void identity_keys(const Lines *id, const Lines *keys, Lines *out) {
    for (int i = 0; i < id->n; i++)
        for (int k = 0; k < keys->n; k++)
            if (record_line_has_key(id->s[i], keys->s[k])) lines_add(out, id->s[i]);
    lines_sort_unique(out);
}

static int identity_states(const Lines *id, const char *key) {
    for (int i = 0; i < id->n; i++)
        if (record_line_has_key(id->s[i], key)) return 1;
    return 0;
}

int identity_same(const Lines *a, const Lines *b, const Lines *programs) {
    Lines keys = {0}, ka = {0}, kb = {0};
    int narrow = programs->n > 0;   /* every program's code id stated in both */
    for (int p = 0; p < programs->n; p++) {
        lines_addf(&keys, "code_id.%s", programs->s[p]);
        narrow = narrow && identity_states(a, keys.s[p]) && identity_states(b, keys.s[p]);
    }
    if (!narrow) {
        lines_free(&keys);
        lines_add(&keys, "src_sha256");
    }
    lines_add(&keys, "kernel");
    identity_keys(a, &keys, &ka);
    identity_keys(b, &keys, &kb);
    int same = ka.n == kb.n;
    for (int i = 0; same && i < ka.n; i++) same = strcmp(ka.s[i], kb.s[i]) == 0;
    lines_free(&keys);
    lines_free(&ka);
    lines_free(&kb);
    return same;
}

int identity_run_kernel(Lines *id, const char *sidecar) {
    if (!is_file(sidecar)) return 1;
    char kernel[1024];
    if (!sidecar_kernel(sidecar, kernel, sizeof kernel)) return 0;
    int kept = 0;
    for (int i = 0; i < id->n; i++)
        if (record_line_has_key(id->s[i], "kernel")) free(id->s[i]);
        else id->s[kept++] = id->s[i];
    id->n = kept;
    lines_addf(id, "kernel=%s", kernel);
    return 1;
}

/* The program of the "# tool=" line among the header comments (the first lines, each
 * opened by '#') of CSV FILE, into PROGRAMS. */
static void csv_program(const char *file, Lines *programs) {
    size_t len;
    char *text = read_file(file, &len);
    for (char *line = text, *nl; *line == '#'; line = nl + 1) {
        nl = line + strcspn(line, "\n");
        int last = *nl == 0;
        *nl = 0;
        if (strncmp(line, "# tool=", 7) == 0) {
            const char *v = line + 7 + strspn(line + 7, " \t");
            size_t n = strcspn(v, " \t");
            if (n) lines_addf(programs, "%.*s", (int)n, v);
            break;
        }
        if (last) break;
    }
    free(text);
}

void identity_programs(const char *path, Lines *programs) {
    if (!is_file(path) && !is_folder(path)) die("'%s': no such file or folder", path);
    Lines csvs = {0};
    walk_tree(path, ".csv", 0, &csvs);
    for (int i = 0; i < csvs.n; i++) csv_program(csvs.s[i], programs);
    lines_sort_unique(programs);
    lines_free(&csvs);
}

char *identity_figure(const char *arch) {
    char *prov = path_in(arch, "provenance.txt");
    if (!is_file(prov)) die("'%s' is missing", prov);
    Records *r = records_read(prov, 0);
    const char *fig = record_value(&r->r[0], "figure");
    if (!fig || !*fig) die("'%s': no figure= line", prov);
    char *out = xstrdup(fig);
    records_free(r);
    free(prov);
    return out;
}

void identity_earlier_runs(const char *arch, Lines *runs) {
    char *sit = path_in(arch, "sittings.txt"), *fig = identity_figure(arch);
    if (is_file(sit)) {
        Records *sittings = records_read(sit, 1);
        Lines final = {0};
        identity_of_run(arch, NULL, &final);
        for (int b = 0; b < sittings->n; b++) {
            Lines listed = {0};
            const char *v = record_value(&sittings->r[b], "runs");
            lines_add_words(&listed, v ? v : "");
            for (int i = 0; i < listed.n; i++) {
                char *file;
                if (asprintf(&file, "%s/%s/runs/%s", arch, fig, listed.s[i]) < 0) die("out of memory");
                Lines programs = {0}, made = {0};
                identity_programs(file, &programs);
                identity_of_run(arch, listed.s[i], &made);
                if (!identity_same(&made, &final, &programs)) lines_add(runs, listed.s[i]);
                lines_free(&programs);
                lines_free(&made);
                free(file);
            }
            lines_free(&listed);
        }
        lines_free(&final);
        records_free(sittings);
        lines_sort_unique(runs);
    }
    free(sit);
    free(fig);
}

int identity_assembled_here(const char *arch) {
    char *prov = path_in(arch, "provenance.txt");
    if (!is_file(prov)) die("'%s' is missing", prov);
    Records *r = records_read(prov, 0);
    const char *recorded = record_value(&r->r[0], "make_kernel");
    if (!recorded || !*recorded) recorded = record_value(&r->r[0], "kernel");
    char here[1024];
    runwhere_kernel(here, sizeof here);
    int same = recorded && strcmp(recorded, here) == 0;
    records_free(r);
    free(prov);
    return same;
}
