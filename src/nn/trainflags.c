/* trainflags.c — see trainflags.h. */
#include "trainflags.h"
#include "err.h"

void trainflags_check(const TrainFlags *f) {
    if (f->stop_after && !f->checkpoint) die("--stop-after needs --checkpoint");
}
