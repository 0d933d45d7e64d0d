#include "record.h"
#include "err.h"
#include "readfile.h"
#include <stdlib.h>
#include <string.h>

static Record *record_open(Records *rs, int line) {
    rs->r = xrealloc(rs->r, (size_t)(rs->n + 1) * sizeof *rs->r);
    Record *r = &rs->r[rs->n++];
    *r = (Record){.line = line};
    return r;
}

Records *records_read(const char *path, int blocks) {
    size_t len;
    char *text = read_file(path, &len);
    require_final_newline(path, text, len);
    Records *rs = xcalloc(1, sizeof *rs);
    rs->path = xstrdup(path);
    Record *open = blocks ? NULL : record_open(rs, 1);
    int line = 1;
    for (char *p = text, *nl; *p; p = nl + 1, line++) {
        nl = strchr(p, '\n');
        *nl = 0;
        if (blocks && strcmp(p, RECORD_SITTING) == 0) open = record_open(rs, line);
        else if (!open) die("'%s' line %d: '%s' before the first %s", path, line, p, RECORD_SITTING);
        else if (p[0] == '=' || !strchr(p, '=')) die("'%s' line %d: '%s' is not KEY=VALUE", path, line, p);
        else lines_add(&open->kv, p);
    }
    free(text);
    return rs;
}

void records_free(Records *rs) {
    if (!rs) return;
    for (int i = 0; i < rs->n; i++) lines_free(&rs->r[i].kv);
    free(rs->r);
    free(rs->path);
    free(rs);
}

int record_line_has_key(const char *line, const char *key) {
    size_t n = strlen(key);
    return strncmp(line, key, n) == 0 && line[n] == '=';
}

const char *record_value(const Record *r, const char *key) {
    for (int i = 0; i < r->kv.n; i++)
        if (record_line_has_key(r->kv.s[i], key)) return r->kv.s[i] + strlen(key) + 1;
    return NULL;
}
