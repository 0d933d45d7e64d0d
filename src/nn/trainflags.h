/* trainflags.h — the command-line flags every training tool shares (seed, sizes of the
 * sets, epochs, batch, learning rate, profile label, checkpointing), as entries of an
 * option table (opts.h). A tool puts TRAINFLAGS_OPTS(f) in its table, or the entries one
 * by one where its settings lines want another order, and calls trainflags_check after
 * opts_parse. Seed and profile default to the tool's initial values of f (run labels);
 * the set sizes, epochs, batch and learning rate are a figure's settings: required, their
 * values in the figure's spec (specs/figN.mk), and so is --checkpoint-every where
 * --checkpoint is given (trainflags_check). */
#ifndef ICAR_TRAINFLAGS_H
#define ICAR_TRAINFLAGS_H
#include "checkpoint.h"
#include "opts.h"
#include "train.h"
#include <stdint.h>

typedef struct {
    uint64_t seed;
    int ntrain, ntest, epochs, batch, ckpt_every, stop_after;
    double lr;
    const char *profile, *checkpoint;
} TrainFlags;

/* The settings (recorded in the CSV and the fingerprint): profile, seed, the set sizes,
 * epochs, batch and learning rate. */
#define TRAINFLAG_PROFILE(f) OPTS_PROFILE((f).profile)
#define TRAINFLAG_SEED(f) OPTS_SEED((f).seed)
#define TRAINFLAG_TRAIN(f) \
    {"train", OPT_INT, &(f).ntrain, 1, 1 << 24, .required = 1, .help = "training sequences", .key = "train"}
#define TRAINFLAG_TEST(f) {"test", OPT_INT, &(f).ntest, 1, 1 << 24, .required = 1, .help = "test sequences", .key = "test"}
#define TRAINFLAG_EPOCHS(f) {"epochs", OPT_INT, &(f).epochs, 1, 1000000, .required = 1, .help = "epochs", .key = "epochs"}
#define TRAINFLAG_BATCH(f) {"batch", OPT_INT, &(f).batch, 1, 1 << 20, .required = 1, .help = "batch size", .key = "batch"}
#define TRAINFLAG_LR(f) \
    {"lr", OPT_DOUBLE, &(f).lr, 1e-12, 10, .required = 1, .help = "Adam learning rate", .key = "lr"}
/* The same for a run that trains with the float: rounded as it is parsed, recorded as %.9g. */
#define TRAINFLAG_LR_FLOAT(f) \
    {"lr", OPT_DOUBLE, &(f).lr, 1e-12, 10, .required = 1, .help = "Adam learning rate", .key = "lr", .fmt = "%.9g", \
     .single = 1}
/* Checkpointing (not settings: a run resumes whatever they are). */
#define TRAINFLAG_CHECKPOINT(f) \
    {"checkpoint", OPT_STRING, &(f).checkpoint, .arg = "PATH", \
     .help = "resumable runs (a prefix where a tool runs several)"}, \
    {"checkpoint-every", OPT_INT, &(f).ckpt_every, 1, 1000000, .help = "epochs between checkpoints (required with --checkpoint)"}, \
    {"stop-after", OPT_INT, &(f).stop_after, 1, 1000000, \
     .help = "stop after N epochs, checkpoints saved, no output written: " EXIT_STOPPED_TEXT \
             " (with --checkpoint; for tests)"}

/* Every shared flag, the settings in the order tool CSVs record them. */
#define TRAINFLAGS_OPTS(f) \
    TRAINFLAG_PROFILE(f), TRAINFLAG_SEED(f), TRAINFLAG_TRAIN(f), TRAINFLAG_TEST(f), TRAINFLAG_EPOCHS(f), \
    TRAINFLAG_BATCH(f), TRAINFLAG_LR(f), TRAINFLAG_CHECKPOINT(f)

/* After opts_parse: --stop-after only with --checkpoint, and --checkpoint-every always
 * with it; dies naming the flag otherwise. */
void trainflags_check(const TrainFlags *f);

/* The trainer's options (train.h) from the flags: epochs, batch, the learning rate as the
 * float it trains with, the shuffling seed and the checkpointing; settings (fingerprinted
 * into the checkpoint) and label (of the progress lines) are the caller's. */
TrainOpts trainflags_opts(const TrainFlags *f, const char *settings, const char *label);
#endif
