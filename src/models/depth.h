/* depth.h — the experiment of Figures 5 and 10: the model of depth L (the augmented
 * linear Transformer, or the full Transformer) trained on AR sequences, one depth per
 * run, so that each depth is its own resumable job.
 *
 * Data: train and test sequences s[n, T+1, d] from the rng streams RNG_TRAIN and
 * RNG_TEST of the seed (the same for every L, and the same for the GD baseline of
 * gdreadings.h); tokens and targets as augmented.h. The model of depth L starts from
 * the stream 1000 + L of the seed. */
#ifndef ICAR_DEPTH_H
#define ICAR_DEPTH_H
#include "train.h"
#include <stdint.h>

typedef enum { DEPTH_LINEAR, DEPTH_FULL } DepthModel;

typedef struct {
    DepthModel model;
    int d, T;                   /* 5, 50: tokens in R^3d, T inputs per sequence */
    int ntrain, ntest;
    int heads, ffn;             /* full model only: NH, MLP width F */
    TrainOpts train;            /* epochs, batch, lr, seed (also of the data and the
                                   initialisation), checkpointing, and the run's settings
                                   (train.settings, fingerprinted into the checkpoint);
                                   depth_train labels the progress */
} DepthOpts;

/* The sequences of one seed and their tokens. */
typedef struct {
    int ntrain, ntest, T, d;
    float *s_train, *s_test;    /* [n, T+1, d] */
    float *e_train, *y_train;   /* [ntrain, T, 3d], [ntrain, T, d] */
    float *e_test, *y_test;
} DepthData;

void depth_data_init(DepthData *D, uint64_t seed, int ntrain, int ntest, int T, int d);
void depth_data_free(DepthData *D);

/* One trained depth. */
typedef struct {
    int L;
    size_t nparams;
    double mse_init;            /* test MSE before training */
    double *mse_pos;            /* [T] test MSE at each position t = 1..T after training */
    float *curve;               /* [epochs][2] train loss, test MSE after each epoch */
} DepthRun;

const char *depth_model_name(DepthModel m);   /* "linear" or "full" */
/* A model of the given kind and depth behind the trainer's interface; free with
 * depth_model_free. */
Trainable depth_model_new(const DepthOpts *o, int L, int maxB);
void depth_model_free(Trainable *t);
/* Train depth L on D. Returns 0, or 1 if training was stopped by stop_after before
 * the end (run is then incomplete). Free with depth_run_free. */
int depth_train(const DepthOpts *o, int L, const DepthData *D, DepthRun *run);
void depth_run_free(DepthRun *run);

/* Whether a run's training converged, from its curve[epochs][2] (column 1: the test
 * MSE after each epoch):
 *   flat    the last k = max(3, epochs/10) epochs lowered the best test MSE by less
 *           than DEPTH_CONV_FLAT (relative) below the best of the epochs before them;
 *   stable  the final test MSE is within DEPTH_CONV_STABLE of the run's best;
 *   depth   the final test MSE is at most (1 + DEPTH_CONV_STABLE) times `shallower`,
 *           the lowest final test MSE of the converged runs of smaller depth (INFINITY
 *           if none): a deeper model can do what a shallower one does (for the linear
 *           model exactly: a layer with W_O = 0, b_O = 0, LayerNorm bias 0 is the
 *           identity), so a deeper model above it has stopped on a plateau. */
#define DEPTH_CONV_FLAT 0.01
#define DEPTH_CONV_STABLE 0.05
int depth_converged(const float *curve, int epochs, double shallower);
#endif
