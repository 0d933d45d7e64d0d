/* icar-depth-assemble — Figures 5 and 10 from their runs, without training: reads the
 * run files RUNS/L<L>.csv of icar-depth (depthrun.h) for L = 1..lmax, computes the GD
 * baseline under its five readings (gdreadings.h) on the same sequences (regenerated
 * from the runs' seed), and writes
 *
 *   OUT/mse.csv        per L: the model's test MSE over all positions and at the last
 *                      one, at initialisation, whether training converged (depth.h)
 *   OUT/curves.csv     per L and epoch: train loss, test MSE
 *   OUT/positions.csv  per L and position t: the model's and each reading's test MSE
 *   OUT/gd.csv         L, reading, metric, mse: every reading under both metrics
 *   OUT/gd_steps.csv   per L and position: the step on the sum loss (5) of each searched reading
 *   OUT/verdict.csv    per reading and metric: the paper's statement, held or not
 *   CLAIMS             the figure's claims
 *
 * Depths without a run file are listed as pending (setting `pending`); a claim that
 * needs one fails. Metrics: all_positions = the per-entry MSE averaged over t = 1..T
 * (what the model is trained on), last_position = at t = T (the full context).
 *
 * Claims, linear model (Figure 5): "GD outperforms the Transformer by orders of
 * magnitude when L > 3", GD taken at its best reading at each depth (the lowest MSE of
 * the four that take L steps; least squares, GD's limit, is shown but not counted):
 *   fig5.gd_wins_deep          largest GD/model ratio over L = 4..lmax, all positions
 *   fig5.gd_wins_deep_last     the same at the last position
 *   fig5.first_layers_compete  model/GD ratio at L = 1, GD's global reading
 * full model (Figure 10): "outperforms gradient descent":
 *   fig10.beats_gd             largest model/GD ratio over the depths, global reading
 *   fig10.beats_gd_best        the same against GD's best L-step reading at each depth
 * and "has a similar trend", read as GD's: an error that falls with depth
 *   fig10.similar_trend        depths L = 2..lmax whose model test MSE (all positions) is
 *                              not below that of L - 1 (every depth measured, or it fails)
 * and the caption's range of the test MSE at initialisation, by its ends over the depths:
 *   fig10.init_low             lowest test MSE at initialisation (epoch 0)
 *   fig10.init_high            highest test MSE at initialisation */
#include "atomic.h"
#include "claims.h"
#include "csvio.h"
#include "depth.h"
#include "depthrun.h"
#include "err.h"
#include "opts.h"
#include "gdreadings.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The claims' bounds are in tests/claims.tsv; "when L > 3" is the depths they span. */
static const int DEEP_FROM = 4;

enum { METRIC_ALL, METRIC_LAST, NMETRICS };
static const char *const metric_names[NMETRICS] = {"all_positions", "last_position"};

typedef struct {
    DepthRunFile f;
    GdReadings gd;
    double model[NMETRICS];     /* the model's test MSE under each metric */
    double gd_mse[GD_NREADINGS][NMETRICS];
    int converged;
} Depth;

/* The measured depths dep[n] of 1..lmax, and where the tables go. */
typedef struct {
    Depth *dep;
    int n, lmax, linear;
    const char *out, *pending;
} Figure;

/* GD at its best reading: the lowest MSE of the readings that take L steps (all but
 * least_squares, which is the limit of infinitely many steps and does not depend on L). */
static double best_gd(const Depth *x, int metric) {
    double b = INFINITY;
    for (int r = 0; r < GD_NREADINGS; r++)
        if (r != GD_LEAST_SQUARES) b = fmin(b, x->gd_mse[r][metric]);
    return b;
}

