/* gdreadings.c — see gdreadings.h. */
#include "gdreadings.h"
#include "err.h"
#include "gdbaseline.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gd_reading_names[GD_NREADINGS] = {"global", "per_position", "mean_loss", "line_search",
                                                    "least_squares"};

/* Search ranges, in the units of the reading's own loss. On the sum loss (5) every
 * Gram matrix has lambda_max >= 1 (|s_t| = 1 for the AR data), so steps above 10
 * diverge; on the mean loss lambda_max <= 1 after dividing by the pairs. */
#define SUM_LO 1e-3
#define SUM_HI 1e1
#define MEAN_LO 1e-2
#define MEAN_HI 1e2

/* The objective of one search: the training MSE over positions [t0, t1) with the
 * steps that x gives (scale[t] * x at position t, or x only at position t). */
typedef struct {
    const GdSpectral *g;
    int L, t0, t1;
    const double *scale;   /* [T] */
    double *eta;           /* [T] work */
} SearchCtx;

static double search_mse(double x, void *p) {
    SearchCtx *c = p;
    for (int t = c->t0; t < c->t1; t++) c->eta[t] = c->scale[t] * x;
    return gd_spectral_mse(c->g, c->L, c->eta, c->t0, c->t1);
}

/* Searched steps of one reading: eta[T] (sum-loss steps at each position). */
static void search_steps(const GdSpectral *g, GdReading r, int L, double *eta) {
    int T = g->T;
    double *scale = xmalloc(T * sizeof *scale), *work = xcalloc(T, sizeof *work), v;
    for (int t = 0; t < T; t++) scale[t] = r == GD_MEAN_LOSS ? (t > 0 ? 1.0 / t : 0.0) : 1.0;
    char what[96];
    snprintf(what, sizeof what, "GD step search (%s, L=%d)", gd_reading_names[r], L);
    eta[0] = 0.0;                               /* position 1: no pair, W = 0 whatever the step */
    if (r == GD_PER_POSITION) {
        for (int t = 1; t < T; t++) {
            SearchCtx c = {g, L, t, t + 1, scale, work};
            eta[t] = gd_search_log(search_mse, &c, SUM_LO, SUM_HI, &v, what);
        }
    } else {
        SearchCtx c = {g, L, 0, T, scale, work};
        double x = r == GD_MEAN_LOSS ? gd_search_log(search_mse, &c, MEAN_LO, MEAN_HI, &v, what)
                                     : gd_search_log(search_mse, &c, SUM_LO, SUM_HI, &v, what);
        for (int t = 1; t < T; t++) eta[t] = scale[t] * x;
    }
    free(scale);
    free(work);
}

void gd_readings_run(const GdSpectral *train, const float *test, int ntest, int L, GdReadings *r) {
    int T = train->T, d = train->d;
    r->L = L; r->T = T;
    r->mse_pos = xmalloc((size_t)GD_NREADINGS * T * sizeof *r->mse_pos);
    r->step = xmalloc(3 * (size_t)T * sizeof *r->step);
    const GdReading searched[3] = {GD_GLOBAL, GD_PER_POSITION, GD_MEAN_LOSS};
    for (int i = 0; i < 3; i++) {
        double *eta = r->step + (size_t)i * T;
        search_steps(train, searched[i], L, eta);
        gd_fixed_mse(test, ntest, T, d, L, eta, r->mse_pos + (size_t)searched[i] * T);
    }
    gd_line_search_mse(test, ntest, T, d, L, r->mse_pos + (size_t)GD_LINE_SEARCH * T);
    gd_least_squares_mse(test, ntest, T, d, r->mse_pos + (size_t)GD_LEAST_SQUARES * T);
}

void gd_readings_free(GdReadings *r) {
    free(r->mse_pos);
    free(r->step);
    memset(r, 0, sizeof *r);
}

double gd_readings_mean(const GdReadings *g, GdReading r) {
    double s = 0.0;
    for (int t = 0; t < g->T; t++) s += g->mse_pos[(size_t)r * g->T + t];
    return s / g->T;
}

double gd_readings_last(const GdReadings *g, GdReading r) { return g->mse_pos[(size_t)r * g->T + g->T - 1]; }
