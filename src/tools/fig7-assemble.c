/* icar-fig7-assemble — Figure 7's tables and claims from its runs, without training.
 *
 *   icar-fig7-assemble --out data/results/fig7 --claims data/results/claims/fig7.csv RUN.csv...
 *
 * Each RUN.csv is one run of icar-fig7 (one variant, token kind and H). The runs must
 * agree on every shared setting (seed, sizes, epochs, batch, lr, T, npos), the runs of
 * one variant on its choices and d, and both kinds of a variant must hold the same H.
 * Writes mse.csv (variant, kind, dup, H, init_test_mse, train_loss, test_mse: one row per
 * run, the MSEs after the last epoch), curves.csv (variant, kind, H, epoch, train_loss,
 * test_mse; epoch 0 is the initialisation) and, for each variant, the claims
 * fig7.dup_gain, fig7.nodup_flat, fig7.init_low and fig7.init_high (the paper variant;
 * the authors variant adds ".authors" to the ids). A variant without runs, or without
 * H = 1 and a larger H in both kinds, gets claims that fail. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "headsrun.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The claims (their bounds are in tests/claims.tsv): with duplicated tokens the test MSE
 * at the largest H over that at H = 1 (fig7.dup_gain), and the same with plain tokens
 * (fig7.nodup_flat), per variant; and the paper's range of the test MSE at
 * initialisation (epoch 0), checked by its lowest (fig7.init_low) and highest
 * (fig7.init_high) value over the variant's runs, both kinds and every H. */

/* Settings every run must share, and those the runs of one variant must share. */
static const char *const COMMON[] = {"profile", "seed", "train", "test", "epochs", "batch",
                                     "lr", "T", "npos", "optimizer"};
static const char *const PER_VARIANT[] = {"query", "loss_positions", "head_out", "d", "loss"};
#define COUNT(a) (sizeof a / sizeof *a)

typedef struct {
    CsvTable *t;
    int variant, dup, H;
} Run;

static const char *need_setting(const CsvTable *t, const char *key) {
    const char *v = table_setting(t, key);
    if (!v) die("'%s' records no setting '%s': not a run of icar-fig7", t->path, key);
    return v;
}

static void same_setting(const Run *a, const Run *b, const char *key) {
    const char *va = need_setting(a->t, key), *vb = need_setting(b->t, key);
    if (strcmp(va, vb))
        die("'%s' and '%s' disagree on %s (%s vs %s): runs of one figure must share it", a->t->path,
            b->t->path, key, va, vb);
}

static Run read_run(const char *path, int epochs) {
    Run r = {.t = table_read(path)};
    if (strcmp(need_setting(r.t, "tool"), "icar-fig7")) die("'%s' is not a run of icar-fig7", path);
    r.variant = headsvariant_index(need_setting(r.t, "variant"));
    if (r.variant < 0) die("'%s': unknown variant '%s'", path, need_setting(r.t, "variant"));
    r.dup = heads_kind_parse(path, need_setting(r.t, "kind"));
    r.H = atoi(need_setting(r.t, "H"));
    /* epoch 0 (initialisation) .. epochs, in order */
    int ce = table_col(r.t, "epoch");
    table_col(r.t, "train_loss");
    table_col(r.t, "test_mse");
    if (r.t->nrows != epochs + 1) die("'%s' holds %d rows, not the %d of epochs 0..%d", path, r.t->nrows, epochs + 1, epochs);
    for (int i = 0; i <= epochs; i++)
        if (table_num(r.t, i, ce) != i) die("'%s': row %d is not epoch %d", path, i + 1, i);
    return r;
}

/* Order of the tables: variant, kind, H. */
static int run_cmp(const void *pa, const void *pb) {
    const Run *a = pa, *b = pb;
    if (a->variant != b->variant) return a->variant - b->variant;
    if (a->dup != b->dup) return a->dup - b->dup;
    return a->H - b->H;
}

static double num(const Run *r, int row, const char *col) { return table_num(r->t, row, table_col(r->t, col)); }