/* The runs' common settings (all but L and nparams), then the assembly's own. */
static void settings(CsvOut *c, const Figure *F) {
    const CsvTable *t = F->dep[0].f.table;
    for (int i = 0; i < t->nsettings; i++)
        if (strcmp(t->setting_keys[i], "L") && strcmp(t->setting_keys[i], "nparams"))
            csv_setting(c, t->setting_keys[i], "%s", t->setting_values[i]);
    csv_setting(c, "assembled_by", "icar-depth-assemble");
    csv_setting(c, "depths", "%d of 1..%d", F->n, F->lmax);
    csv_setting(c, "pending", "%s", F->pending);
    csv_setting(c, "metrics", "all_positions: per-entry MSE averaged over t=1..T; last_position: at t=T");
    csv_setting(c, "gd", "five readings (global, per_position, mean_loss, line_search, least_squares); steps searched on the train sequences over [1e-4, 1e2] (log grid + golden section)");
    csv_setting(c, "converged", "last max(3, epochs/10) epochs lowered the best test MSE by < %g%%, final within %g%% of the run's best and of the best converged shallower run",
                100 * DEPTH_CONV_FLAT, 100 * DEPTH_CONV_STABLE);
}

/* OUT/name with the settings lines written. */
static CsvOut *open_table(const Figure *F, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", F->out, name);
    CsvOut *c = csv_create(path);
    settings(c, F);
    return c;
}

/* Every run must share the first one's settings but L and nparams. */
static void check_same(const DepthRunFile *a, const DepthRunFile *b) {
    const CsvTable *x = a->table, *y = b->table;
    for (int i = 0; i < x->nsettings; i++) {
        const char *k = x->setting_keys[i];
        if (!strcmp(k, "L") || !strcmp(k, "nparams")) continue;
        const char *v = table_setting(y, k);
        if (!v || strcmp(v, x->setting_values[i]))
            die("'%s' and '%s' differ in setting '%s' ('%s' vs '%s'): runs of one figure must share their settings",
                x->path, y->path, k, x->setting_values[i], v ? v : "(none)");
    }
    if (x->nsettings != y->nsettings) die("'%s' and '%s' record different settings", x->path, y->path);
}

static void write_mse(const Figure *F) {
    const Depth *dep = F->dep;
    int n = F->n;
    CsvOut *c = open_table(F, "mse.csv");
    csv_header(c, "L,model_mse,model_mse_last,model_mse_init,converged,nparams");
    for (int i = 0; i < n; i++) {
        const Depth *x = &dep[i];
        csv_int(c, x->f.run.L); csv_num(c, x->model[METRIC_ALL]); csv_num(c, x->model[METRIC_LAST]);
        csv_num(c, x->f.run.mse_init); csv_int(c, x->converged); csv_int(c, (long)x->f.run.nparams);
        csv_endrow(c);
    }
    csv_close(c);
}

static void write_curves(const Figure *F) {
    const Depth *dep = F->dep;
    int n = F->n;
    CsvOut *c = open_table(F, "curves.csv");
    csv_header(c, "L,epoch,train_mse,test_mse");
    for (int i = 0; i < n; i++)
        for (int e = 0; e < dep[i].f.o.train.epochs; e++) {
            csv_int(c, dep[i].f.run.L); csv_int(c, e + 1);
            csv_num(c, dep[i].f.run.curve[2 * e]); csv_num(c, dep[i].f.run.curve[2 * e + 1]);
            csv_endrow(c);
        }
    csv_close(c);
}

static void write_positions(const Figure *F) {
    const Depth *dep = F->dep;
    int n = F->n;
    char head[512] = "L,t,model_mse";
    CsvOut *c = open_table(F, "positions.csv");
    for (int r = 0; r < GD_NREADINGS; r++) {
        strcat(head, ",gd_");
        strcat(head, gd_reading_names[r]);
    }
    csv_header(c, head);
    int T = dep[0].f.o.T;
    for (int i = 0; i < n; i++)
        for (int t = 0; t < T; t++) {
            csv_int(c, dep[i].f.run.L); csv_int(c, t + 1); csv_num(c, dep[i].f.run.mse_pos[t]);
            for (int r = 0; r < GD_NREADINGS; r++) csv_num(c, dep[i].gd.mse_pos[(size_t)r * T + t]);
            csv_endrow(c);
        }
    csv_close(c);
}

