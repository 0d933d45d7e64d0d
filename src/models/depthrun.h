/* depthrun.h — the file of one Figure 5 / 10 run (one depth L), from which the
 * figure's CSVs are assembled without training.
 *
 * "# key=value" settings: tool, model (linear | full), profile, seed, d, T, train,
 * test, epochs, batch, lr, optimizer, heads and ffn (full model), L, nparams.
 * Columns series,index,value, the series in this order:
 *   init_test_mse   index 0          test MSE before training
 *   train_mse       index 1..epochs  mean training loss of the epoch
 *   test_mse        index 1..epochs  test MSE after the epoch
 *   position_mse    index 1..T       test MSE at position t after training */
#ifndef ICAR_DEPTHRUN_H
#define ICAR_DEPTHRUN_H
#include "csvio.h"
#include "depth.h"

void depthrun_write(const char *path, const DepthOpts *o, const char *profile, const DepthRun *r);

typedef struct {
    CsvTable *table;      /* the file as read (its settings lines) */
    DepthOpts o;          /* model, d, T, ntrain, ntest, epochs, batch, lr, seed, heads, ffn */
    DepthRun run;
} DepthRunFile;

/* Read and check PATH (every series complete and finite); dies naming the file. */
void depthrun_read(const char *path, DepthRunFile *f);
void depthrun_free(DepthRunFile *f);
#endif
