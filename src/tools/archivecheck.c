/* icar-archivecheck — checks of a paper-profile archive (data/paper-profile/NAME/), as
 * claim rows for make check (mk/archive.mk).
 *
 *   icar-archivecheck kernel
 *       prints the CPU kernels this build runs: OpenBLAS's configuration and the
 *       instruction level chosen by the project's own kernels (x86-64-v4, v3 or default).
 *   icar-archivecheck settings --id ID --claims OUT [--expect KEY=VALUE ...] CSV...
 *       one claim: every expected key appears in at least one CSV's "# key=value" lines,
 *       and every CSV that has the key has that value.
 *   icar-archivecheck suffix --suffix @paper --claims OUT FRAGMENT
 *       the claim rows of FRAGMENT with SUFFIX appended to every id (the archive's
 *       claims, beside the quick profile's in the claims table).
 *   icar-archivecheck compare --id ID --claims OUT (--exact | --rtol X [--atol Y])
 *                             ARCHIVED RERUN [ARCHIVED RERUN ...]
 *       one claim: each pair of CSV files has the same header and rows; with --exact the
 *       files are equal byte for byte (the first line that differs is printed), otherwise every numeric cell agrees to
 *       |a - b| <= X max(|a|, |b|), or to |a - b| <= Y (numbers at the rounding level,
 *       which other kernels move at their first digit), and every other cell is equal. Settings lines that
 *       name the run's own circumstances (load averages) are not compared. A pair of
 *       claims fragments (id,measured,note) is compared claim by claim: every claim of
 *       ARCHIVED must be in RERUN with the same note and value (the same text with
 *       --exact); a claim only RERUN has, added after the archive, is listed, not
 *       counted. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "readfile.h"
#include "runwhere.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *id, *claims, *suffix;
    OptStrings expect;          /* KEY=VALUE */
    int exact;
    double rtol, atol;
} Opts;

/* the same string a run's sidecar records (runwhere.h) */
static void print_kernel(void) {
    char k[512];
    runwhere_kernel(k, sizeof k);
    printf("%s\n", k);
}

/* Mismatches of one expected KEY=VALUE over the files; prints each. */
static int check_expect(const char *kv, CsvTable **t, int n) {
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) die("--expect '%s': give KEY=VALUE", kv);
    char *key = xstrdup(kv);
    key[eq - kv] = 0;
    int found = 0, bad = 0;
    for (int i = 0; i < n; i++) {
        const char *v = table_setting(t[i], key);
        if (!v) continue;
        found++;
        if (strcmp(v, eq + 1) != 0) {
            fprintf(stderr, "%s: '# %s=%s', the profile says %s\n", t[i]->path, key, v, eq + 1);
            bad++;
        }
    }
    if (!found) { fprintf(stderr, "no archived file records '%s' (expected %s)\n", key, eq + 1); bad++; }
    free(key);
    return bad;
}

static int run_settings(const Opts *o, char **files, int n) {
    CsvTable **t = xmalloc((size_t)n * sizeof *t);
    for (int i = 0; i < n; i++) t[i] = table_read(files[i]);
    int bad = 0;
    for (int k = 0; k < o->expect.n; k++) bad += check_expect(o->expect.v[k], t, n);
    for (int i = 0; i < n; i++) table_free(t[i]);
    free(t);
    Claims *c = claims_open(o->claims);
    claim_note(c, o->id, bad, "%d settings checked", o->expect.n);
    claims_close(c);
    return bad ? 1 : 0;
}

static int run_suffix(const Opts *o, const char *in) {
    CsvTable *t = table_read(in);
    int col_id = table_col(t, "id"), col_m = table_col(t, "measured"), col_note = table_col(t, "note");
    Claims *c = claims_open(o->claims);
    for (int r = 0; r < t->nrows; r++) {
        char id[256];
        snprintf(id, sizeof id, "%s%s", table_cell(t, r, col_id), o->suffix);
        claim_note(c, id, table_num(t, r, col_m), "%s", table_cell(t, r, col_note));
    }
    claims_close(c);
    table_free(t);
    return 0;
}

/* Settings that describe the circumstances of a run rather than its result. */
static int circumstantial(const char *key) { return strstr(key, "load_average") != NULL; }

/* 1 iff numbers U and V agree within relative RTOL or absolute ATOL. */
static int agree(double u, double v, double rtol, double atol) {
    double d = fabs(u - v);
    return d <= rtol * fmax(fabs(u), fabs(v)) || d <= atol;
}

