#include "provenance.h"
#include "err.h"
#include "readfile.h"
#include "record.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The form of a value. */
typedef enum { ANY, TEXT, COUNT, FLAG, DATE, COMMIT, SHA256 } Form;
static const char *const FORM_NAMES[] = {"text, may be empty", "text", "whole number", "0 or 1",
                                         "ISO 8601 UTC date", "commit", "sha256"};
/* The records a key belongs to, and must be stated in. */
enum { NONE = 0, ARCHIVE = 1, SITTING = 2, BOTH = 3 };

typedef struct {
    const char *key;    /* ending in '.': a family, KEY.NAME (code_id.PROGRAM) */
    Form form;
    int where;          /* the records it may appear in */
    int required;       /* the records that must state it */
    int repeats;        /* may appear more than once in one record */
    const char *meaning;
} ProvKey;

/* Every key of provenance.txt (ARCHIVE) and of a block of sittings.txt (SITTING). */
static const ProvKey PROVENANCE_KEYS[] = {
    {"figure", TEXT, BOTH, BOTH, 0, "the figure made (fig3 ... fig10, theory)"},
    {"command", TEXT, ARCHIVE, ARCHIVE, 0, "the make command that made the archive"},
    {"runs", ANY, SITTING, SITTING, 0, "the run files the sitting finished, space-separated (none: it kept checkpoints only)"},
    {"checkpoints", TEXT, SITTING, NONE, 0,
     "the checkpoints of unfinished runs the sitting kept for the next (pending/NAME/ckpt/), space-separated"},
    {"overrides", ANY, BOTH, BOTH, 0, "ARCHIVE_SET: the stated departures from the paper profile (VAR=value ...)"},
    {"threads", COUNT, BOTH, BOTH, 0, "THREADS: the threads of each run"},
    {"seed", COUNT, BOTH, BOTH, 0, "SEED: the seed of the runs"},
    {"launch", ANY, BOTH, BOTH, 0, "LAUNCH: the command prefix each run went through"},
    {"wall_seconds", COUNT, BOTH, BOTH, 0,
     "wall time in seconds: of the sitting; in provenance.txt summed over every sitting"},
    {"earlier_sittings", COUNT, ARCHIVE, NONE, 0,
     "the blocks of sittings.txt (absent from archives made before it was recorded, which have none)"},
    {"commit", COMMIT, BOTH, BOTH, 0, "the git commit of the tree that ran (ICAR_COMMIT on a copy without history)"},
    {"dirty", FLAG, BOTH, BOTH, 0, "1 if tracked files differed from that commit"},
    {"src_sha256", SHA256, BOTH, BOTH, 0, "a SHA-256 over every source of src/, committed or not"},
    {"kernel", TEXT, BOTH, BOTH, 0, "the CPU kernels: OpenBLAS's configuration, the level of the project's own"},
    {"code_id.", SHA256, BOTH, NONE, 0,
     "the code id (icar_code_id) of PROGRAM, which made archived CSVs"},
    {"cpu", TEXT, BOTH, BOTH, 0, "the CPU model"},
    {"cores", COUNT, BOTH, BOTH, 0, "the machine's cores (nproc --all)"},
    {"machine", TEXT, BOTH, NONE, 0,
     "whose cpu, cores and kernel these are: runs (every machine of every run's sidecar RUN.where agrees) or "
     "make (the machine that ran make: runs without sidecars, or runs that disagree, each then in where.RUN lines)"},
    {"host", TEXT, BOTH, NONE, 0, "with machine=runs: the host every run ran on"},
    {"make_kernel", TEXT, BOTH, NONE, 0,
     "with machine=runs: the CPU kernels of the machine that ran make (the assemblers), where they differ"},
    {"where.", TEXT, BOTH, NONE, 0,
     "with machine=make: where run RUN ran, from its sidecar (host=; cpu=; cores=; kernel=; threads=: the machine "
     "that finished it); where.RUN.N: the Nth segment of a resumed run (epochs A-B of LABEL; host=; ...)"},
    {"openblas_coretype", TEXT, BOTH, BOTH, 0, "OPENBLAS_CORETYPE, or unset"},
    {"date", DATE, BOTH, BOTH, 0, "when it was written, YYYY-MM-DDTHH:MM:SSZ"},
    {"note", TEXT, BOTH, NONE, 1,
     "KEY: TEXT, a correction or addition made by hand after the fact: what was changed, from what, and why"},
};
enum { NKEYS = sizeof PROVENANCE_KEYS / sizeof *PROVENANCE_KEYS };

