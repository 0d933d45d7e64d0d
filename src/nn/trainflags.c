/* trainflags.c — see trainflags.h. */
#include "trainflags.h"
#include "err.h"

void trainflags_check(const TrainFlags *f) {
    if (f->stop_after && !f->checkpoint) die("--stop-after needs --checkpoint");
    if (f->checkpoint && !f->ckpt_every) die("--checkpoint-every is required with --checkpoint");
}

TrainOpts trainflags_opts(const TrainFlags *f, const char *settings, const char *label) {
    return (TrainOpts){.epochs = f->epochs, .batch = f->batch, .lr = (float)f->lr, .seed = f->seed,
                       .checkpoint = f->checkpoint, .checkpoint_every = f->ckpt_every, .settings = settings,
                       .stop_after = f->stop_after, .label = label};
}
