#include "archindex.h"
#include "err.h"
#include "identity.h"
#include "lines.h"
#include "record.h"
#include "tree.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The names of the folders directly in DIR that hold FILE, sorted as their paths
 * DIR/NAME/FILE are (bytewise: fig3-seed2 before fig3). */
static void folders_with(const char *dir, const char *file, Lines *out) {
    DIR *d = opendir(dir);
    if (!d) return;
    for (struct dirent *de; (de = readdir(d));) {
        if (de->d_name[0] == '.') continue;
        char *path;
        if (asprintf(&path, "%s/%s/%s", dir, de->d_name, file) < 0) die("out of memory");
        if (is_file(path)) lines_addf(out, "%s/", de->d_name);
        free(path);
    }
    closedir(d);
    lines_sort_unique(out);
    for (int i = 0; i < out->n; i++) out->s[i][strlen(out->s[i]) - 1] = 0;
}

/* The first value of KEY in the records of PATH; "" if none. Malloc'd. */
static char *first_value(const char *path, int blocks, const char *key) {
    Records *rs = records_read(path, blocks);
    const char *v = NULL;
    for (int b = 0; b < rs->n && !v; b++) v = record_value(&rs->r[b], key);
    char *out = xstrdup(v ? v : "");
    records_free(rs);
    return out;
}

/* "NAME.KEY := WORDS" for the files found under ARCH (walk_tree). */
static void print_tree(FILE *f, const char *var, const char *name, const char *arch, const char *suffix, int folders) {
    Lines files = {0};
    walk_tree(arch, suffix, folders, &files);
    fprintf(f, "%s.%s := ", var, name);
    lines_print(&files, f, ' ');
    fputc('\n', f);
    lines_free(&files);
}

static void index_archive(const char *root, const char *name, FILE *f) {
    char *arch, *prov;
    if (asprintf(&arch, "%s/%s", root, name) < 0 || asprintf(&prov, "%s/provenance.txt", arch) < 0) die("out of memory");
    char *fig = identity_figure(arch), *seed = first_value(prov, 0, "seed"), *over = first_value(prov, 0, "overrides");
    fprintf(f, "ARCHIVES += %s\nARCHIVE_FIGURE.%s := %s\n", name, name, fig);
    fprintf(f, "ARCHIVE_PROFILE.%s := PROFILE=paper SEED=%s %s\n", name, seed, over);
    print_tree(f, "ARCHIVE_CSVS", name, arch, ".csv", 0);
    print_tree(f, "ARCHIVE_FILES", name, arch, NULL, 1);
    Lines earlier = {0};
    identity_earlier_runs(arch, &earlier);
    fprintf(f, "ARCHIVE_EARLIER.%s := ", name);
    lines_print(&earlier, f, ' ');
    fputc('\n', f);
    lines_free(&earlier);
    free(fig), free(seed), free(over), free(arch), free(prov);
}

void archive_index(const char *root, FILE *f) {
    Lines names = {0}, pending = {0};
    folders_with(root, "provenance.txt", &names);
    for (int i = 0; i < names.n; i++) index_archive(root, names.s[i], f);
    char *pdir;
    if (asprintf(&pdir, "%s/pending", root) < 0) die("out of memory");
    folders_with(pdir, "sittings.txt", &pending);
    for (int i = 0; i < pending.n; i++) {
        char *sit;
        if (asprintf(&sit, "%s/%s/sittings.txt", pdir, pending.s[i]) < 0) die("out of memory");
        char *fig = first_value(sit, 1, "figure");
        fprintf(f, "ARCHIVES_PENDING += %s\nPENDING_FIGURE.%s := %s\n", pending.s[i], pending.s[i], fig);
        free(fig), free(sit);
    }
    free(pdir);
    lines_free(&names), lines_free(&pending);
}
