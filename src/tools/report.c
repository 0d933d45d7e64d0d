/* icar-report — judge the measured claims against the registry, over seeds, write the
 * claims table and print the verdict.
 *
 *   icar-report [--registry CLAIMS.tsv] [--findings FINDINGS.tsv] [--if-changed] CLAIMS.csv
 *               [seed=N] FRAGMENT.csv...
 *
 * --if-changed leaves CLAIMS.csv untouched where it already holds the table (make check's
 * final report: the manuscript made from it stays up to date).
 *
 * The registry (claims.h) defines every claim: figure, comparator and bounds, the number
 * of seeds that settles it, its documented verdict, statement and, for a finding that
 * does not reproduce, the reason. A fragment is either
 *   - a claims fragment (id,measured,note), written by a program that measures claims:
 *     each id must be in the registry; whether a value meets the claim is computed here
 *     from the registry's comparator and bounds, never taken from the fragment; or
 *   - a checks fragment (id,statement,comparator,bound,bound2,measured), written by a
 *     unit-test program: each check carries its own comparator and bounds; pass is
 *     computed here the same way (bounds that do not make a check fail it); the rows
 *     are counted and kept out of CLAIMS.csv.
 * An operand seed=N says that the claims fragments after it were measured with seed N
 * (until the next seed=; before the first, seed 1). A claim is measured once per seed,
 * and judged over its seeds by the rule of verdict.h: reproduces (every seed meets it,
 * and enough seeds were measured), deviates (none does), inconclusive (the seeds
 * disagree, or too few were measured), unmeasured. A measured value that is NaN or
 * infinite never meets a claim. An id measured twice for one seed, an id of a claims
 * fragment that is not in the registry, or a unit check named like a registered claim is
 * an error: the report stops without writing CLAIMS.csv. A fragment that does not exist
 * means the program that should have written it failed: it counts as one failure.
 * Without --registry only checks fragments are accepted.
 *
 * CLAIMS.csv has one row per registered claim, in the registry's order, with the columns
 * id,figure,statement,expected,measured,tolerance,pass,seeds,values,min,max,held,verdict:
 * measured is the median over the seeds (the value as written when there is one seed),
 * pass is 1 iff the verdict is "reproduces", seeds and values list each seed and its
 * value (space-separated), held counts the seeds that meet the claim.
 *
 * The check passes a claim whose verdict is its documented one (the registry's verdict
 * column): a finding that does not reproduce, or that the seeds leave open, is the
 * documented state and counts as passed, printed as DEVIATES or INCONCLUSIVE with its
 * reason (like a strict expected failure); a verdict that differs from the documented
 * one fails until the registry is updated, and so does an unmeasured claim. A line
 * counts the claims by verdict; with --findings FINDINGS.tsv (findings.h, checked
 * against the registry before anything is judged), the line before the last counts the
 * paper's findings by verdict, "findings: N reproduce, N deviate, N inconclusive (...)",
 * at this run's profile, then at the paper's sizes; the last line is "N passed, N failed";
 * exit status 1 if anything failed.
 *
 * A claim measured on an archived paper-profile run (data/paper-profile/NAME) has the
 * id BASE@SUFFIX and is judged by the registry's row BASE@SUFFIX where there is one (the
 * finding as documented at the paper's sizes), else by the row BASE; its rows follow the
 * registered ones. Registered claims of the figure "archive" (the archive's own
 * consistency checks) and those that name an archive (BASE@SUFFIX) are measured only
 * through an archive, and are not required when no archive exists. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "findings.h"
#include "opts.h"
#include "verdict.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *REGISTRY_COLS[] = {"id", "figure", "comparator", "bound", "bound2", "seeds",
                                      "verdict", "statement", "deviation"};
enum { ID, FIGURE, COMPARATOR, BOUND, BOUND2, SEEDS, VERDICT, STATEMENT, DEVIATION, NREG };

typedef struct {
    const char *path;
    CsvTable *t;              /* NULL when no registry was given */
    int col[NREG];
    Check *check;             /* [t->nrows] */
    int *min_seeds;           /* [t->nrows] */
    Verdict *documented;      /* [t->nrows] */
} Registry;

