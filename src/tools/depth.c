/* icar-depth — one run of Figures 5 and 10: the Transformer of depth L trained on AR
 * sequences (depth.h); icar-depth-assemble builds the figure from the runs.
 *
 *   icar-depth --model linear --L 4 --d N --T N --train N --test N --epochs N --batch N --lr X
 *              --out data/results/fig5/runs/L4.csv
 *   icar-depth --model full --heads N --ffn N ... --out data/results/fig10/runs/L4.csv
 *
 * (make fig5 and fig10 pass every setting from specs/fig5.mk and specs/fig10.mk.)
 * Writes the run file of depthrun.h (settings, training curve, test MSE per position).
 * With --checkpoint FILE the run saves its state every --checkpoint-every epochs; a
 * rerun with the same settings resumes from it, bit for bit, and the file is removed
 * once the output is written. */
#include "atomic.h"
#include "checkpoint.h"
#include "depth.h"
#include "depthrun.h"
#include "err.h"
#include "opts.h"
#include "runwhere.h"

int main(int argc, char **argv) {
    DepthArgs a;
    Opt opts[DEPTHRUN_NOPTS];
    depthargs_init(&a);
    depthrun_opts(&a, opts);
    opts_parse(opts, argc, argv, "icar-depth", NULL);
    DepthOpts o;
    depthargs_done(&a, &o);
    char settings[1024];
    opts_fingerprint(opts, settings, sizeof settings);
    o.train.settings = settings;
    train_single_threaded_blas();
    make_parent_dirs(a.out);
    if (o.train.checkpoint) make_parent_dirs(o.train.checkpoint);

    DepthData D;
    depth_data_init(&D, o.train.seed, o.ntrain, o.ntest, o.T, o.d);
    DepthRun run;
    if (depth_train(&o, a.L, &D, &run)) checkpoint_stopped(o.train.stop_after);
    runwhere_write(a.out, 0);   /* the machine, beside the CSV (runwhere.h) */
    depthrun_write(a.out, opts, &o, &run);
    checkpoint_remove_all();
    depth_run_free(&run);
    depth_data_free(&D);
    return 0;
}