/* The settings lines of both tables: the shared ones, then "<variant>.<key>" for each
 * variant's choices and its list of H. */
static void settings(CsvOut *c, const Run *runs, int n) {
    csv_setting(c, "tool", "icar-fig7-assemble (from the runs of icar-fig7)");
    for (size_t k = 0; k < COUNT(COMMON); k++) csv_setting(c, COMMON[k], "%s", need_setting(runs[0].t, COMMON[k]));
    for (int v = 0; v < HEADS_NVARIANTS; v++) {
        const Run *first = NULL;
        char heads[512] = "", key[64];
        for (int i = 0; i < n; i++)
            if (runs[i].variant == v && !runs[i].dup) {
                if (!first) first = &runs[i];
                snprintf(heads + strlen(heads), sizeof heads - strlen(heads), "%s%d", first == &runs[i] ? "" : " ", runs[i].H);
            }
        if (!first) continue;
        const char *name = headsvariant_name(v);
        snprintf(key, sizeof key, "%s.heads", name);
        csv_setting(c, key, "%s", heads);
        for (size_t k = 0; k < COUNT(PER_VARIANT); k++) {
            snprintf(key, sizeof key, "%s.%s", name, PER_VARIANT[k]);
            csv_setting(c, key, "%s", need_setting(first->t, PER_VARIANT[k]));
        }
    }
}

/* Final test MSE of (variant, dup, H), NaN if there is no such run. */
static double final_test(const Run *runs, int n, int v, int dup, int H, int epochs) {
    for (int i = 0; i < n; i++)
        if (runs[i].variant == v && runs[i].dup == dup && runs[i].H == H) return num(&runs[i], epochs, "test_mse");
    return NAN;
}

/* Lowest (*lo) and highest (*hi) test MSE at initialisation over the runs of variant v;
 * NaN when it has none. */
static void init_range(const Run *runs, int n, int v, double *lo, double *hi) {
    *lo = *hi = NAN;
    for (int i = 0; i < n; i++)
        if (runs[i].variant == v) {
            double x = num(&runs[i], 0, "test_mse");
            if (isnan(*lo) || x < *lo) *lo = x;
            if (isnan(*hi) || x > *hi) *hi = x;
        }
}

static void variant_claims(Claims *cl, const Run *runs, int n, int v, int epochs) {
    const char *name = headsvariant_name(v);
    int hmax = 0;
    for (int i = 0; i < n; i++)
        if (runs[i].variant == v && runs[i].H > hmax) hmax = runs[i].H;
    double dup_ratio = final_test(runs, n, v, 1, hmax, epochs) / final_test(runs, n, v, 1, 1, epochs);
    double plain_ratio = final_test(runs, n, v, 0, hmax, epochs) / final_test(runs, n, v, 0, 1, epochs);
    if (hmax <= 1) dup_ratio = plain_ratio = NAN;
    if (isnan(dup_ratio) || isnan(plain_ratio))
        warn("variant %s: the claims compare H = 1 with a larger H, and the runs hold no such pair; they fail", name);
    char id[64], sfx[32] = "";
    /* the paper variant keeps the ids the claims had before there were variants (the
     * registry, the manuscript and earlier results use them); others add .name */
    if (v != 0) snprintf(sfx, sizeof sfx, ".%s", name);
    snprintf(id, sizeof id, "fig7.dup_gain%s", sfx);
    claim_note(cl, id, dup_ratio, "%s variant, largest H = %d", name, hmax);
    snprintf(id, sizeof id, "fig7.nodup_flat%s", sfx);
    claim_note(cl, id, plain_ratio, "%s variant, largest H = %d", name, hmax);
    double lo, hi;
    int nruns = 0;
    for (int i = 0; i < n; i++) nruns += runs[i].variant == v;
    init_range(runs, n, v, &lo, &hi);
    snprintf(id, sizeof id, "fig7.init_low%s", sfx);
    claim_note(cl, id, lo, "%s variant, %d runs", name, nruns);
    snprintf(id, sizeof id, "fig7.init_high%s", sfx);
    claim_note(cl, id, hi, "%s variant, %d runs", name, nruns);
}

