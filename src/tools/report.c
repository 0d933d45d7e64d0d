/* icar-report — judge the measured claims against the registry, write the claims table
 * and print the verdict.
 *
 *   icar-report [--registry CLAIMS.tsv] [--if-changed] CLAIMS.csv FRAGMENT.csv...
 *
 * --if-changed leaves CLAIMS.csv untouched where it already holds the table (make check's
 * final report: the manuscript made from it stays up to date).
 *
 * The registry (claims.h) defines every claim: figure, statement, comparator, bounds
 * and, for a finding of the paper that does not reproduce, the reason. A fragment is
 * either
 *   - a claims fragment (id,measured,note), written by a program that measures claims:
 *     each id must be in the registry; pass is computed here from the registry's
 *     comparator and bounds, never taken from the fragment; or
 *   - a checks fragment (id,statement,comparator,bound,bound2,measured), written by a
 *     unit-test program: each check carries its own comparator and bounds; pass is
 *     computed here the same way (bounds that do not make a check fail it); the rows
 *     are counted and kept out of CLAIMS.csv.
 * A measured value that is NaN or infinite never passes. An id measured twice (the same
 * fragment given twice, two fragments with one id), an id of a claims fragment that
 * is not in the registry, or a unit check named like a registered claim is an error:
 * the report stops without writing CLAIMS.csv. A fragment that does not exist means the
 * program that should have written it failed: it counts as one failure. Without
 * --registry only checks fragments are accepted.
 *
 * CLAIMS.csv has one row per registered claim, in the registry's order, with the columns
 * id,figure,statement,expected,measured,tolerance,pass. A claim that no fragment
 * measured fails (measured nan): a claim that could not be evaluated fails.
 *
 * A claim with a deviation reason keeps pass = 0 in CLAIMS.csv and in the manuscript;
 * the verdict counts it as "as documented" (like a strict expected failure): if it
 * fails, that is the documented state; if it now passes, the registry is out of date and
 * that counts as a failure. The last line is "N passed, N failed"; exit status 1 if
 * anything failed.
 *
 * A claim measured on an archived paper-profile run (data/paper-profile/NAME) has the
 * id BASE@NAME and is judged by the registry's row BASE@NAME where there is one (a
 * finding documented for that archive alone), else by the row BASE; its rows follow the
 * registered ones. A documented deviation that passes there is no error: the paper's sizes
 * reproduce what the quick profile does not, and the report says so. Registered claims
 * of the figure "archive" (the archive's own consistency checks) and those that name an
 * archive (BASE@NAME) are measured only through an archive, and are not required when
 * no archive exists. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *REGISTRY_COLS[] = {"id", "figure", "comparator", "bound", "bound2", "statement", "deviation"};
enum { ID, FIGURE, COMPARATOR, BOUND, BOUND2, STATEMENT, DEVIATION, NREG };

/* A claim measured on an archived paper-profile run: id BASE@ARCHIVE, judged by the
 * registry's row BASE. */
typedef struct {
    const char *id, *measured, *note;
    int base;
} Archived;

typedef struct {
    const char *path;
    CsvTable *t;              /* NULL when no registry was given */
    int col[NREG];
    Check *check;             /* [t->nrows] */
    const char **measured;    /* [t->nrows]: the fragment's text, NULL until measured */
    const char **note;        /* [t->nrows] */
    Archived *arch;           /* [narch]: measurements of archived runs, id BASE@ARCHIVE */
    int narch, cap;
} Registry;

typedef struct {
    int passed, failed, deviating;
} Tally;

/* Every id measured so far, with the fragment that measured it (to name duplicates). */
typedef struct {
    const char **id, **where;
    int n, cap;
} Seen;

static const char *reg_cell(const Registry *g, int row, int col) {
    return table_cell(g->t, row, g->col[col]);
}

static int reg_find(const Registry *g, const char *id) {
    for (int r = 0; g->t && r < g->t->nrows; r++)
        if (strcmp(reg_cell(g, r, ID), id) == 0) return r;
    return -1;
}

static void registry_read(Registry *g, const char *path) {
    g->path = path;
    g->t = table_read_tsv(path);
    for (int k = 0; k < NREG; k++) g->col[k] = table_col(g->t, REGISTRY_COLS[k]);
    int n = g->t->nrows;
    g->check = xcalloc(n, sizeof *g->check);
    g->measured = xcalloc(n, sizeof *g->measured);
    g->note = xcalloc(n, sizeof *g->note);
    for (int r = 0; r < n; r++) {
        const char *id = reg_cell(g, r, ID);
        char why[256];
        if (!*id || !*reg_cell(g, r, FIGURE) || !*reg_cell(g, r, STATEMENT))
            die("'%s' row %d: id, figure and statement must not be empty", path, r + 1);
        if (reg_find(g, id) != r) die("'%s': claim '%s' is registered twice", path, id);
        if (!check_parse(&g->check[r], reg_cell(g, r, COMPARATOR), reg_cell(g, r, BOUND),
                         reg_cell(g, r, BOUND2), why, sizeof why))
            die("'%s': claim '%s': %s", path, id, why);
    }
}

