#include "seedtable.h"
#include "err.h"
#include "numtext.h"
#include "spread.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int named(const char *name, const char *const *names, int n) {
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) return 1;
    return 0;
}

static int is_key(const SeedTables *s, int col) {
    for (int k = 0; k < s->nkeys; k++)
        if (s->key[k] == col) return 1;
    return 0;
}

/* 1 iff setting i of t is one the copies must share (not `seed`, not a varying one). */
static int shared_setting(const SeedTables *s, const CsvTable *t, int i) {
    const char *k = t->setting_keys[i];
    return strcmp(k, "seed") != 0 && !named(k, s->vary, s->nvary);
}

/* The index of the next shared setting of t from i on (t->nsettings if none). */
static int next_shared(const SeedTables *s, const CsvTable *t, int i) {
    while (i < t->nsettings && !shared_setting(s, t, i)) i++;
    return i;
}

static void check_settings(const SeedTables *s, int c) {
    const CsvTable *a = s->t[0], *b = s->t[c];
    const char *seed = table_setting(b, "seed");
    if (seed) {
        char *end;
        long v = strtol(seed, &end, 10);
        if (end == seed || *end || v != s->seed[c])
            die("'%s' says '# seed=%s', but it was given as the copy of seed %ld", b->path, seed, s->seed[c]);
    }
    static const char *const OURS[] = {"seeds", "over_seeds", "varies_over_seeds"};
    for (int k = 0; k < 3; k++)
        if (table_setting(b, OURS[k]))
            die("'%s' already has a '# %s=' setting: is it a file put together over seeds already?", b->path, OURS[k]);
    int i = next_shared(s, a, 0), j = next_shared(s, b, 0);
    for (; i < a->nsettings && j < b->nsettings; i = next_shared(s, a, i + 1), j = next_shared(s, b, j + 1)) {
        if (strcmp(a->setting_keys[i], b->setting_keys[j]) != 0)
            die("'%s': setting '%s' where '%s' has '%s' (the copies of one CSV over seeds share their settings)",
                b->path, b->setting_keys[j], a->path, a->setting_keys[i]);
        if (strcmp(a->setting_values[i], b->setting_values[j]) != 0)
            die("'%s': '# %s=%s', but '%s' has '# %s=%s' (a setting that differs between seeds: "
                "a value measured per seed may be named as varying)",
                b->path, b->setting_keys[j], b->setting_values[j], a->path, a->setting_keys[i], a->setting_values[i]);
    }
    if (i < a->nsettings) die("'%s' lacks the setting '%s' that '%s' has", b->path, a->setting_keys[i], a->path);
    if (j < b->nsettings) die("'%s' has a setting '%s' that '%s' lacks", b->path, b->setting_keys[j], a->path);
}

static void check_header(const SeedTables *s, int c) {
    const CsvTable *a = s->t[0], *b = s->t[c];
    if (a->ncols != b->ncols)
        die("'%s' has %d columns, '%s' %d (the copies of one CSV over seeds share their header)", b->path,
            b->ncols, a->path, a->ncols);
    for (int j = 0; j < a->ncols; j++)
        if (strcmp(a->header[j], b->header[j]) != 0)
            die("'%s': column %d is '%s', in '%s' it is '%s' (the copies of one CSV over seeds share their header)",
                b->path, j + 1, b->header[j], a->path, a->header[j]);
}

/* 1 iff row ra of the first copy and row rb of copy c are the same point. */
static int same_point(const SeedTables *s, int c, int ra, int rb) {
    for (int k = 0; k < s->nkeys; k++)
        if (strcmp(table_cell(s->t[0], ra, s->key[k]), table_cell(s->t[c], rb, s->key[k])) != 0) return 0;
    return 1;
}

/* Copy c's rows among the first copy's points, in their order: s->row[c][ra], the row of
 * copy c at point ra of the first copy, or -1 where copy c lacks it. */