/* One measured value of a claim: id (BASE or BASE@SUFFIX) for one seed, judged by
 * registry row `row`. */
typedef struct {
    const char *id, *text, *note, *where;
    uint64_t seed;
    int row;
} Measure;

typedef struct {
    Measure *m;
    int n, cap;
} Measures;

typedef struct {
    int passed, failed;
    int by_verdict[VERDICT_UNMEASURED + 1];
} Tally;

/* The ids of the unit checks seen so far, with the fragment of each (to name duplicates). */
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

/* Row r's seeds and documented verdict, checked against its reason. */
static void registry_row_verdict(Registry *g, int r) {
    const char *id = reg_cell(g, r, ID), *seeds = reg_cell(g, r, SEEDS), *verdict = reg_cell(g, r, VERDICT);
    char *end;
    long m = strtol(seeds, &end, 10);
    if (!*seeds || *end || m < 1 || m > 1000)
        die("'%s': claim '%s': seeds '%s' is not a whole number of seeds from 1 to 1000", g->path, id, seeds);
    g->min_seeds[r] = (int)m;
    if (!verdict_parse(verdict, &g->documented[r]) || g->documented[r] == VERDICT_UNMEASURED)
        die("'%s': claim '%s': verdict '%s' is none of reproduces, deviates, inconclusive", g->path, id, verdict);
    int has_reason = *reg_cell(g, r, DEVIATION) != '\0';
    if (has_reason != (g->documented[r] != VERDICT_REPRODUCES))
        die("'%s': claim '%s': a claim documented as '%s' %s in the deviation column", g->path, id, verdict,
            has_reason ? "takes no reason" : "needs a reason");
}