/* Rows grouped by metric and reading (each series contiguous, for the plot). */
static void write_gd(const Figure *F) {
    const Depth *dep = F->dep;
    int n = F->n;
    CsvOut *c = open_table(F, "gd.csv");
    csv_header(c, "L,reading,metric,mse");
    for (int m = 0; m < NMETRICS; m++)
        for (int r = 0; r < GD_NREADINGS; r++)
            for (int i = 0; i < n; i++) {
                csv_int(c, dep[i].f.run.L); csv_str(c, gd_reading_names[r]); csv_str(c, metric_names[m]);
                csv_num(c, dep[i].gd_mse[r][m]);
                csv_endrow(c);
            }
    csv_close(c);
}

static void write_steps(const Figure *F) {
    const Depth *dep = F->dep;
    int n = F->n;
    CsvOut *c = open_table(F, "gd_steps.csv");
    csv_header(c, "L,t,global,per_position,mean_loss");
    int T = dep[0].f.o.T;
    for (int i = 0; i < n; i++)
        for (int t = 1; t < T; t++) {                  /* t = 2..T: positions with a pair */
            csv_int(c, dep[i].f.run.L); csv_int(c, t + 1);
            for (int k = 0; k < 3; k++) csv_num(c, dep[i].gd.step[(size_t)k * T + t]);
            csv_endrow(c);
        }
    csv_close(c);
}

/* The paper's statement per reading and metric. Linear model: GD/model at each
 * L >= DEEP_FROM, holds if all are below GD_WINS_BOUND; full model: model/GD at each
 * L, holds if all are below BEATS_GD_BOUND. The row "best_of_L_steps" takes the lowest
 * GD MSE of the four L-step readings at each depth (best_gd). */
static double ratio(const Depth *x, int reading, int metric, int linear) {
    double g = reading < GD_NREADINGS ? x->gd_mse[reading][metric] : best_gd(x, metric);
    return linear ? g / x->model[metric] : x->model[metric] / g;
}

static int in_statement(const Depth *x, int linear) { return !linear || x->f.run.L >= DEEP_FROM; }

static double largest_ratio(const Depth *dep, int n, int reading, int metric, int linear) {
    double worst = NAN;
    for (int i = 0; i < n; i++)
        if (in_statement(&dep[i], linear)) {
            double q = ratio(&dep[i], reading, metric, linear);
            worst = isnan(worst) || q > worst ? q : worst;
        }
    return worst;
}

/* Per reading and metric, whether the claim holds (fig5.gd_wins_deep or fig10.beats_gd,
 * bounds from the registry). */
static void write_verdict(const Figure *F, const char *registry) {
    const Depth *dep = F->dep;
    int n = F->n, linear = F->linear;
    char head[1024];
    CsvOut *c = open_table(F, "verdict.csv");
    csv_setting(c, "statement", "%s", linear ? "GD outperforms the Transformer by orders of magnitude when L > 3: GD/Transformer test MSE within the bound of fig5.gd_wins_deep at every L >= 4"
                                             : "the full Transformer outperforms gradient descent: Transformer/GD test MSE within the bound of fig10.beats_gd at every L");
    int len = snprintf(head, sizeof head, "reading,metric");
    for (int i = 0; i < n; i++)
        if (in_statement(&dep[i], linear))
            len += snprintf(head + len, sizeof head - len, linear ? ",gd_over_model_L%d" : ",model_over_gd_L%d", dep[i].f.run.L);
    snprintf(head + len, sizeof head - len, ",largest,holds");
    csv_header(c, head);
    Check check = claims_registered_check(registry, linear ? "fig5.gd_wins_deep" : "fig10.beats_gd");
    for (int m = 0; m < NMETRICS; m++)
        for (int r = 0; r <= GD_NREADINGS; r++) {
            csv_str(c, r < GD_NREADINGS ? gd_reading_names[r] : "best_of_L_steps");
            csv_str(c, metric_names[m]);
            for (int i = 0; i < n; i++)
                if (in_statement(&dep[i], linear)) csv_num(c, ratio(&dep[i], r, m, linear));
            double w = largest_ratio(dep, n, r, m, linear);
            csv_num(c, w);
            csv_str(c, isnan(w) ? "not measured" : check_pass(&check, w) ? "yes" : "no");
            csv_endrow(c);
        }
    csv_close(c);
}