static void check_rows(SeedTables *s, int c) {
    const CsvTable *a = s->t[0], *b = s->t[c];
    int *row = s->row[c] = xmalloc((a->nrows > 0 ? a->nrows : 1) * sizeof *row);
    int ra = 0;
    for (int rb = 0; rb < b->nrows; rb++, ra++) {
        while (ra < a->nrows && !same_point(s, c, ra, rb)) row[ra++] = -1;
        if (ra == a->nrows)
            die("'%s' row %d: a point that '%s' does not hold, or not in its order (the copies of one CSV over "
                "seeds hold the first copy's points, or some of them, in its order)", b->path, rb + 1, a->path);
        row[ra] = rb;
    }
    while (ra < a->nrows) row[ra++] = -1;
}

static void check_values(const SeedTables *s, int c) {
    const CsvTable *t = s->t[c];
    for (int r = 0; r < t->nrows; r++)
        for (int j = 0; j < t->ncols; j++) {
            double x;
            if (!is_key(s, j) && !num_parse(table_cell(t, r, j), &x))
                die("'%s' row %d column '%s': '%s' is not a number (a column that names the point is a key)",
                    t->path, r + 1, t->header[j], table_cell(t, r, j));
        }
}

SeedTables *seedtable_check(CsvTable **t, const long *seed, int n, const char *const *keys, int nkeys,
                            const char *const *vary, int nvary) {
    if (n < 1) die("no copies to put together over seeds");
    SeedTables *s = xcalloc(1, sizeof *s);
    s->n = n;
    s->seed = seed;
    s->t = t;
    s->vary = vary;
    s->nvary = nvary;
    s->key = xcalloc(nkeys > 0 ? nkeys : 1, sizeof *s->key);
    s->row = xcalloc(n, sizeof *s->row);
    const CsvTable *a = t[0];
    for (int j = 0; j < a->ncols; j++) {
        if (!a->header[j][0] || strpbrk(a->header[j], ",\"\n\r"))
            die("'%s': column %d is named '%s' (a column's name must be a plain, non-empty word)", a->path, j + 1,
                a->header[j]);
        for (int i = 0; i < j; i++)
            if (strcmp(a->header[i], a->header[j]) == 0)
                die("'%s': two columns are named '%s' (each column of one CSV over seeds needs a name of its own)",
                    a->path, a->header[j]);
        if (named(a->header[j], keys, nkeys)) s->key[s->nkeys++] = j;
    }
    for (int k = 0; k < nkeys; k++) {
        if (named(keys[k], keys, k)) die("key column '%s' named twice", keys[k]);
        int j = 0;
        while (j < a->ncols && strcmp(a->header[j], keys[k]) != 0) j++;
        if (j == a->ncols) die("'%s' has no column '%s' (named as a key)", a->path, keys[k]);
    }
    if (s->nkeys == a->ncols) die("'%s': every column is a key, there is no value to put together", a->path);
    for (int c = 0; c < n; c++) {
        for (int d = 0; d < c; d++)
            if (seed[d] == seed[c]) die("seed %ld given twice ('%s' and '%s')", seed[c], t[d]->path, t[c]->path);
        check_settings(s, c);
        check_header(s, c);
        check_rows(s, c);
        check_values(s, c);
    }
    return s;
}

/* The shared settings, `seeds` where `seed` stood, then over_seeds=WHAT and the settings
 * left out. */
static void write_settings(const SeedTables *s, CsvOut *out, const char *what) {
    const CsvTable *a = s->t[0];
    size_t len = 1 + 24 * (size_t)s->n;
    char *seeds = xcalloc(len, 1);
    for (int c = 0; c < s->n; c++)
        snprintf(seeds + strlen(seeds), len - strlen(seeds), "%s%ld", c ? " " : "", s->seed[c]);
    int done = 0;
    for (int i = 0; i < a->nsettings; i++) {
        if (strcmp(a->setting_keys[i], "seed") == 0 && !done) {
            csv_setting(out, "seeds", "%s", seeds);
            done = 1;
        } else if (shared_setting(s, a, i)) {
            csv_setting(out, a->setting_keys[i], "%s", a->setting_values[i]);
        }
    }
    if (!done) csv_setting(out, "seeds", "%s", seeds);
    csv_setting(out, "over_seeds", "%s", what);
    size_t vlen = 1;
    for (int i = 0; i < a->nsettings; i++) vlen += strlen(a->setting_keys[i]) + 1;
    char *varies = xcalloc(vlen, 1);
    for (int i = 0; i < a->nsettings; i++)
        if (named(a->setting_keys[i], s->vary, s->nvary))
            snprintf(varies + strlen(varies), vlen - strlen(varies), "%s%s", *varies ? " " : "", a->setting_keys[i]);
    if (*varies) csv_setting(out, "varies_over_seeds", "%s", varies);
    free(varies);
    free(seeds);
}