static void registry_read(Registry *g, const char *path) {
    g->path = path;
    g->t = table_read_tsv(path);
    for (int k = 0; k < NREG; k++) g->col[k] = table_col(g->t, REGISTRY_COLS[k]);
    int n = g->t->nrows;
    g->check = xcalloc(n, sizeof *g->check);
    g->min_seeds = xcalloc(n, sizeof *g->min_seeds);
    g->documented = xcalloc(n, sizeof *g->documented);
    for (int r = 0; r < n; r++) {
        const char *id = reg_cell(g, r, ID);
        char why[256];
        if (!*id || !*reg_cell(g, r, FIGURE) || !*reg_cell(g, r, STATEMENT))
            die("'%s' row %d: id, figure and statement must not be empty", path, r + 1);
        if (reg_find(g, id) != r) die("'%s': claim '%s' is registered twice", path, id);
        if (!check_parse(&g->check[r], reg_cell(g, r, COMPARATOR), reg_cell(g, r, BOUND),
                         reg_cell(g, r, BOUND2), why, sizeof why))
            die("'%s': claim '%s': %s", path, id, why);
        registry_row_verdict(g, r);
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

static void measures_add(Measures *ms, Measure m) {
    for (int k = 0; k < ms->n; k++)
        if (ms->m[k].seed == m.seed && strcmp(ms->m[k].id, m.id) == 0)
            die("'%s' is measured twice for seed %" PRIu64 ": in '%s' and in '%s'", m.id, m.seed,
                ms->m[k].where, m.where);
    if (ms->n == ms->cap) {
        ms->cap = ms->cap ? 2 * ms->cap : 256;
        ms->m = xrealloc(ms->m, ms->cap * sizeof *ms->m);
    }
    ms->m[ms->n++] = m;
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
 * one archive (BASE@SUFFIX: a finding as documented at the paper's sizes). */
#define ARCHIVE_FIGURE "archive"
static int archive_only(const Registry *g, int row) {
    return strcmp(reg_cell(g, row, FIGURE), ARCHIVE_FIGURE) == 0 || strchr(reg_cell(g, row, ID), '@') != NULL;
}

/* The registry row that judges id: BASE@SUFFIX's own row, else BASE's. */
static int archived_row(const Registry *g, const CsvTable *t, const char *id) {
    const char *at = strchr(id, '@');
    char *base = xstrdup(id);
    base[at - id] = 0;
    int k = reg_find(g, id);
    if (k < 0) k = reg_find(g, base);
    if (k < 0 || !at[1]) die("'%s': claim '%s' names no registered claim before its '@ARCHIVE'", t->path, id);
    free(base);
    return k;
}

static void read_claims(const CsvTable *t, const Registry *g, uint64_t seed, Measures *ms) {
    if (!g->t) die("'%s' is a claims fragment: the registry (--registry FILE.tsv) is needed", t->path);
    for (int r = 0; r < t->nrows; r++) {
        const char *id = table_cell(t, r, 0);
        table_num(t, r, 1);   /* dies unless a number (nan and inf are numbers that fail) */
        int k;
        if (strchr(id, '@')) k = archived_row(g, t, id);
        else {
            k = reg_find(g, id);
            if (k < 0) die("'%s': claim '%s' is not in the registry '%s'", t->path, id, g->path);
            if (archive_only(g, k)) die("'%s': claim '%s' is measured per archive, as %s@ARCHIVE", t->path, id, id);
        }
        measures_add(ms, (Measure){id, table_cell(t, r, 1), table_cell(t, r, 2), t->path, seed, k});
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

/* The measurements of one claim id, in the order of their seeds. */
typedef struct {
    const Measure **m;
    int n;
} Group;

static int cmp_seed(const void *a, const void *b) {
    uint64_t x = (*(const Measure *const *)a)->seed, y = (*(const Measure *const *)b)->seed;
    return (x > y) - (x < y);
}

static Group group_of(const Measures *ms, const char *id) {
    Group gr = {xcalloc(ms->n + 1, sizeof *gr.m), 0};
    for (int k = 0; k < ms->n; k++)
        if (strcmp(ms->m[k].id, id) == 0) gr.m[gr.n++] = &ms->m[k];
    qsort(gr.m, gr.n, sizeof *gr.m, cmp_seed);
    return gr;
}

/* The space-separated list of each seed (values = 0) or each value as written (values = 1). */
static void join(char *out, size_t len, const Group *gr, int values) {
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < gr->n && used < len; i++) {
        int w = values ? snprintf(out + used, len - used, "%s%s", i ? " " : "", gr->m[i]->text)
                       : snprintf(out + used, len - used, "%s%" PRIu64, i ? " " : "", gr->m[i]->seed);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* Prints the judgement of claim id (registry row r, summary s) unless it is a plain
 * pass, and counts it. */
static void judge_claim(const Registry *g, int r, const char *id, const SeedSummary *s, const char *expected,
                        const char *seeds, const char *values, Tally *n) {
    const char *reason = reg_cell(g, r, DEVIATION), *documented = verdict_name(g->documented[r]);
    if (s->verdict == VERDICT_UNMEASURED) {
        n->failed++;
        printf("FAILED %s [%s]: measured by no program (see above), so it could not be evaluated\n", id,
               reg_cell(g, r, FIGURE));
        return;
    }
    if (s->verdict != g->documented[r]) {
        n->failed++;
        printf("FAILED %s [%s] %s: expected %s; %d of %d seeds meet it (seeds %s: %s), so it %s, but %s "
               "documents it as '%s'%s\n", id, reg_cell(g, r, FIGURE), reg_cell(g, r, STATEMENT), expected,
               s->held, s->n, seeds, values, verdict_name(s->verdict), g->path, documented,
               s->n < g->min_seeds[r] ? " (a settled verdict needs more seeds)" : "");
        return;
    }
    n->passed++;
    n->by_verdict[s->verdict]++;
    if (s->verdict == VERDICT_DEVIATES)
        printf("DEVIATES %s: expected %s, measured %s (seeds %s) — documented: %s\n", id, expected, values, seeds,
               reason);
    else if (s->verdict == VERDICT_INCONCLUSIVE)
        printf("INCONCLUSIVE %s: %d of %d seeds meet %s (seeds %s: %s) — documented: %s\n", id, s->held, s->n,
               expected, seeds, values, reason);
}

/* One row of the claims table: registered claim r measured as id. */
static void write_row(CsvOut *out, const Registry *g, int r, const char *id, const Measures *ms, Tally *n) {
    char expected[128], tol[128], statement[4096], seeds[1024], values[4096];
    Group gr = group_of(ms, id);
    double *v = xcalloc(gr.n + 1, sizeof *v);
    for (int i = 0; i < gr.n; i++) v[i] = strtod(gr.m[i]->text, NULL);
    SeedSummary s = verdict_over_seeds(&g->check[r], v, gr.n, g->min_seeds[r]);
    check_describe(reg_cell(g, r, COMPARATOR), reg_cell(g, r, BOUND), reg_cell(g, r, BOUND2),
                   expected, sizeof expected, tol, sizeof tol);
    join(seeds, sizeof seeds, &gr, 0);
    join(values, sizeof values, &gr, 1);
    judge_claim(g, r, id, &s, expected, seeds, values, n);
    const char *note = gr.n ? gr.m[0]->note : "";
    snprintf(statement, sizeof statement, *note ? "%s (%s)" : "%s", reg_cell(g, r, STATEMENT), note);
    csv_str(out, id);
    csv_str(out, reg_cell(g, r, FIGURE));
    csv_str(out, statement);
    csv_str(out, expected);
    if (gr.n == 1) csv_str(out, gr.m[0]->text);
    else csv_num(out, s.median);
    csv_str(out, tol);
    csv_int(out, s.verdict == VERDICT_REPRODUCES);
    csv_str(out, seeds);
    csv_str(out, values);
    csv_num(out, s.min);
    csv_num(out, s.max);
    csv_int(out, s.held);
    csv_str(out, verdict_name(s.verdict));
    csv_endrow(out);
    free(gr.m);
    free(v);
}

/* 1 iff no measurement before index k has the id of measurement k. */
static int first_of_id(const Measures *ms, int k) {
    for (int j = 0; j < k; j++)
        if (strcmp(ms->m[j].id, ms->m[k].id) == 0) return 0;
    return 1;
}

/* The registered claims in the registry's order (those measured per archive only are
 * skipped), then every archived claim in the order first read. */
static void write_claims(const char *path, const Registry *g, const Measures *ms, Tally *n, int if_changed) {
    CsvOut *out = csv_create(path);
    csv_header(out, "id,figure,statement,expected,measured,tolerance,pass,seeds,values,min,max,held,verdict");
    for (int r = 0; g->t && r < g->t->nrows; r++)
        if (!archive_only(g, r)) write_row(out, g, r, reg_cell(g, r, ID), ms, n);
    for (int k = 0; k < ms->n; k++)
        if (strchr(ms->m[k].id, '@') && first_of_id(ms, k)) write_row(out, g, ms->m[k].row, ms->m[k].id, ms, n);
    if (if_changed) csv_close_if_changed(out);
    else csv_close(out);
}

/* 1 iff arg is a seed=N operand, N then in *seed. */
static int seed_operand(const char *arg, uint64_t *seed) {
    if (strncmp(arg, "seed=", 5) != 0) return 0;
    char *end;
    unsigned long long s = strtoull(arg + 5, &end, 10);
    if (!arg[5] || *end || arg[5] == '-') die("operand '%s': a seed is a whole number, as seed=N", arg);
    *seed = s;
    return 1;
}

/* "findings: N reproduce, N deviate, N inconclusive (...)", from the claims table just
 * written at path. */
static void print_findings(const Findings *fs, const char *path) {
    CsvTable *claims = table_read(path);
    int run[VERDICT_UNMEASURED + 1], paper[VERDICT_UNMEASURED + 1];
    findings_count(fs, claims, PROFILE_RUN, run);
    findings_count(fs, claims, PROFILE_PAPER, paper);
    printf("findings: %d reproduce, %d deviate, %d inconclusive (this run, of %d in %s; at the paper's sizes: "
           "%d reproduce, %d deviate, %d inconclusive, %d not archived)\n",
           run[VERDICT_REPRODUCES], run[VERDICT_DEVIATES], run[VERDICT_INCONCLUSIVE], fs->n, fs->path,
           paper[VERDICT_REPRODUCES], paper[VERDICT_DEVIATES], paper[VERDICT_INCONCLUSIVE],
           paper[VERDICT_UNMEASURED]);
    table_free(claims);
}

int main(int argc, char **argv) {
    Registry g = {0};
    const char *registry = NULL, *findings = NULL, *operands = "CLAIMS.csv [seed=N] FRAGMENT.csv...";
    int if_changed = 0;
    const Opt opts[] = {
        {"registry", OPT_STRING, &registry, .arg = "CLAIMS.tsv",
         .help = "the claims registry: statements, bounds, seeds and documented verdicts"},
        {"findings", OPT_STRING, &findings, .arg = "FINDINGS.tsv",
         .help = "the paper's findings, each with the claims that decide it: counted by verdict"},
        {"if-changed", OPT_FLAG, &if_changed,
         .help = "leave CLAIMS.csv (and its time) alone where it already holds this table"},
        {0}};
    int first = opts_parse(opts, argc, argv, "icar-report", operands);
    if (first == argc) opts_fail(opts, "icar-report", operands, "give the claims table to write and the fragments");
    if (registry) registry_read(&g, registry);
    if (findings && !registry) opts_fail(opts, "icar-report", operands, "--findings needs --registry");
    Findings *fs = findings ? findings_read(findings, registry) : NULL;
    int nfrag = argc - first - 1;
    CsvTable **frag = xcalloc(nfrag + 1, sizeof *frag);
    Seen seen = {0};
    Measures ms = {0};
    Tally n = {0};
    uint64_t seed = 1;
    for (int i = 0; i < nfrag; i++) {
        const char *path = argv[first + 1 + i];
        if (seed_operand(path, &seed)) continue;
        if (access(path, R_OK) != 0) {
            printf("FAILED %s: not written; the program that measures it failed (see above)\n", path);
            n.failed++;
            continue;
        }
        frag[i] = table_read(path);
        if (header_is(frag[i], CLAIMS_HEADER)) read_claims(frag[i], &g, seed, &ms);
        else if (header_is(frag[i], CHECKS_HEADER)) judge_checks(frag[i], &g, &seen, &n);
        else die("'%s' is neither a claims fragment (" CLAIMS_HEADER ") nor a checks fragment (" CHECKS_HEADER ")",
                 path);
    }
    write_claims(argv[first], &g, &ms, &n, if_changed);
    if (g.t)
        printf("claims, judged over their seeds: %d reproduce, %d deviate, %d inconclusive "
               "(as documented in %s; pass = 1 in %s only for those that reproduce)\n",
               n.by_verdict[VERDICT_REPRODUCES], n.by_verdict[VERDICT_DEVIATES], n.by_verdict[VERDICT_INCONCLUSIVE],
               g.path, argv[first]);
    if (fs) print_findings(fs, argv[first]);
    printf("%d passed, %d failed\n", n.passed, n.failed);
    for (int i = 0; i < nfrag; i++) table_free(frag[i]);
    free(frag); free(seen.id); free(seen.where); free(ms.m);
    free(g.check); free(g.min_seeds); free(g.documented);
    table_free(g.t);
    if (fs) findings_free(fs);
    return n.failed ? 1 : 0;
}