/* Differences between two tables (header, settings, cells); prints the first few. */
static long table_diff(const CsvTable *a, const CsvTable *b, double rtol, double atol) {
    if (a->ncols != b->ncols || a->nrows != b->nrows) {
        fprintf(stderr, "%s is %dx%d, %s is %dx%d\n", a->path, a->nrows, a->ncols, b->path, b->nrows, b->ncols);
        return 1;
    }
    long bad = 0;
    for (int c = 0; c < a->ncols; c++)
        if (strcmp(a->header[c], b->header[c]) != 0) bad++;
    for (int s = 0; s < a->nsettings; s++) {
        const char *v = table_setting(b, a->setting_keys[s]);
        if (!circumstantial(a->setting_keys[s]) && (!v || strcmp(v, a->setting_values[s]) != 0)) {
            if (bad++ < 5) fprintf(stderr, "%s: '# %s=%s', %s has %s\n", a->path, a->setting_keys[s],
                                   a->setting_values[s], b->path, v ? v : "(none)");
        }
    }
    for (int r = 0; r < a->nrows; r++)
        for (int c = 0; c < a->ncols; c++) {
            const char *x = table_cell(a, r, c), *y = table_cell(b, r, c);
            if (strcmp(x, y) == 0) continue;
            char *ex, *ey;
            double u = strtod(x, &ex), v = strtod(y, &ey);
            int numeric = ex != x && !*ex && ey != y && !*ey;
            if (numeric && agree(u, v, rtol, atol)) continue;
            if (bad++ < 5) fprintf(stderr, "%s row %d column %s: %s, %s has %s\n", a->path, r + 1, a->header[c], x, b->path, y);
        }
    return bad;
}

/* 1 if files PA and PB (their texts a[na], b[nb]) differ, printing the first line that
 * differs as each has it. */
static int print_first_difference(const char *pa, const char *a, size_t na, const char *pb, const char *b, size_t nb) {
    if (na == nb && memcmp(a, b, na) == 0) return 0;
    size_t line = 1, start = 0;
    for (size_t i = 0; i < na && i < nb && a[i] == b[i]; i++)
        if (a[i] == '\n') line++, start = i + 1;
    enum { SHOWN = 300 };
    int la = (int)strcspn(a + start, "\n"), lb = (int)strcspn(b + start, "\n");
    fprintf(stderr, "%s line %zu: %.*s%s\n%s line %zu: %.*s%s\n", pa, line, la < SHOWN ? la : SHOWN, a + start,
            la > SHOWN ? "..." : "", pb, line, lb < SHOWN ? lb : SHOWN, b + start, lb > SHOWN ? "..." : "");
    return 1;
}

/* 1 iff T is a claims fragment (claims.h: the columns id,measured,note). */
static int is_fragment(const CsvTable *t) {
    return t->ncols == 3 && strcmp(t->header[0], "id") == 0 && strcmp(t->header[1], "measured") == 0 &&
           strcmp(t->header[2], "note") == 0;
}

/* The row of fragment T whose id is ID, or -1. */
static int fragment_row(const CsvTable *t, const char *id) {
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, 0), id) == 0) return r;
    return -1;
}

/* Differences between an archived claims fragment A and the one derived again, B: each
 * claim of A must be in B with the same note and the same measured value (as text when
 * exact, else within rtol or atol); prints the first few. A claim of B that A lacks was
 * added after the archive was made: it is listed, not counted. */
static long fragment_diff(const CsvTable *a, const CsvTable *b, int exact, double rtol, double atol) {
    long bad = 0;
    for (int r = 0; r < a->nrows; r++) {
        const char *id = table_cell(a, r, 0);
        int s = fragment_row(b, id);
        if (s < 0) {
            if (bad++ < 5) fprintf(stderr, "%s: claim %s, which %s lacks\n", a->path, id, b->path);
            continue;
        }
        const char *x = table_cell(a, r, 1), *y = table_cell(b, s, 1);
        double u = table_num(a, r, 1), v = table_num(b, s, 1);
        int same = strcmp(x, y) == 0 || (!exact && agree(u, v, rtol, atol));
        if (!same || strcmp(table_cell(a, r, 2), table_cell(b, s, 2)) != 0)
            if (bad++ < 5) fprintf(stderr, "%s: claim %s measured %s (%s), %s has %s (%s)\n", a->path, id, x,
                                   table_cell(a, r, 2), b->path, y, table_cell(b, s, 2));
    }
    for (int s = 0; s < b->nrows; s++)
        if (fragment_row(a, table_cell(b, s, 0)) < 0)
            fprintf(stderr, "%s: claim %s is not in %s (added after the archive was made)\n", b->path,
                    table_cell(b, s, 0), a->path);
    return bad;
}

