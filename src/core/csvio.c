#include "csvio.h"
#include "args.h"
#include "err.h"
#include "readfile.h"
#include <csv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------- writing ---------- */

CsvOut *csv_create(const char *path) {
    CsvOut *c = xcalloc(1, sizeof *c);
    c->file = atomic_open(path);
    return c;
}

void csv_setting(CsvOut *c, const char *key, const char *fmt, ...) {
    if (c->ncols) die("internal: setting '%s' written after the header of '%s'", key,
                      c->file->path);
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->file->fp, "# %s=", key);
    vfprintf(c->file->fp, fmt, ap);
    fputc('\n', c->file->fp);
    va_end(ap);
}

static void field_sep(CsvOut *c) {
    if (c->col > 0) fputc(',', c->file->fp);
    c->col++;
}

void csv_header(CsvOut *c, const char *names) {
    char *buf = xstrdup(names);
    c->ncols = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        csv_str(c, tok);
        c->ncols++;
    }
    free(buf);
    fputc('\n', c->file->fp);
    c->col = 0;
}

void csv_str(CsvOut *c, const char *s) {
    field_sep(c);
    /* csv_fwrite always quotes; plain words stay plain for readability. */
    if (strpbrk(s, ",\"\n\r") || s[0] == '#')
        csv_fwrite(c->file->fp, s, strlen(s));
    else
        fputs(s, c->file->fp);
}

void csv_num(CsvOut *c, double x) {
    field_sep(c);
    fprintf(c->file->fp, "%.17g", x);
}

void csv_int(CsvOut *c, long x) {
    field_sep(c);
    fprintf(c->file->fp, "%ld", x);
}

void csv_endrow(CsvOut *c) {
    if (c->ncols && c->col != c->ncols)
        die("internal: row of %d fields for %d columns in '%s'", c->col, c->ncols,
            c->file->path);
    fputc('\n', c->file->fp);
    c->col = 0;
}

void csv_close(CsvOut *c) {
    atomic_commit(c->file);
    free(c);
}

void csv_close_if_changed(CsvOut *c) {
    atomic_commit_if_changed(c->file);
    free(c);
}

/* ---------- reading ---------- */

typedef struct {
    CsvTable *t;
    int row_fields;          /* fields in the row being parsed */
    char **row;              /* the row being parsed */
    int row_cap;
    int cell_cap;
    int bad_row;             /* first row (1-based, header = 0) of wrong width, or -1 */
} Reader;

static void on_field(void *s, size_t len, void *data) {
    Reader *r = data;
    if (r->row_fields == r->row_cap) {
        r->row_cap = r->row_cap ? 2 * r->row_cap : 16;
        r->row = xrealloc(r->row, r->row_cap * sizeof *r->row);
    }
    char *f = xmalloc(len + 1);
    memcpy(f, s, len);
    f[len] = '\0';
    r->row[r->row_fields++] = f;
}

static void on_row(int term, void *data) {
    (void)term;
    Reader *r = data;
    CsvTable *t = r->t;
    if (!t->header) {
        t->ncols = r->row_fields;
        t->header = xmalloc(t->ncols * sizeof *t->header);
        memcpy(t->header, r->row, t->ncols * sizeof *t->header);
    } else if (r->row_fields != t->ncols) {
        if (r->bad_row < 0) r->bad_row = t->nrows + 1;
        for (int i = 0; i < r->row_fields; i++) free(r->row[i]);
    } else {
        if ((t->nrows + 1) * t->ncols > r->cell_cap) {
            r->cell_cap = r->cell_cap ? 2 * r->cell_cap : 64 * t->ncols;
            t->cells = xrealloc(t->cells, r->cell_cap * sizeof *t->cells);
        }
        memcpy(t->cells + (size_t)t->nrows * t->ncols, r->row, t->ncols * sizeof *t->cells);
        t->nrows++;
    }
    r->row_fields = 0;
}

/* Split off the leading "# key=value" lines; returns where the CSV proper starts. */
static const char *read_settings(CsvTable *t, const char *text) {
    const char *p = text;
    while (*p == '#') {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq) {
            const char *k = p + 1;
            while (*k == ' ') k++;
            t->setting_keys = xrealloc(t->setting_keys, (t->nsettings + 1) * sizeof(char *));
            t->setting_values = xrealloc(t->setting_values, (t->nsettings + 1) * sizeof(char *));
            t->setting_keys[t->nsettings] = strndup(k, eq - k);
            t->setting_values[t->nsettings] = strndup(eq + 1, p + len - eq - 1);
            t->nsettings++;
        }
        p += len + (eol ? 1 : 0);
    }
    return p;
}

static CsvTable *table_parse(const char *path, unsigned char delim) {
    size_t size;
    char *text = read_file(path, &size);
    require_final_newline(path, text, size);
    CsvTable *t = xcalloc(1, sizeof *t);
    t->path = xstrdup(path);
    const char *body = read_settings(t, text);
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) die("libcsv could not start");
    csv_set_delim(&p, delim);
    Reader r = {.t = t, .bad_row = -1};
    size_t len = strlen(body);
    if (csv_parse(&p, body, len, on_field, on_row, &r) != len || csv_fini(&p, on_field, on_row, &r) != 0)
        die("'%s' is not valid %s: %s", path, delim == CSV_TAB ? "TSV" : "CSV",
            csv_strerror(csv_error(&p)));
    csv_free(&p);
    free(r.row);
    free(text);
    if (!t->header) die("'%s' is empty: no CSV header", path);
    if (r.bad_row >= 0)
        die("'%s': data row %d does not have the %d columns of the header", path, r.bad_row,
            t->ncols);
    return t;
}

CsvTable *table_read(const char *path) { return table_parse(path, CSV_COMMA); }
CsvTable *table_read_tsv(const char *path) { return table_parse(path, CSV_TAB); }

void table_free(CsvTable *t) {
    if (!t) return;
    for (int i = 0; i < t->ncols; i++) free(t->header[i]);
    for (long i = 0; i < (long)t->nrows * t->ncols; i++) free(t->cells[i]);
    for (int i = 0; i < t->nsettings; i++) {
        free(t->setting_keys[i]);
        free(t->setting_values[i]);
    }
    free(t->setting_keys);
    free(t->setting_values);
    free(t->header);
    free(t->cells);
    free(t->path);
    free(t);
}

int table_col(const CsvTable *t, const char *name) {
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0) return i;
    die("'%s' has no column '%s'", t->path, name);
}

const char *table_cell(const CsvTable *t, int row, int col) {
    return t->cells[(size_t)row * t->ncols + col];
}

double table_num(const CsvTable *t, int row, int col) {
    const char *s = table_cell(t, row, col);
    char *end;
    double x = strtod(s, &end);
    if (end == s || *end) die("'%s' row %d column '%s': '%s' is not a number", t->path, row + 1,
                              t->header[col], s);
    return x;
}

const char *table_setting(const CsvTable *t, const char *key) {
    for (int i = 0; i < t->nsettings; i++)
        if (strcmp(t->setting_keys[i], key) == 0) return t->setting_values[i];
    return NULL;
}

void table_check_rows(const CsvTable *t, const char *key) {
    const char *stated = table_setting(t, key);
    if (!stated) return;
    char what[256];
    snprintf(what, sizeof what, "setting '%s' of '%s'", key, t->path);
    long n = arg_long(what, stated, 0, INT_MAX);
    if (n != t->nrows)
        die("'%s' holds %d data rows but its setting '%s' says %ld: rows were lost or added "
            "(a truncated or edited file)", t->path, t->nrows, key, n);
}
