/* icar-depth — Figures 5 and 10: test MSE against depth L, trained Transformer vs
 * L steps of gradient descent on the inner loss (depth.h).
 *
 *   icar-depth --model linear --out data/results/fig5 --claims data/results/claims/fig5.csv
 *   icar-depth --model full   --out data/results/fig10 --claims data/results/claims/fig10.csv
 *
 * Writes OUT/mse.csv (one row per L; *_last: the MSE at the last position t = T only),
 * OUT/curves.csv (train loss and test MSE per
 * epoch), OUT/positions.csv (test MSE at each position t, model and GD), and the claims:
 *   linear: fig5.gd_wins_deep        max over L >= 4 of GD MSE / model MSE, < 0.1
 *           fig5.first_layers_compete  model MSE / GD MSE at L = 1, < 2
 *   full:   fig10.beats_gd           max over L of model MSE / GD MSE, < 1
 * With --checkpoint PREFIX each depth saves PREFIX-MODEL-L<L>.ckpt every
 * --checkpoint-every epochs; a rerun with the same settings resumes from it, bit for
 * bit, and the files are removed once every output is written. */
#include "args.h"
#include "claims.h"
#include "csvio.h"
#include "depth.h"
#include "err.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-depth --out DIR [options]\n"
    "  --model linear|full   Figure 5 (augmented linear Transformer) or Figure 10 (full Transformer); default linear\n"
    "  --seed N              random seed (default 1)\n"
    "  --lmin N, --lmax N    depths (default 1..6)\n"
    "  --train N, --test N   sequences (default 16384, 1024)\n"
    "  --epochs N            (default 2000)   --batch N (default 1024)   --lr X (default 5e-3)\n"
    "  --d N, --T N          data dimension and inputs per sequence (default 5, 50)\n"
    "  --heads N, --ffn N    full model: heads and MLP width (default 3, 60)\n"
    "  --claims FILE         write the figure's claims\n"
    "  --profile NAME        recorded in the CSV (default custom)\n"
    "  --checkpoint PREFIX   resumable run; --checkpoint-every N epochs (default 50)\n"
    "  --stop-after N        stop each depth after epoch N (to test resuming), no output written;\n"
    "                        " EXIT_STOPPED_TEXT "\n";

static void settings(CsvOut *c, const DepthOpts *o, const char *profile) {
    csv_setting(c, "tool", "icar-depth");
    csv_setting(c, "model", "%s", o->model == DEPTH_LINEAR ? "linear (Figure 5)" : "full (Figure 10)");
    csv_setting(c, "profile", "%s", profile);
    csv_setting(c, "seed", "%llu", (unsigned long long)o->seed);
    csv_setting(c, "d", "%d", o->d);
    csv_setting(c, "T", "%d", o->T);
    csv_setting(c, "train", "%d", o->ntrain);
    csv_setting(c, "test", "%d", o->ntest);
    csv_setting(c, "epochs", "%d", o->epochs);
    csv_setting(c, "batch", "%d", o->batch);
    csv_setting(c, "lr", "%g", o->lr);
    csv_setting(c, "optimizer", "Adam (PyTorch defaults: betas 0.9/0.999, eps 1e-8)");
    if (o->model == DEPTH_FULL) {
        csv_setting(c, "heads", "%d", o->heads);
        csv_setting(c, "ffn", "%d", o->ffn);
    }
    csv_setting(c, "positions", "t=1..%d, all %d entries of s_{t+1}", o->T, o->d);
    csv_setting(c, "gd", "L steps from W_0=0, step searched on the train sequences (log grid 1e-4..1 + golden section)");
}

