/* findings.c — the paper's findings and their verdicts (findings.h). */
#include "findings.h"
#include "err.h"
#include <stdlib.h>
#include <string.h>

/* Registry figures whose rows check the pipeline itself, not a finding of the paper. */
static const char *const PIPELINE_FIGURES[] = {"archive", "nn"};
/* The archive name of the paper-size runs: BASE@paper, or BASE@paper-NAME. */
#define PAPER_ARCHIVE "@paper"

static int is_pipeline_row(const CsvTable *g, int r) {
    const char *figure = table_cell(g, r, table_col(g, "figure"));
    for (size_t k = 0; k < sizeof PIPELINE_FIGURES / sizeof *PIPELINE_FIGURES; k++)
        if (strcmp(figure, PIPELINE_FIGURES[k]) == 0) return 1;
    return 0;
}

static int find_row(const CsvTable *t, const char *id) {
    int c = table_col(t, "id");
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, c), id) == 0) return r;
    return -1;
}

int findings_registry_row(const Findings *fs, const char *id) {
    int r = find_row(fs->registry, id);
    if (r >= 0) return r;
    char *base = xstrdup(id), *at = strchr(base, '@');
    if (at) *at = '\0';
    r = find_row(fs->registry, base);
    free(base);
    if (r < 0) die("'%s' registers no claim '%s'", fs->registry->path, id);
    return r;
}