/* The depths L = 2..lmax whose model test MSE (all positions) is not below that of depth
 * L - 1; NAN unless every depth 1..lmax was measured (dep[] is in order of L). */
static double depth_nonfalls(const Depth *dep, int n, int lmax) {
    if (n < lmax) return NAN;
    int k = 0;
    for (int i = 1; i < n; i++) k += dep[i].model[METRIC_ALL] >= dep[i - 1].model[METRIC_ALL];
    return k;
}

/* Lowest (hi = 0) or highest (hi = 1) test MSE at initialisation over the measured depths. */
static double init_end(const Depth *dep, int n, int hi) {
    double e = NAN;
    for (int i = 0; i < n; i++) {
        double x = dep[i].f.run.mse_init;
        if (isnan(e) || (hi ? x > e : x < e)) e = x;
    }
    return e;
}

static void write_claims(const Figure *F, const char *path, const char *profile) {
    const Depth *dep = F->dep;
    int n = F->n, lmax = F->lmax, linear = F->linear;
    Claims *cl = claims_open(path);
    if (linear) {
        int deep = 0;                  /* every depth of DEEP_FROM..lmax measured, or the claims fail */
        for (int i = 0; i < n; i++) deep += dep[i].f.run.L >= DEEP_FROM;
        double all = largest_ratio(dep, n, GD_NREADINGS, METRIC_ALL, 1);
        double last = largest_ratio(dep, n, GD_NREADINGS, METRIC_LAST, 1);
        if (deep < lmax - DEEP_FROM + 1) all = last = NAN;
        claim_note(cl, "fig5.gd_wins_deep", all, "L = %d..%d, %s profile", DEEP_FROM, lmax, profile);
        claim_note(cl, "fig5.gd_wins_deep_last", last, "L = %d..%d, %s profile", DEEP_FROM, lmax, profile);
        double first = NAN;
        for (int i = 0; i < n; i++)
            if (dep[i].f.run.L == 1) first = dep[i].model[METRIC_ALL] / dep[i].gd_mse[GD_GLOBAL][METRIC_ALL];
        claim_note(cl, "fig5.first_layers_compete", first, "%s profile", profile);
    } else {
        claim_note(cl, "fig10.beats_gd", largest_ratio(dep, n, GD_GLOBAL, METRIC_ALL, 0),
                   "%d measured depths of 1..%d, %s profile", n, lmax, profile);
        claim_note(cl, "fig10.beats_gd_best", largest_ratio(dep, n, GD_NREADINGS, METRIC_ALL, 0),
                   "%d measured depths of 1..%d, %s profile", n, lmax, profile);
        claim_note(cl, "fig10.similar_trend", depth_nonfalls(dep, n, lmax), "depths 2..%d, %s profile", lmax, profile);
        claim_note(cl, "fig10.init_low", init_end(dep, n, 0), "%d measured depths of 1..%d, %s profile", n, lmax, profile);
        claim_note(cl, "fig10.init_high", init_end(dep, n, 1), "%d measured depths of 1..%d, %s profile", n, lmax, profile);
    }
    claims_close(cl);
}

