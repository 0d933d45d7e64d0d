/* trainflags.h — the command-line flags every training tool of Figures 7, 8 and 9 shares
 * (seed, sizes of the sets, epochs, batch, learning rate, profile label, checkpointing,
 * outputs). A tool lists TRAINFLAGS_OPTIONS in its getopt_long table, passes every
 * option it does not know itself to trainflags_parse, then calls trainflags_done. */
#ifndef ICAR_TRAINFLAGS_H
#define ICAR_TRAINFLAGS_H
#include "checkpoint.h"
#include "csvio.h"
#include <getopt.h>
#include <stdint.h>

typedef struct {
    uint64_t seed;
    int ntrain, ntest, epochs, batch, ckpt_every, stop_after;
    double lr;
    const char *profile, *checkpoint, *out, *claims;
} TrainFlags;

enum { TF_SEED = 1000, TF_TRAIN, TF_TEST, TF_EPOCHS, TF_BATCH, TF_LR, TF_PROFILE, TF_CKPT,
       TF_CKPT_EVERY, TF_STOP, TF_OUT, TF_CLAIMS };

#define TRAINFLAGS_OPTIONS \
    {"seed", required_argument, 0, TF_SEED}, {"train", required_argument, 0, TF_TRAIN}, \
    {"test", required_argument, 0, TF_TEST}, {"epochs", required_argument, 0, TF_EPOCHS}, \
    {"batch", required_argument, 0, TF_BATCH}, {"lr", required_argument, 0, TF_LR}, \
    {"profile", required_argument, 0, TF_PROFILE}, {"checkpoint", required_argument, 0, TF_CKPT}, \
    {"checkpoint-every", required_argument, 0, TF_CKPT_EVERY}, \
    {"stop-after", required_argument, 0, TF_STOP}, {"out", required_argument, 0, TF_OUT}, \
    {"claims", required_argument, 0, TF_CLAIMS}

/* The usage lines of these flags (defaults as given in f). */
#define TRAINFLAGS_USAGE \
    "  --seed N              random seed\n" \
    "  --train N             training sequences\n" \
    "  --test N              test sequences\n" \
    "  --epochs N            epochs\n" \
    "  --batch N             batch size\n" \
    "  --lr X                Adam learning rate\n" \
    "  --profile NAME        recorded in the CSV settings\n" \
    "  --checkpoint PATH     resumable runs (a prefix where a tool runs several)\n" \
    "  --checkpoint-every N  epochs between checkpoints\n" \
    "  --stop-after N        stop after N epochs, checkpoints saved, no output written:\n" \
    "                        " EXIT_STOPPED_TEXT " (with --checkpoint; for tests)\n"

/* Apply option ch with value arg; usage_exit(usage) if ch is not one of these flags. */
void trainflags_parse(TrainFlags *f, int ch, const char *arg, const char *usage);
/* After getopt: no stray arguments, --out and --claims given, --stop-after only with
 * --checkpoint; creates the output folder and the claims file's folder. */
void trainflags_done(const TrainFlags *f, int argc, const char *usage);
/* The same for a tool whose --out is one file and that measures no claim (--claims
 * refused); creates the file's folder. */
void trainflags_done_file(const TrainFlags *f, int argc, const char *usage);
/* The settings lines every training tool's CSV starts with: tool, profile, seed, the set
 * sizes, epochs, batch and learning rate. */
void trainflags_settings(CsvOut *c, const TrainFlags *f, const char *tool);
#endif