void provenance_describe(FILE *f) {
    static const char *const WHERE[] = {"", PROVENANCE_FILE, SITTINGS_FILE, PROVENANCE_FILE " and " SITTINGS_FILE};
    for (int k = 0; k < NKEYS; k++) {
        const ProvKey *p = &PROVENANCE_KEYS[k];
        const char *family = strcmp(p->key, "where.") == 0 ? "where.RUN" : "code_id.PROGRAM";
        fprintf(f, "%-18s %-18s %s%s; %s\n", p->key[strlen(p->key) - 1] == '.' ? family : p->key,
                FORM_NAMES[p->form], p->required ? "required in " : "optional in ",
                WHERE[p->required ? p->required : p->where], p->meaning);
    }
}

static int key_index(const char *key) {
    for (int k = 0; k < NKEYS; k++) {
        const char *name = PROVENANCE_KEYS[k].key;
        size_t n = strlen(name);
        if (name[n - 1] == '.' ? strncmp(key, name, n) == 0 && key[n] : strcmp(key, name) == 0) return k;
    }
    return -1;
}

static int hex_digits(const char *s, size_t n) {
    return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/* An ISO 8601 UTC date as written: YYYY-MM-DDTHH:MM:SSZ, a real day and time. */
static int utc_date(const char *s) {
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end) return 0;
    time_t t = timegm(&tm);
    char back[32];
    return strftime(back, sizeof back, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t)) && strcmp(back, s) == 0;
}

static int by_id(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int in_history(const CommitList *c, const char *id) {
    return bsearch(&id, c->id, (size_t)c->n, sizeof *c->id, by_id) != NULL;
}

/* NULL if VALUE has the form F, else what is wrong with it. */
static const char *form_problem(Form f, const char *value, const CommitList *commits) {
    switch (f) {
    case ANY: return NULL;
    case TEXT: return *value ? NULL : "is empty";
    case COUNT: return *value && strspn(value, "0123456789") == strlen(value) ? NULL : "is not a whole number";
    case FLAG: return strcmp(value, "0") == 0 || strcmp(value, "1") == 0 ? NULL : "is not 0 or 1";
    case DATE: return utc_date(value) ? NULL : "is not an ISO 8601 UTC date (YYYY-MM-DDTHH:MM:SSZ)";
    case COMMIT:
        if (!hex_digits(value, 40)) return "is not a commit (40 lowercase hex digits)";
        return !commits || in_history(commits, value) ? NULL : "is not in the git history";
    case SHA256: return hex_digits(value, 64) ? NULL : "is not a SHA-256 (64 lowercase hex digits)";
    }
    return "has no known form";
}

/* One record being read: provenance.txt, or one block of sittings.txt. */
typedef struct {
    const char *path;
    int where;              /* ARCHIVE or SITTING */
    int line;               /* where it starts */
    int count[NKEYS];       /* lines of each known key */
    char **keys;            /* the keys read, for a key given twice */
    int nkeys;
    long earlier;           /* earlier_sittings, -1 if not stated */
} Checked;

static void record_free(Checked *r) {
    for (int i = 0; i < r->nkeys; i++) free(r->keys[i]);
    free(r->keys);
}

static void record_start(Checked *r, int line) {
    record_free(r);
    *r = (Checked){.path = r->path, .where = r->where, .line = line, .earlier = r->earlier};
}

/* The problems of one line KEY=VALUE (TEXT, modified) of record R. */
static int check_line(Checked *r, int line, char *text, const CommitList *commits) {
    char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        fprintf(stderr, "%s:%d: '%s' is not KEY=VALUE\n", r->path, line, text);
        return 1;
    }
    *eq = 0;
    const char *key = text, *value = eq + 1;
    int k = key_index(key);
    if (k < 0 || !(PROVENANCE_KEYS[k].where & r->where)) {
        fprintf(stderr, "%s:%d: unknown key '%s' (icar-archive keys lists the known ones)\n", r->path, line, key);
        return 1;
    }
    const ProvKey *p = &PROVENANCE_KEYS[k];
    for (int i = 0; i < r->nkeys && !p->repeats; i++)
        if (strcmp(r->keys[i], key) == 0) {
            fprintf(stderr, "%s:%d: '%s' given twice\n", r->path, line, key);
            return 1;
        }
    r->keys = xrealloc(r->keys, (size_t)(r->nkeys + 1) * sizeof *r->keys);
    r->keys[r->nkeys++] = xstrdup(key);
    r->count[k]++;
    if (strcmp(key, "earlier_sittings") == 0) r->earlier = strtol(value, NULL, 10);
    const char *why = form_problem(p->form, value, commits);
    if (why) fprintf(stderr, "%s:%d: %s '%s' %s\n", r->path, line, key, value, why);
    return why != NULL;
}