static int run_compare(const Opts *o, char **files, int n) {
    if (n == 0 || n % 2) die("compare: give pairs ARCHIVED RERUN");
    long bad = 0;
    for (int i = 0; i < n; i += 2) {
        CsvTable *ta = table_read(files[i]), *tb = table_read(files[i + 1]);
        int fragments = is_fragment(ta) && is_fragment(tb);
        if (fragments) bad += fragment_diff(ta, tb, o->exact, o->rtol, o->atol);
        table_free(ta);
        table_free(tb);
        if (fragments) continue;
        if (o->exact) {
            size_t na, nb;
            char *a = read_file(files[i], &na), *b = read_file(files[i + 1], &nb);
            bad += print_first_difference(files[i], a, na, files[i + 1], b, nb);
            free(a);
            free(b);
        } else {
            CsvTable *a = table_read(files[i]), *b = table_read(files[i + 1]);
            bad += table_diff(a, b, o->rtol, o->atol);
            table_free(a);
            table_free(b);
        }
    }
    Claims *c = claims_open(o->claims);
    if (o->exact) claim_note(c, o->id, bad, "%d files, byte for byte", n / 2);
    else if (o->atol > 0) claim_note(c, o->id, bad, "%d files, each number within relative %g or absolute %g", n / 2, o->rtol, o->atol);
    else claim_note(c, o->id, bad, "%d files, each number within relative %g", n / 2, o->rtol);
    claims_close(c);
    return bad ? 1 : 0;
}

/* The modes: the first argument. */
static const char *const MODES[] = {"kernel", "settings", "suffix", "compare", NULL};
static const char *const OPERANDS = "FILE...\n  (kernel; settings CSV...; suffix FRAGMENT; compare A B [A B ...])";

int main(int argc, char **argv) {
    const char *program = "icar-archivecheck MODE";
    Opts o = {.rtol = -1};
    const Opt opts[] = {
        {"id", OPT_STRING, &o.id, .arg = "ID", .help = "settings, compare: the claim's id"},
        {"claims", OPT_OUTPUT, &o.claims, .arg = "OUT", .help = "settings, suffix, compare: the claim rows"},
        {"expect", OPT_STRINGS, &o.expect, .arg = "KEY=VALUE", .help = "settings: an expected setting (repeatable)"},
        {"suffix", OPT_STRING, &o.suffix, .arg = "SUFFIX", .help = "suffix: appended to every id"},
        {"exact", OPT_FLAG, &o.exact, .help = "compare: byte for byte"},
        {"rtol", OPT_DOUBLE, &o.rtol, 0, 1, .help = "compare: every number within relative X"},
        {"atol", OPT_DOUBLE, &o.atol, 0, 1, .help = "compare, with --rtol: or within this absolute difference"},
        {0}};
    err_set_program("icar-archivecheck");
    int mode = -1;
    for (int i = 0; argc > 1 && MODES[i]; i++)
        if (strcmp(argv[1], MODES[i]) == 0) mode = i;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) { opts_usage(stdout, opts, program, OPERANDS); return 0; }
    if (mode < 0) opts_fail(opts, program, OPERANDS, "the first argument is the mode: kernel, settings, suffix or compare");
    int first = opts_parse(opts, argc - 1, argv + 1, program, OPERANDS);   /* the mode takes argv[0]'s place */
    err_set_program("icar-archivecheck");   /* opts_parse named it with the MODE */
    char **rest = argv + 1 + first;
    int nrest = argc - 1 - first;
    if (mode == 0 && nrest == 0 && argc == 2) { print_kernel(); return 0; }
    if (!o.claims) opts_fail(opts, program, OPERANDS, "--claims is required");
    if (mode == 2 && o.suffix && nrest == 1) return run_suffix(&o, rest[0]);
    if (!o.id || nrest < 1) opts_fail(opts, program, OPERANDS, "give --id and the files");
    if (mode == 1) return run_settings(&o, rest, nrest) ? 1 : 0;
    if (mode == 3 && o.exact && o.atol > 0) opts_fail(opts, program, OPERANDS, "--atol goes with --rtol, not --exact");
    if (mode == 3 && (o.exact != (o.rtol >= 0))) return run_compare(&o, rest, nrest) ? 1 : 0;
    opts_fail(opts, program, OPERANDS, "the flags and files do not match the mode");
}