static void seen_add(Seen *s, const char *id, const char *where) {
    for (int k = 0; k < s->n; k++)
        if (strcmp(s->id[k], id) == 0)
            die("'%s' is measured twice: in '%s' and in '%s'", id, s->where[k], where);
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->id = xrealloc(s->id, s->cap * sizeof *s->id);
        s->where = xrealloc(s->where, s->cap * sizeof *s->where);
    }
    s->id[s->n] = id;
    s->where[s->n++] = where;
}

/* 1 iff the header of t is exactly the comma-separated list names. */
static int header_is(const CsvTable *t, const char *names) {
    char *buf = xstrdup(names), *save;
    int k = 0, same = 1;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), k++)
        same = same && k < t->ncols && strcmp(t->header[k], tok) == 0;
    free(buf);
    return same && k == t->ncols;
}

/* Rows judged only through an archive's measurement: the archive's own checks (the
 * registry's figure "archive": measured per archive, never bare), and rows registered for
 * one archive (BASE@NAME: a finding that differs at the paper's sizes). */
#define ARCHIVE_FIGURE "archive"
static int archive_only(const Registry *g, int row) {
    return strcmp(reg_cell(g, row, FIGURE), ARCHIVE_FIGURE) == 0 || strchr(reg_cell(g, row, ID), '@') != NULL;
}

static void archived_add(Registry *g, const CsvTable *t, int r, const char *id) {
    const char *at = strchr(id, '@');
    char *base = xstrdup(id);
    base[at - id] = 0;
    int k = reg_find(g, id);              /* a row of its own for this archive, else BASE's */
    if (k < 0) k = reg_find(g, base);
    if (k < 0 || !at[1]) die("'%s': claim '%s' names no registered claim before its '@ARCHIVE'", t->path, id);
    free(base);
    if (g->narch == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 64;
        g->arch = xrealloc(g->arch, g->cap * sizeof *g->arch);
    }
    g->arch[g->narch++] = (Archived){id, table_cell(t, r, 1), table_cell(t, r, 2), k};
}

static void read_claims(const CsvTable *t, Registry *g, Seen *seen) {
    if (!g->t) die("'%s' is a claims fragment: the registry (--registry FILE.tsv) is needed", t->path);
    for (int r = 0; r < t->nrows; r++) {
        const char *id = table_cell(t, r, 0);
        seen_add(seen, id, t->path);
        table_num(t, r, 1);   /* dies unless a number (nan and inf are numbers that fail) */
        if (strchr(id, '@')) { archived_add(g, t, r, id); continue; }
        int k = reg_find(g, id);
        if (k < 0) die("'%s': claim '%s' is not in the registry '%s'", t->path, id, g->path);
        if (archive_only(g, k)) die("'%s': claim '%s' is measured per archive, as %s@ARCHIVE", t->path, id, id);
        g->measured[k] = table_cell(t, r, 1);
        g->note[k] = table_cell(t, r, 2);
    }
}

static void judge_checks(const CsvTable *t, const Registry *g, Seen *seen, Tally *n) {
    for (int r = 0; r < t->nrows; r++) {
        const char *id = table_cell(t, r, 0), *cmp = table_cell(t, r, 2);
        const char *b1 = table_cell(t, r, 3), *b2 = table_cell(t, r, 4);
        char why[256], expected[128], tol[128];
        if (reg_find(g, id) >= 0)
            die("'%s': unit check '%s' has the id of a registered claim", t->path, id);
        seen_add(seen, id, t->path);
        Check k;
        if (!check_parse(&k, cmp, b1, b2, why, sizeof why)) {
            n->failed++;
            printf("FAILED %s [unit] %s: %s\n", id, table_cell(t, r, 1), why);
            continue;
        }
        if (check_pass(&k, table_num(t, r, 5))) { n->passed++; continue; }
        n->failed++;
        check_describe(cmp, b1, b2, expected, sizeof expected, tol, sizeof tol);
        printf("FAILED %s [unit] %s: expected %s, measured %s (%s)\n", id, table_cell(t, r, 1),
               expected, table_cell(t, r, 5), tol);
    }
}

/* Verdict on a measurement (text; NULL: not measured) of registered claim r, under the
 * name id (the claim's own, or BASE@ARCHIVE); prints it unless it is a plain pass.
 * A documented deviation that passes is stale, except on an archived run: there it is
 * the paper profile reproducing what the quick profile does not, and counts as a pass. */