/* A section anchor: letters, digits and '-' only. */
static int is_anchor(const char *s) {
    return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

/* Finding k (row k of the file) from its cells; fs->owner[r] records which finding holds
 * registry row r. Everything allocated hangs from fs before a check can stop the program. */
static void read_finding(Findings *fs, int k) {
    const CsvTable *t = fs->t, *g = fs->registry;
    Finding *f = &fs->f[k];
    f->id = table_cell(t, k, table_col(t, "id"));
    f->section = table_cell(t, k, table_col(t, "section"));
    f->statement = table_cell(t, k, table_col(t, "statement"));
    const char *kind = table_cell(t, k, table_col(t, "kind"));
    if (!*f->id || !*f->statement) die("'%s' row %d: id and statement must not be empty", fs->path, k + 1);
    if (find_row(t, f->id) != k) die("'%s' row %d: finding '%s' is listed twice", fs->path, k + 1, f->id);
    if (!is_anchor(f->section))
        die("'%s' row %d (%s): section '%s' is not an anchor (a-z, 0-9, '-')", fs->path, k + 1, f->id, f->section);
    if (strcmp(kind, "finding") == 0) f->kind = KIND_FINDING;
    else if (strcmp(kind, "erratum") == 0) f->kind = KIND_ERRATUM;
    else die("'%s' row %d (%s): kind '%s' is neither finding nor erratum", fs->path, k + 1, f->id, kind);
    char *save;
    f->claims_text = xstrdup(table_cell(t, k, table_col(t, "claims")));
    f->claims = xcalloc(strlen(f->claims_text) / 2 + 1, sizeof *f->claims);
    for (char *id = strtok_r(f->claims_text, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
        int r = find_row(g, id);
        if (r < 0 || strchr(id, '@') || is_pipeline_row(g, r))
            die("'%s' row %d (%s): '%s' is not a claim of a finding in the registry '%s'", fs->path, k + 1, f->id,
                id, g->path);
        if (fs->owner[r] >= 0)
            die("'%s' row %d (%s): claim '%s' already belongs to finding '%s'", fs->path, k + 1, f->id, id,
                fs->f[fs->owner[r]].id);
        fs->owner[r] = k;
        f->claims[f->nclaims++] = id;
    }
    if (!f->nclaims) die("'%s' row %d (%s): no claim decides it", fs->path, k + 1, f->id);
}

Findings *findings_read(const char *path, const char *registry) {
    Findings *fs = xcalloc(1, sizeof *fs);
    fs->path = path;
    fs->t = table_read_tsv(path);
    fs->registry = table_read_tsv(registry);
    fs->n = fs->t->nrows;
    fs->f = xcalloc(fs->n + 1, sizeof *fs->f);
    const CsvTable *g = fs->registry;
    fs->owner = xcalloc(g->nrows + 1, sizeof *fs->owner);
    for (int r = 0; r < g->nrows; r++) fs->owner[r] = -1;
    for (int k = 0; k < fs->n; k++) read_finding(fs, k);
    for (int r = 0; r < g->nrows; r++) {
        const char *id = table_cell(g, r, table_col(g, "id"));
        if (fs->owner[r] < 0 && !strchr(id, '@') && !is_pipeline_row(g, r))
            die("'%s': claim '%s' of the registry '%s' belongs to no finding", path, id, g->path);
    }
    return fs;
}

void findings_free(Findings *fs) {
    for (int k = 0; k < fs->n; k++) {
        free(fs->f[k].claims_text);
        free(fs->f[k].claims);
    }
    free(fs->f);
    free(fs->owner);
    table_free(fs->t);
    table_free(fs->registry);
    free(fs);
}

/* Is row id of the claims table a measurement of claim base at profile p? */
static int measures(const char *id, const char *base, Profile p) {
    size_t n = strlen(base);
    if (strncmp(id, base, n) != 0) return 0;
    if (p == PROFILE_RUN) return id[n] == '\0';
    size_t a = strlen(PAPER_ARCHIVE);
    return strncmp(id + n, PAPER_ARCHIVE, a) == 0 && (id[n + a] == '\0' || id[n + a] == '-');
}

Verdict claims_row_verdict(const CsvTable *claims, int r) {
    Verdict v;
    const char *s = table_cell(claims, r, table_col(claims, "verdict"));
    if (!verdict_parse(s, &v)) die("'%s' row %d: verdict '%s' is not a verdict", claims->path, r + 1, s);
    return v;
}

/* The rule of findings.h over the n verdicts v[] of a finding's rows. */
static Verdict combine(FindingKind kind, const Verdict *v, int n) {
    int reproduce = 0, deviate = 0;
    for (int i = 0; i < n; i++) {
        reproduce += v[i] == VERDICT_REPRODUCES;
        deviate += v[i] == VERDICT_DEVIATES;
    }
    if (n == 0) return VERDICT_UNMEASURED;
    if (kind == KIND_ERRATUM) return reproduce == n ? VERDICT_DEVIATES : VERDICT_INCONCLUSIVE;
    if (reproduce == n) return VERDICT_REPRODUCES;
    return deviate ? VERDICT_DEVIATES : VERDICT_INCONCLUSIVE;
}

/* Whether id is the claim of the plain paper-size archive (BASE@paper), not of a variant. */
static int plain_archive(const char *id) {
    const char *at = strchr(id, '@');
    return at && strcmp(at, PAPER_ARCHIVE) == 0;
}

int finding_rows(const Findings *fs, const Finding *f, const CsvTable *claims, Profile p, int *rows) {
    int id_col = table_col(claims, "id"), n = 0;
    for (int i = 0; i < f->nclaims; i++) {
        int before = n;
        /* the plain archive's row first, then those of its variants (BASE@paper-NAME) */
        for (int variant = 0; variant < 2; variant++)
            for (int r = 0; r < claims->nrows; r++) {
                const char *id = table_cell(claims, r, id_col);
                if (measures(id, f->claims[i], p) && (p == PROFILE_RUN ? !variant : plain_archive(id) == !variant))
                    rows[n++] = r;
            }
        if (p == PROFILE_RUN && n == before)
            die("'%s' has no claim '%s' (finding '%s' of '%s')", claims->path, f->claims[i], f->id, fs->path);
    }
    return n;
}

FindingVerdict finding_judge(const Findings *fs, const Finding *f, const CsvTable *claims, Profile p) {
    int *rows = xcalloc(claims->nrows + 1, sizeof *rows);
    Verdict *v = xcalloc(claims->nrows + 1, sizeof *v);
    int n = finding_rows(fs, f, claims, p, rows);
    for (int i = 0; i < n; i++) v[i] = claims_row_verdict(claims, rows[i]);
    FindingVerdict out = {combine(f->kind, v, n), n ? rows[0] : -1};
    for (int i = n - 1; i >= 0; i--)
        if (v[i] == out.verdict || (out.verdict == VERDICT_INCONCLUSIVE && v[i] == VERDICT_UNMEASURED))
            out.deciding = rows[i];
    free(rows);
    free(v);
    return out;
}

void findings_count(const Findings *fs, const CsvTable *claims, Profile p, int count[VERDICT_UNMEASURED + 1]) {
    for (int v = 0; v <= VERDICT_UNMEASURED; v++) count[v] = 0;
    for (int k = 0; k < fs->n; k++) count[finding_judge(fs, &fs->f[k], claims, p).verdict]++;
}
