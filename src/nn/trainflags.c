/* trainflags.c — see trainflags.h. */
#include "trainflags.h"
#include "err.h"

void trainflags_check(const TrainFlags *f) {
    if (f->stop_after && !f->checkpoint) die("--stop-after needs --checkpoint");
    if (f->checkpoint && !f->ckpt_every) die("--checkpoint-every is required with --checkpoint");
}