int main(int argc, char **argv) {
    const char *runs = NULL, *out = NULL, *claims = NULL, *registry = NULL;
    int lmax = 0;
    const Opt opts[] = {
        {"runs", OPT_STRING, &runs, .arg = "DIR", .required = 1, .help = "run files DIR/L<L>.csv of icar-depth"},
        {"lmax", OPT_INT, &lmax, 1, 64, .required = 1, .help = "depths 1..N (missing run files are listed as pending)"},
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .required = 1, .help = "the figure's CSVs"},
        {"registry", OPT_STRING, &registry, .arg = "FILE", .required = 1,
         .help = "the claims registry (tests/claims.tsv): the bounds of verdict.csv"},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .help = "the figure's claims"},
        {0}};
    opts_parse(opts, argc, argv, "icar-depth-assemble", NULL);
    make_dirs(out);
    if (claims) make_parent_dirs(claims);

    Depth *dep = xcalloc(lmax, sizeof *dep);
    int n = 0;
    char path[4096], pending[512] = "";
    size_t plen = 0;
    for (int L = 1; L <= lmax; L++) {
        snprintf(path, sizeof path, "%s/L%d.csv", runs, L);
        if (access(path, F_OK) != 0) {
            plen += snprintf(pending + plen, sizeof pending - plen, "%s%d", plen ? "," : "", L);
            continue;
        }
        depthrun_read(path, &dep[n].f);
        if (dep[n].f.run.L != L) die("'%s' holds the run of depth %d", path, dep[n].f.run.L);
        if (n > 0) check_same(&dep[0].f, &dep[n].f);
        n++;
    }
    if (n == 0) die("no run file '%s/L<L>.csv' for L = 1..%d", runs, lmax);
    if (!plen) snprintf(pending, sizeof pending, "none");
    const DepthOpts *o = &dep[0].f.o;
    const char *profile = table_setting(dep[0].f.table, "profile");
    int linear = o->model == DEPTH_LINEAR, T = o->T;

    DepthData D;
    depth_data_init(&D, o->train.seed, o->ntrain, o->ntest, T, o->d);
    GdSpectral train;
    gd_spectral_init(&train, D.s_train, D.ntrain, T, o->d);
    double shallower = INFINITY;
    for (int i = 0; i < n; i++) {
        Depth *x = &dep[i];
        const DepthRun *r = &x->f.run;
        double s = 0.0;
        for (int t = 0; t < T; t++) s += r->mse_pos[t];
        x->model[METRIC_ALL] = s / T;
        x->model[METRIC_LAST] = r->mse_pos[T - 1];
        x->converged = depth_converged(r->curve, o->train.epochs, shallower);
        if (x->converged) shallower = fmin(shallower, r->curve[2 * (o->train.epochs - 1) + 1]);
        gd_readings_run(&train, D.s_test, D.ntest, r->L, &x->gd);
        for (int g = 0; g < GD_NREADINGS; g++) {
            x->gd_mse[g][METRIC_ALL] = gd_readings_mean(&x->gd, g);
            x->gd_mse[g][METRIC_LAST] = gd_readings_last(&x->gd, g);
        }
        fprintf(stderr, "icar-depth-assemble: L=%d model %.4g (last %.4g)%s, GD best %.4g (last %.4g)\n", r->L,
                x->model[METRIC_ALL], x->model[METRIC_LAST], x->converged ? "" : " not converged",
                best_gd(x, METRIC_ALL), best_gd(x, METRIC_LAST));
    }
    gd_spectral_free(&train);
    depth_data_free(&D);

    Figure F = {dep, n, lmax, linear, out, pending};
    write_mse(&F);
    write_curves(&F);
    write_positions(&F);
    write_gd(&F);
    write_steps(&F);
    write_verdict(&F, registry);
    if (claims) write_claims(&F, claims, profile ? profile : "custom");
    for (int i = 0; i < n; i++) { gd_readings_free(&dep[i].gd); depthrun_free(&dep[i].f); }
    free(dep);
    return 0;
}