/* The required keys record R lacks. */
static int record_missing(const Checked *r) {
    int problems = 0;
    for (int k = 0; k < NKEYS; k++)
        if ((PROVENANCE_KEYS[k].required & r->where) && !r->count[k]) {
            fprintf(stderr, "%s:%d: no '%s' (%s)\n", r->path, r->line, PROVENANCE_KEYS[k].key,
                    PROVENANCE_KEYS[k].meaning);
            problems++;
        }
    return problems;
}

/* What a file read says besides its problems. */
typedef struct {
    int blocks;             /* blocks of sittings.txt */
    long earlier;           /* earlier_sittings of provenance.txt, -1 if not stated */
} FileSummary;

/* The problems of PATH, read as one record (ARCHIVE) or as blocks (SITTING). */
static int check_file(const char *path, int where, const CommitList *commits, FileSummary *s) {
    size_t len;
    char *text = read_file(path, &len);
    Checked r = {.path = path, .where = where, .line = 1, .earlier = -1};
    int problems = 0, open = where == ARCHIVE, line = 1, blocks = 0;
    if (len && text[len - 1] != '\n') {
        fprintf(stderr, "%s: the last line has no newline\n", path);
        problems++;
    }
    for (char *p = text, *nl; *p; p = nl + 1, line++) {
        nl = strchr(p, '\n');
        if (!nl) nl = p + strlen(p) - 1;   /* a last line without its newline: the loop ends after it */
        else *nl = 0;
        if (where == SITTING && strcmp(p, RECORD_SITTING) == 0) {
            if (open) problems += record_missing(&r);
            record_start(&r, line);
            open = 1;
            blocks++;
        } else if (!open) {
            fprintf(stderr, "%s:%d: '%s' before the first %s\n", path, line, p, RECORD_SITTING);
            problems++;
        } else
            problems += check_line(&r, line, p, commits);
    }
    if (open) problems += record_missing(&r);
    if (where == SITTING && !blocks) {
        fprintf(stderr, "%s: no %s block\n", path, RECORD_SITTING);
        problems++;
    }
    *s = (FileSummary){.blocks = blocks, .earlier = r.earlier};
    record_free(&r);
    free(text);
    return problems;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

int provenance_check(const char *dir, const CommitList *commits) {
    char *prov = xmalloc(strlen(dir) + sizeof PROVENANCE_FILE + 1), *sit = xmalloc(strlen(dir) + sizeof SITTINGS_FILE + 1);
    sprintf(prov, "%s/%s", dir, PROVENANCE_FILE);
    sprintf(sit, "%s/%s", dir, SITTINGS_FILE);
    int problems = 0;
    FileSummary p = {.earlier = -1}, s = {0};
    if (!exists(prov) && !exists(sit)) {
        fprintf(stderr, "%s: neither %s nor %s\n", dir, PROVENANCE_FILE, SITTINGS_FILE);
        problems++;
    }
    if (exists(prov)) problems += check_file(prov, ARCHIVE, commits, &p);
    if (exists(sit)) problems += check_file(sit, SITTING, commits, &s);
    if (exists(prov) && (p.earlier >= 0 ? p.earlier != s.blocks : s.blocks > 0)) {
        if (p.earlier < 0) fprintf(stderr, "%s: no earlier_sittings, %s has %d blocks\n", prov, SITTINGS_FILE, s.blocks);
        else fprintf(stderr, "%s: earlier_sittings is %ld, %s has %d blocks\n", prov, p.earlier, SITTINGS_FILE, s.blocks);
        problems++;
    }
    free(prov);
    free(sit);
    return problems;
}

CommitList *commits_read(const char *path) {
    size_t len;
    char *text = read_file(path, &len);
    CommitList *c = xcalloc(1, sizeof *c);
    int line = 1;
    for (char *p = text, *nl; *p; p = nl + 1, line++) {
        nl = strchr(p, '\n');
        if (!nl) die("'%s' line %d: the last line has no newline", path, line);
        *nl = 0;
        if (!hex_digits(p, 40)) die("'%s' line %d: '%s' is not a commit (40 lowercase hex digits)", path, line, p);
        c->id = xrealloc(c->id, (size_t)(c->n + 1) * sizeof *c->id);
        c->id[c->n++] = xstrdup(p);
    }
    free(text);
    qsort(c->id, (size_t)c->n, sizeof *c->id, by_id);
    return c;
}

void commits_free(CommitList *c) {
    if (!c) return;
    for (int i = 0; i < c->n; i++) free(c->id[i]);
    free(c->id);
    free(c);
}