int main(int argc, char **argv) {
    const char *out = NULL, *claims = NULL, *operands = "RUN.csv...";
    const Opt opts[] = {
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .required = 1, .help = "where mse.csv and curves.csv go"},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .required = 1, .help = "the claims fragment"},
        {0}};
    int arg0 = opts_parse(opts, argc, argv, "icar-fig7-assemble", operands);
    if (arg0 == argc) opts_fail(opts, "icar-fig7-assemble", operands, "give the run files of icar-fig7");
    int n = argc - arg0;
    Run *runs = xcalloc(n, sizeof *runs);
    CsvTable *first = table_read(argv[arg0]);
    const char *ep = table_setting(first, "epochs");
    if (!ep) die("'%s' records no setting 'epochs': not a run of icar-fig7", argv[arg0]);
    int epochs = atoi(ep);
    table_free(first);
    for (int i = 0; i < n; i++) runs[i] = read_run(argv[arg0 + i], epochs);
    for (int i = 1; i < n; i++)
        for (size_t k = 0; k < COUNT(COMMON); k++) same_setting(&runs[0], &runs[i], COMMON[k]);
    qsort(runs, n, sizeof *runs, run_cmp);
    for (int i = 1; i < n; i++) {
        if (!run_cmp(&runs[i - 1], &runs[i]))
            die("'%s' and '%s' are the same run (%s, %s, H = %d)", runs[i - 1].t->path, runs[i].t->path,
                headsvariant_name(runs[i].variant), HEADS_KINDS[runs[i].dup], runs[i].H);
        for (int j = 0; j < i; j++)
            if (runs[j].variant == runs[i].variant)
                for (size_t k = 0; k < COUNT(PER_VARIANT); k++) same_setting(&runs[j], &runs[i], PER_VARIANT[k]);
    }
    /* both kinds of a variant hold the same H */
    for (int i = 0; i < n; i++)
        if (isnan(final_test(runs, n, runs[i].variant, !runs[i].dup, runs[i].H, epochs)))
            die("'%s' has no counterpart with %s tokens (%s, H = %d): both kinds need the same H", runs[i].t->path,
                HEADS_KINDS[!runs[i].dup], headsvariant_name(runs[i].variant), runs[i].H);

    make_dirs(out);
    make_parent_dirs(claims);
    char path[4096];
    snprintf(path, sizeof path, "%s/mse.csv", out);
    CsvOut *c = csv_create(path);
    settings(c, runs, n);
    csv_header(c, "variant,kind,dup,H,init_test_mse,train_loss,test_mse");
    for (int i = 0; i < n; i++) {
        const Run *r = &runs[i];
        csv_str(c, headsvariant_name(r->variant));
        csv_str(c, HEADS_KINDS[r->dup]);
        csv_int(c, r->dup);
        csv_int(c, r->H);
        csv_num(c, num(r, 0, "test_mse"));
        csv_num(c, num(r, epochs, "train_loss"));
        csv_num(c, num(r, epochs, "test_mse"));
        csv_endrow(c);
    }
    csv_close(c);
    snprintf(path, sizeof path, "%s/curves.csv", out);
    c = csv_create(path);
    settings(c, runs, n);
    csv_header(c, "variant,kind,H,epoch,train_loss,test_mse");
    for (int i = 0; i < n; i++)
        for (int e = 0; e <= epochs; e++) {
            const Run *r = &runs[i];
            csv_str(c, headsvariant_name(r->variant));
            csv_str(c, HEADS_KINDS[r->dup]);
            csv_int(c, r->H);
            csv_int(c, e);
            csv_num(c, num(r, e, "train_loss"));
            csv_num(c, num(r, e, "test_mse"));
            csv_endrow(c);
        }
    csv_close(c);

    Claims *cl = claims_open(claims);
    for (int v = 0; v < HEADS_NVARIANTS; v++) variant_claims(cl, runs, n, v, epochs);
    claims_close(cl);
    for (int i = 0; i < n; i++) table_free(runs[i].t);
    free(runs);
    return 0;
}