/* A header from names (joined by commas). */
static void header_of(CsvOut *out, char **names, int n) {
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(names[i]) + 1;
    char *h = xcalloc(len, 1);
    for (int i = 0; i < n; i++) {
        if (i) strcat(h, ",");
        strcat(h, names[i]);
    }
    csv_header(out, h);
    free(h);
}

void seedtable_write_long(const SeedTables *s, CsvOut *out) {
    const CsvTable *a = s->t[0];
    write_settings(s, out, "every row of the copy of each seed, after its seed");
    char **names = xcalloc(a->ncols + 1, sizeof *names);
    names[0] = "seed";
    for (int j = 0; j < a->ncols; j++) names[j + 1] = a->header[j];
    header_of(out, names, a->ncols + 1);
    free(names);
    for (int c = 0; c < s->n; c++)
        for (int r = 0; r < s->t[c]->nrows; r++) {
            csv_int(out, s->seed[c]);
            for (int j = 0; j < a->ncols; j++) csv_str(out, table_cell(s->t[c], r, j));
            csv_endrow(out);
        }
}

void seedtable_write_aggregate(const SeedTables *s, CsvOut *out) {
    const CsvTable *a = s->t[0];
    char what[512] = "per point (the key columns";
    for (int k = 0; k < s->nkeys; k++)
        snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", k ? ", " : " ", a->header[s->key[k]]);
    snprintf(what + strlen(what), sizeof what - strlen(what),
             "), for each value column V: V_n seeds with a finite value, V_median, V_min, V_max over them "
             "(median of an even count: the mean of the middle two)");
    write_settings(s, out, what);
    int nv = a->ncols - s->nkeys;
    char **names = xcalloc(s->nkeys + 4 * nv, sizeof *names);
    int m = 0;
    for (int k = 0; k < s->nkeys; k++) names[m++] = xstrdup(a->header[s->key[k]]);
    static const char *const STAT[] = {"n", "median", "min", "max"};
    for (int j = 0; j < a->ncols; j++)
        if (!is_key(s, j))
            for (int q = 0; q < 4; q++) {
                size_t len = strlen(a->header[j]) + 8;
                names[m] = xmalloc(len);
                snprintf(names[m++], len, "%s_%s", a->header[j], STAT[q]);
            }
    header_of(out, names, m);
    for (int i = 0; i < m; i++) free(names[i]);
    free(names);
    double *v = xcalloc(s->n, sizeof *v);
    for (int r = 0; r < a->nrows; r++) {
        for (int k = 0; k < s->nkeys; k++) csv_str(out, table_cell(a, r, s->key[k]));
        for (int j = 0; j < a->ncols; j++) {
            if (is_key(s, j)) continue;
            for (int c = 0; c < s->n; c++) {   /* a seed without the point: NaN, not counted */
                v[c] = NAN;
                if (s->row[c][r] >= 0) num_parse(table_cell(s->t[c], s->row[c][r], j), &v[c]);   /* checked */
            }
            Spread sp = spread_of(v, s->n);
            csv_int(out, sp.n);
            csv_num(out, sp.median);
            csv_num(out, sp.min);
            csv_num(out, sp.max);
        }
        csv_endrow(out);
    }
    free(v);
}

void seedtable_free(SeedTables *s) {
    if (!s) return;
    for (int c = 0; c < s->n; c++) free(s->row[c]);
    free(s->row);
    free(s->key);
    free(s);
}