int main(int argc, char **argv) {
    err_set_program("icar-depth");
    DepthOpts o = {.model = DEPTH_LINEAR, .Lmin = 1, .Lmax = 6, .d = 5, .T = 50, .ntrain = 16384,
                   .ntest = 1024, .epochs = 2000, .batch = 1024, .lr = 5e-3f, .seed = 1, .heads = 3,
                   .ffn = 60, .checkpoint_every = 50};
    const char *out = NULL, *claims_path = NULL, *profile = "custom";
    enum { MODEL = 1, SEED, LMIN, LMAX, TRAIN, TEST, EPOCHS, BATCH, LR, D, TT, HEADS, FFN, CLAIMS,
           PROFILE, CKPT, CKPT_EVERY, STOP, OUT };
    static struct option opts[] = {
        {"model", 1, 0, MODEL}, {"seed", 1, 0, SEED}, {"lmin", 1, 0, LMIN}, {"lmax", 1, 0, LMAX},
        {"train", 1, 0, TRAIN}, {"test", 1, 0, TEST}, {"epochs", 1, 0, EPOCHS}, {"batch", 1, 0, BATCH},
        {"lr", 1, 0, LR}, {"d", 1, 0, D}, {"T", 1, 0, TT}, {"heads", 1, 0, HEADS}, {"ffn", 1, 0, FFN},
        {"claims", 1, 0, CLAIMS}, {"profile", 1, 0, PROFILE}, {"checkpoint", 1, 0, CKPT},
        {"checkpoint-every", 1, 0, CKPT_EVERY}, {"stop-after", 1, 0, STOP}, {"out", 1, 0, OUT}, {"help", 0, 0, 0},
        {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case MODEL:
            if (strcmp(optarg, "linear") == 0) o.model = DEPTH_LINEAR;
            else if (strcmp(optarg, "full") == 0) o.model = DEPTH_FULL;
            else die("--model expects 'linear' or 'full', got '%s'", optarg);
            break;
        case SEED: o.seed = arg_seed(optarg); break;
        case LMIN: o.Lmin = (int)arg_long("--lmin", optarg, 1, 64); break;
        case LMAX: o.Lmax = (int)arg_long("--lmax", optarg, 1, 64); break;
        case TRAIN: o.ntrain = (int)arg_long("--train", optarg, 1, 1 << 22); break;
        case TEST: o.ntest = (int)arg_long("--test", optarg, 1, 1 << 22); break;
        case EPOCHS: o.epochs = (int)arg_long("--epochs", optarg, 1, 1000000); break;
        case BATCH: o.batch = (int)arg_long("--batch", optarg, 1, 1 << 16); break;
        case LR: o.lr = (float)arg_double("--lr", optarg, 1e-8, 10); break;
        case D: o.d = (int)arg_long("--d", optarg, 1, 64); break;
        case TT: o.T = (int)arg_long("--T", optarg, 1, 4096); break;
        case HEADS: o.heads = (int)arg_long("--heads", optarg, 1, 64); break;
        case FFN: o.ffn = (int)arg_long("--ffn", optarg, 1, 4096); break;
        case CLAIMS: claims_path = optarg; break;
        case PROFILE: profile = optarg; break;
        case CKPT: o.checkpoint = optarg; break;
        case CKPT_EVERY: o.checkpoint_every = (int)arg_long("--checkpoint-every", optarg, 1, 1000000); break;
        case STOP: o.stop_after = (int)arg_long("--stop-after", optarg, 1, 1000000); break;
        case OUT: out = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !out) usage_exit(USAGE);
    if (o.Lmin > o.Lmax) die("--lmin %d is above --lmax %d", o.Lmin, o.Lmax);
    if (o.model == DEPTH_FULL && (3 * o.d) % o.heads)
        die("--heads %d must divide the token width 3d = %d", o.heads, 3 * o.d);
    train_single_threaded_blas();

    int nL = o.Lmax - o.Lmin + 1;
    DepthRow *rows = xcalloc(nL, sizeof *rows);
    if (depth_run(&o, rows)) checkpoint_stopped(o.stop_after);

    char path[4096];
    snprintf(path, sizeof path, "%s/mse.csv", out);
    CsvOut *c = csv_create(path);
    settings(c, &o, profile);
    csv_header(c, "L,model_mse,gd_mse,model_over_gd,gd_eta,gd_train_mse,model_mse_init,model_mse_last,gd_mse_last,nparams");
    for (int i = 0; i < nL; i++) {
        DepthRow *r = &rows[i];
        csv_int(c, r->L); csv_num(c, r->mse); csv_num(c, r->gd_mse); csv_num(c, r->mse / r->gd_mse);
        csv_num(c, r->gd_eta); csv_num(c, r->gd_train_mse); csv_num(c, r->mse_init);
        csv_num(c, r->mse_pos[o.T - 1]); csv_num(c, r->gd_mse_pos[o.T - 1]); csv_int(c, (long)r->nparams);
        csv_endrow(c);
    }
    csv_close(c);

    snprintf(path, sizeof path, "%s/curves.csv", out);
    c = csv_create(path);
    settings(c, &o, profile);
    csv_header(c, "L,epoch,train_mse,test_mse");
    for (int i = 0; i < nL; i++)
        for (int e = 0; e < o.epochs; e++) {
            csv_int(c, rows[i].L); csv_int(c, e + 1);
            csv_num(c, rows[i].curve[2 * e]); csv_num(c, rows[i].curve[2 * e + 1]);
            csv_endrow(c);
        }
    csv_close(c);

    snprintf(path, sizeof path, "%s/positions.csv", out);
    c = csv_create(path);
    settings(c, &o, profile);
    csv_header(c, "L,t,model_mse,gd_mse");
    for (int i = 0; i < nL; i++)
        for (int t = 0; t < o.T; t++) {
            csv_int(c, rows[i].L); csv_int(c, t + 1);
            csv_num(c, rows[i].mse_pos[t]); csv_num(c, rows[i].gd_mse_pos[t]);
            csv_endrow(c);
        }
    csv_close(c);

    if (claims_path) {
        Claims *cl = claims_open(claims_path);
        if (o.model == DEPTH_LINEAR) {
            double worst = NAN;
            for (int i = 0; i < nL; i++)
                if (rows[i].L >= 4) {
                    double ratio = rows[i].gd_mse / rows[i].mse;
                    worst = isnan(worst) || ratio > worst ? ratio : worst;
                }
            claim_note(cl, "fig5.gd_wins_deep", worst, "L = 4..%d, %s profile", o.Lmax, profile);
            double first = o.Lmin == 1 ? rows[0].mse / rows[0].gd_mse : NAN;
            claim_note(cl, "fig5.first_layers_compete", first, "%s profile", profile);
        } else {
            double worst = NAN;
            for (int i = 0; i < nL; i++) {
                double ratio = rows[i].mse / rows[i].gd_mse;
                worst = isnan(worst) || ratio > worst ? ratio : worst;
            }
            claim_note(cl, "fig10.beats_gd", worst, "L = %d..%d, %s profile", o.Lmin, o.Lmax, profile);
        }
        claims_close(cl);
    }
    checkpoint_remove_all();
    for (int i = 0; i < nL; i++) { free(rows[i].curve); free(rows[i].mse_pos); free(rows[i].gd_mse_pos); }
    free(rows);
    return 0;
}
