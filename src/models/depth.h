/* depth.h — the experiment of Figures 5 and 10: for each depth L, train the model
 * (the augmented linear Transformer, or the full Transformer) on AR sequences and
 * compare its test MSE with L steps of gradient descent on the inner loss.
 *
 * Data (ardata.h): train and test sequences s[n, T+1, d] from the rng streams
 * RNG_TRAIN and RNG_TEST of the seed (the same for every L); tokens and targets as
 * augmented.h. The model of depth L starts from the stream 1000 + L of the seed.
 * GD (gdbaseline.h): the step is searched on the training sequences, the MSE reported
 * on the test sequences, at the same positions t = 1..T and entries as the model. */
#ifndef ICAR_DEPTH_H
#define ICAR_DEPTH_H
#include "train.h"
#include <stdint.h>

typedef enum { DEPTH_LINEAR, DEPTH_FULL } DepthModel;

typedef struct {
    DepthModel model;
    int Lmin, Lmax;             /* depths Lmin..Lmax */
    int d, T;                   /* 5, 50: tokens in R^3d, T inputs per sequence */
    int ntrain, ntest;
    int epochs, batch;
    float lr;
    uint64_t seed;
    int heads, ffn;             /* full model only: NH, MLP width F */
    const char *checkpoint;     /* prefix of checkpoint files, or NULL */
    int checkpoint_every;
    int stop_after;             /* > 0: stop each depth's training after this epoch */
} DepthOpts;

typedef struct {
    int L;
    double mse_init;            /* model test MSE before training */
    double mse;                 /* model test MSE after training */
    double gd_eta, gd_train_mse, gd_mse;   /* searched step, GD MSE on train and on test */
    double *mse_pos, *gd_mse_pos;          /* [T] test MSE at each position t = 1..T */
    float *curve;               /* [epochs][2] train loss, test MSE */
    double seconds_per_epoch;   /* training time per epoch in this process */
    int epochs_done;
    size_t nparams;
} DepthRow;

/* A model of the given kind and depth behind the trainer's interface; free with
 * depth_model_free. */
Trainable depth_model_new(const DepthOpts *o, int L, int maxB);
void depth_model_free(Trainable *t, DepthModel kind);
/* The settings string fingerprinted into a depth's checkpoint. */
void depth_settings(const DepthOpts *o, int L, char *buf, size_t n);
/* Run every depth; rows[Lmax - Lmin + 1]. Returns 0, or 1 if training was stopped by
 * stop_after before the end (rows are then incomplete). */
int depth_run(const DepthOpts *o, DepthRow *rows);
#endif
