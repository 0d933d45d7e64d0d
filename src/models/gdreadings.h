/* gdreadings.h — the paper's baseline "L steps of gradient descent on the inner loss
 * (5), with a step size carefully chosen to obtain the fastest decrease", under every
 * reading of those words (gdbaseline.h has the inner loss and the primitives):
 *
 *   global         one step size for every position, on the sum loss (5)
 *   per_position   one step size per position t
 *   mean_loss      one step size on the inner loss divided by its number of pairs
 *                  (the step on (5) at position t is eta / (t - 1))
 *   line_search    exact line search at every step, per sequence and position
 *   least_squares  the minimum-norm least-squares W of the pairs: GD's limit from 0
 *
 * Step sizes are searched on the training sequences (gd_search_log over 4 decades)
 * for the lowest MSE averaged over positions t = 1..T (per_position: at position t);
 * the MSE is then measured on the test sequences with those steps. Every reading is
 * one predictor; the metrics (all positions, last position) are averages of its
 * per-position MSE. */
#ifndef ICAR_GDREADINGS_H
#define ICAR_GDREADINGS_H
#include "gdbaseline.h"

typedef enum { GD_GLOBAL, GD_PER_POSITION, GD_MEAN_LOSS, GD_LINE_SEARCH, GD_LEAST_SQUARES, GD_NREADINGS } GdReading;

extern const char *const gd_reading_names[GD_NREADINGS];

typedef struct {
    int L, T;
    double *mse_pos;    /* [GD_NREADINGS][T] test MSE per position (index t-1) */
    double *step;       /* [3][T] step on the sum loss (5) at position t of the searched
                           readings GD_GLOBAL, GD_PER_POSITION, GD_MEAN_LOSS (0 where t = 1) */
} GdReadings;

/* All five readings for L steps: steps searched on the training sequences (their
 * spectral form, gdbaseline.h), MSE on test[ntest, T+1, d]. Free with gd_readings_free. */
void gd_readings_run(const GdSpectral *train, const float *test, int ntest, int L, GdReadings *r);
void gd_readings_free(GdReadings *r);
/* The MSE of reading r averaged over positions t = 1..T, and at the last position. */
double gd_readings_mean(const GdReadings *g, GdReading r);
double gd_readings_last(const GdReadings *g, GdReading r);
#endif
