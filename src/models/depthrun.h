/* depthrun.h — the file of one Figure 5 / 10 run (one depth L), from which the
 * figure's CSVs are assembled without training.
 *
 * "# key=value" settings (depthrun_opts): tool, model (linear | full), profile, seed, d,
 * T, train, test, epochs, batch, lr, optimizer, heads and ffn (full model), L; nparams.
 * Columns series,index,value, the series in this order:
 *   init_test_mse   index 0          test MSE before training
 *   train_mse       index 1..epochs  mean training loss of the epoch
 *   test_mse        index 1..epochs  test MSE after the epoch
 *   position_mse    index 1..T       test MSE at position t after training */
#ifndef ICAR_DEPTHRUN_H
#define ICAR_DEPTHRUN_H
#include "csvio.h"
#include "depth.h"
#include "opts.h"
#include "trainflags.h"

/* The command line of icar-depth; its settings are the run file's. */
typedef struct {
    TrainFlags f;               /* seed, set sizes, epochs, batch, lr, profile, checkpointing */
    int model;                  /* DepthModel */
    int L, d, T, heads, ffn;    /* depth; data dimension, inputs per sequence; full model: NH, F */
    int full;                   /* model == DEPTH_FULL: heads and ffn are recorded */
    const char *out;            /* the run file */
} DepthArgs;

/* The values of --model, in DepthModel order, NULL-terminated. */
extern const char *const DEPTH_MODELS[];

/* The model's entries of an option table over DepthArgs a, shared by icar-depth and
 * icar-bench-fig5: Figure 5's and 10's settings, required (their values in the figure's
 * spec); --heads and --ffn only with --model full (depthargs_done). */
#define DEPTHARG_MODEL(a) \
    {"model", OPT_WORD, &(a).model, .words = DEPTH_MODELS, .required = 1, .key = "model", \
     .help = "Figure 5 (augmented linear Transformer) or Figure 10 (full Transformer)"}
#define DEPTHARG_D(a) {"d", OPT_INT, &(a).d, 1, 64, .required = 1, .help = "data dimension", .key = "d"}
#define DEPTHARG_T(a) {"T", OPT_INT, &(a).T, 1, 4096, .required = 1, .help = "inputs per sequence", .key = "T"}
#define DEPTHARG_HEADS(a) \
    {"heads", OPT_INT, &(a).heads, 1, 64, .help = "full model: heads (required with --model full)", .key = "heads", \
     .when = &(a).full}
#define DEPTHARG_FFN(a) \
    {"ffn", OPT_INT, &(a).ffn, 1, 4096, .help = "full model: MLP width (required with --model full)", .key = "ffn", \
     .when = &(a).full}

enum { DEPTHRUN_NOPTS = 24 };
/* icar-depth's values before parsing: seed 1, profile "custom" (run labels); every
 * setting of the figure unset, to be given. */
void depthargs_init(DepthArgs *a);
/* The option table of icar-depth over a: its flags, and the run file's settings lines
 * in their order. t[DEPTHRUN_NOPTS] holds it, ended by {0}. */
void depthrun_opts(DepthArgs *a, Opt *t);
/* After opts_parse (or to write a file of given settings): checks the combination (--heads
 * and --ffn given with the full model), rounds lr to the float the run trains with, and
 * fills o (o->train.settings and o->train.label NULL). */
void depthargs_done(DepthArgs *a, DepthOpts *o);

/* Write the run file: the settings of t, nparams, the rows of r (o: epochs, T). */
void depthrun_write(const char *path, const Opt *t, const DepthOpts *o, const DepthRun *r);

typedef struct {
    CsvTable *table;      /* the file as read (its settings lines) */
    DepthOpts o;          /* model, d, T, ntrain, ntest, epochs, batch, lr, seed, heads, ffn */
    DepthRun run;
} DepthRunFile;

/* Read and check PATH (every series complete and finite); dies naming the file. */
void depthrun_read(const char *path, DepthRunFile *f);
void depthrun_free(DepthRunFile *f);
#endif
