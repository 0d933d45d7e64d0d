/* icar-depth — one run of Figures 5 and 10: the Transformer of depth L trained on AR
 * sequences (depth.h); icar-depth-assemble builds the figure from the runs.
 *
 *   icar-depth --model linear --L 4 --out data/results/fig5/runs/L4.csv
 *   icar-depth --model full   --L 4 --out data/results/fig10/runs/L4.csv
 *
 * Writes the run file of depthrun.h (settings, training curve, test MSE per position).
 * With --checkpoint FILE the run saves its state every --checkpoint-every epochs; a
 * rerun with the same settings resumes from it, bit for bit, and the file is removed
 * once the output is written. */
#include "args.h"
#include "atomic.h"
#include "checkpoint.h"
#include "depth.h"
#include "depthrun.h"
#include "err.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-depth --L N --out FILE [options]\n"
    "  --model linear|full   Figure 5 (augmented linear Transformer) or Figure 10 (full Transformer); default linear\n"
    "  --L N                 depth (layers)\n"
    "  --seed N              random seed (default 1)\n"
    "  --train N, --test N   sequences (default 16384, 1024)\n"
    "  --epochs N            (default 2000)   --batch N (default 1024)   --lr X (default 5e-3)\n"
    "  --d N, --T N          data dimension and inputs per sequence (default 5, 50)\n"
    "  --heads N, --ffn N    full model: heads and MLP width (default 3, 60)\n"
    "  --profile NAME        recorded in the CSV (default custom)\n"
    "  --checkpoint FILE     resumable run; --checkpoint-every N epochs (default 50)\n"
    "  --stop-after N        stop after epoch N (to test resuming), no output written;\n"
    "                        " EXIT_STOPPED_TEXT "\n";

int main(int argc, char **argv) {
    err_set_program("icar-depth");
    DepthOpts o = {.model = DEPTH_LINEAR, .d = 5, .T = 50, .ntrain = 16384, .ntest = 1024, .epochs = 2000,
                   .batch = 1024, .lr = 5e-3f, .seed = 1, .heads = 3, .ffn = 60, .checkpoint_every = 50};
    const char *out = NULL, *profile = "custom";
    int L = 0;
    enum { MODEL = 1, SEED, LL, TRAIN, TEST, EPOCHS, BATCH, LR, DIM, TT, HEADS, FFN, PROFILE, CKPT, CKPT_EVERY,
           STOP, OUT };
    static struct option opts[] = {
        {"model", 1, 0, MODEL}, {"seed", 1, 0, SEED}, {"L", 1, 0, LL},
        {"train", 1, 0, TRAIN}, {"test", 1, 0, TEST}, {"epochs", 1, 0, EPOCHS}, {"batch", 1, 0, BATCH},
        {"lr", 1, 0, LR}, {"d", 1, 0, DIM}, {"T", 1, 0, TT}, {"heads", 1, 0, HEADS}, {"ffn", 1, 0, FFN},
        {"profile", 1, 0, PROFILE}, {"checkpoint", 1, 0, CKPT}, {"checkpoint-every", 1, 0, CKPT_EVERY},
        {"stop-after", 1, 0, STOP}, {"out", 1, 0, OUT}, {"help", 0, 0, 0}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case MODEL:
            if (strcmp(optarg, "linear") == 0) o.model = DEPTH_LINEAR;
            else if (strcmp(optarg, "full") == 0) o.model = DEPTH_FULL;
            else die("--model expects 'linear' or 'full', got '%s'", optarg);
            break;
        case SEED: o.seed = arg_seed(optarg); break;
        case LL: L = (int)arg_long("--L", optarg, 1, 64); break;
        case TRAIN: o.ntrain = (int)arg_long("--train", optarg, 1, 1 << 22); break;
        case TEST: o.ntest = (int)arg_long("--test", optarg, 1, 1 << 22); break;
        case EPOCHS: o.epochs = (int)arg_long("--epochs", optarg, 1, 1000000); break;
        case BATCH: o.batch = (int)arg_long("--batch", optarg, 1, 1 << 16); break;
        case LR: o.lr = (float)arg_double("--lr", optarg, 1e-8, 10); break;
        case DIM: o.d = (int)arg_long("--d", optarg, 1, 64); break;
        case TT: o.T = (int)arg_long("--T", optarg, 1, 4096); break;
        case HEADS: o.heads = (int)arg_long("--heads", optarg, 1, 64); break;
        case FFN: o.ffn = (int)arg_long("--ffn", optarg, 1, 4096); break;
        case PROFILE: profile = optarg; break;
        case CKPT: o.checkpoint = optarg; break;
        case CKPT_EVERY: o.checkpoint_every = (int)arg_long("--checkpoint-every", optarg, 1, 1000000); break;
        case STOP: o.stop_after = (int)arg_long("--stop-after", optarg, 1, 1000000); break;
        case OUT: out = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !out || !L) usage_exit(USAGE);
    if (o.model == DEPTH_FULL && (3 * o.d) % o.heads)
        die("--heads %d must divide the token width 3d = %d", o.heads, 3 * o.d);
    train_single_threaded_blas();
    make_parent_dirs(out);
    if (o.checkpoint) make_parent_dirs(o.checkpoint);

    DepthData D;
    depth_data_init(&D, o.seed, o.ntrain, o.ntest, o.T, o.d);
    DepthRun run;
    if (depth_train(&o, L, &D, &run)) checkpoint_stopped(o.stop_after);
    depthrun_write(out, &o, profile, &run);
    checkpoint_remove_all();
    depth_run_free(&run);
    depth_data_free(&D);
    return 0;
}
