/* trainflags.c — see trainflags.h. */
#include "trainflags.h"
#include "args.h"
#include "atomic.h"
#include "err.h"

void trainflags_parse(TrainFlags *f, int ch, const char *arg, const char *usage) {
    switch (ch) {
    case TF_SEED: f->seed = arg_seed(arg); break;
    case TF_TRAIN: f->ntrain = (int)arg_long("--train", arg, 1, 1 << 24); break;
    case TF_TEST: f->ntest = (int)arg_long("--test", arg, 1, 1 << 24); break;
    case TF_EPOCHS: f->epochs = (int)arg_long("--epochs", arg, 1, 1000000); break;
    case TF_BATCH: f->batch = (int)arg_long("--batch", arg, 1, 1 << 20); break;
    case TF_LR: f->lr = arg_double("--lr", arg, 1e-12, 10); break;
    case TF_PROFILE: f->profile = arg; break;
    case TF_CKPT: f->checkpoint = arg; break;
    case TF_CKPT_EVERY: f->ckpt_every = (int)arg_long("--checkpoint-every", arg, 1, 1000000); break;
    case TF_STOP: f->stop_after = (int)arg_long("--stop-after", arg, 1, 1000000); break;
    case TF_OUT: f->out = arg; break;
    case TF_CLAIMS: f->claims = arg; break;
    default: usage_exit(usage);
    }
}

void trainflags_done(const TrainFlags *f, int argc, const char *usage) {
    if (optind < argc || !f->out || !f->claims) usage_exit(usage);
    if (f->stop_after && !f->checkpoint) die("--stop-after needs --checkpoint");
    make_dirs(f->out);
    make_parent_dirs(f->claims);
}

void trainflags_done_file(const TrainFlags *f, int argc, const char *usage) {
    if (optind < argc || !f->out) usage_exit(usage);
    if (f->claims) die("--claims: this tool measures no claim");
    if (f->stop_after && !f->checkpoint) die("--stop-after needs --checkpoint");
    make_parent_dirs(f->out);
}

void trainflags_settings(CsvOut *c, const TrainFlags *f, const char *tool) {
    csv_setting(c, "tool", "%s", tool);
    csv_setting(c, "profile", "%s", f->profile);
    csv_setting(c, "seed", "%llu", (unsigned long long)f->seed);
    csv_setting(c, "train", "%d", f->ntrain);
    csv_setting(c, "test", "%d", f->ntest);
    csv_setting(c, "epochs", "%d", f->epochs);
    csv_setting(c, "batch", "%d", f->batch);
    csv_setting(c, "lr", "%g", f->lr);
}