static int judge_claim(const Registry *g, int r, const char *id, const char *measured, const char *expected,
                       const char *tol, Tally *n) {
    const char *reason = reg_cell(g, r, DEVIATION);
    int archived = strchr(id, '@') != NULL;
    if (!measured) {
        n->failed++;
        printf("FAILED %s [%s]: measured by no program (see above), so it could not be evaluated\n", id,
               reg_cell(g, r, FIGURE));
        return 0;
    }
    int pass = check_pass(&g->check[r], strtod(measured, NULL));
    if (*reason && !pass) {
        n->passed++;
        n->deviating++;
        printf("DEVIATES %s: expected %s, measured %s — documented: %s\n", id, expected, measured, reason);
    } else if (*reason && !archived) {
        n->failed++;
        printf("FAILED %s: registered as a deviation from the paper but now reproduces (measured %s); "
               "empty its deviation in %s\n", id, measured, g->path);
    } else if (pass) {
        n->passed++;
        if (*reason) printf("REPRODUCES %s: the archived run meets %s (measured %s)\n", id, expected, measured);
    } else {
        n->failed++;
        printf("FAILED %s [%s] %s: expected %s, measured %s (%s)\n", id, reg_cell(g, r, FIGURE),
               reg_cell(g, r, STATEMENT), expected, measured, tol);
    }
    return pass;
}

/* One row of the claims table: registered claim r measured as id. */
static void write_row(CsvOut *out, const Registry *g, int r, const char *id, const char *measured,
                      const char *note, Tally *n) {
    char expected[128], tol[128], statement[4096];
    check_describe(reg_cell(g, r, COMPARATOR), reg_cell(g, r, BOUND), reg_cell(g, r, BOUND2),
                   expected, sizeof expected, tol, sizeof tol);
    int pass = judge_claim(g, r, id, measured, expected, tol, n);
    note = note ? note : "";
    snprintf(statement, sizeof statement, *note ? "%s (%s)" : "%s", reg_cell(g, r, STATEMENT), note);
    const char *row[] = {id, reg_cell(g, r, FIGURE), statement, expected, measured ? measured : "nan", tol,
                         pass ? "1" : "0"};
    for (size_t k = 0; k < sizeof row / sizeof *row; k++) csv_str(out, row[k]);
    csv_endrow(out);
}

/* The registered claims in the registry's order (those measured per archive only are
 * skipped), then every archived measurement in the order read. */
static void write_claims(const char *path, const Registry *g, Tally *n, int if_changed) {
    CsvOut *out = csv_create(path);
    csv_header(out, "id,figure,statement,expected,measured,tolerance,pass");
    for (int r = 0; g->t && r < g->t->nrows; r++)
        if (!archive_only(g, r))
            write_row(out, g, r, reg_cell(g, r, ID), g->measured[r], g->note[r], n);
    for (int a = 0; a < g->narch; a++)
        write_row(out, g, g->arch[a].base, g->arch[a].id, g->arch[a].measured, g->arch[a].note, n);
    if (if_changed) csv_close_if_changed(out);
    else csv_close(out);
}

int main(int argc, char **argv) {
    Registry g = {0};
    const char *registry = NULL, *operands = "CLAIMS.csv FRAGMENT.csv...";
    int if_changed = 0;
    const Opt opts[] = {
        {"registry", OPT_STRING, &registry, .arg = "CLAIMS.tsv",
         .help = "the claims registry: statements, bounds and documented deviations"},
        {"if-changed", OPT_FLAG, &if_changed,
         .help = "leave CLAIMS.csv (and its time) alone where it already holds this table"},
        {0}};
    int first = opts_parse(opts, argc, argv, "icar-report", operands);
    if (first == argc) opts_fail(opts, "icar-report", operands, "give the claims table to write and the fragments");
    if (registry) registry_read(&g, registry);
    int nfrag = argc - first - 1;
    CsvTable **frag = xcalloc(nfrag + 1, sizeof *frag);
    Seen seen = {0};
    Tally n = {0};
    for (int i = 0; i < nfrag; i++) {
        const char *path = argv[first + 1 + i];
        if (access(path, R_OK) != 0) {
            printf("FAILED %s: not written; the program that measures it failed (see above)\n", path);
            n.failed++;
            continue;
        }
        frag[i] = table_read(path);
        if (header_is(frag[i], CLAIMS_HEADER)) read_claims(frag[i], &g, &seen);
        else if (header_is(frag[i], CHECKS_HEADER)) judge_checks(frag[i], &g, &seen, &n);
        else die("'%s' is neither a claims fragment (" CLAIMS_HEADER ") nor a checks fragment (" CHECKS_HEADER ")",
                 path);
    }
    write_claims(argv[first], &g, &n, if_changed);
    if (n.deviating)
        printf("%d of the passed checks are documented deviations from the paper (pass = 0 in %s; "
               "see the deviation column of %s)\n", n.deviating, argv[first], g.path);
    printf("%d passed, %d failed\n", n.passed, n.failed);
    for (int i = 0; i < nfrag; i++) table_free(frag[i]);
    free(frag); free(seen.id); free(seen.where);
    free(g.check); free(g.measured); free(g.note); free(g.arch);
    table_free(g.t);
    return n.failed ? 1 : 0;
}
