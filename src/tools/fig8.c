/* icar-fig8 — orthogonality between heads (Figure 8, Sec. 6).
 *
 *   icar-fig8 --seed 1 --out data/results/fig8 --claims data/results/claims/fig8.csv
 *
 * The model of Figure 7 (heads.h) with duplicated tokens (E = 2d), every head
 * initialised like head 0 plus 0.05 N(0,1) per entry, trained with Adam; --variant and
 * its flags (headsrun.h) choose between the paper's text and the authors' code (with a
 * shared W_O only the q, k, v maps are per head). Writes bb.csv (i, j, init, trained: the
 * E x E matrix sum_h B_h^T B_h, B_h = W_O^h Wv^h, at initialisation and after training),
 * curve.csv (epoch, train_loss, test_mse) and the claim fig8.orthogonality: the
 * off-diagonal mass sum_{i!=j} |M_ij| / sum_i |M_ii| after training over the same at
 * initialisation. */
#include "args.h"
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "headsrun.h"
#include "trainflags.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-fig8 --out DIR --claims FILE [options]\n"
    TRAINFLAGS_USAGE
    "    (defaults: seed 1, train 16384, test 1024, epochs 200, batch 1024, lr 1e-2,\n"
    "     profile quick, checkpoint-every 10)\n"
    "  --d N                 data dimension; tokens are duplicated, E = 2d (default 5)\n"
    "  --H N                 heads (default 8)\n"
    "  --T N                 input tokens per sequence (default 50)\n"
    "  --noise X             per-entry noise on the identical heads (default 0.05)\n"
    HEADSVARIANT_USAGE;

/* sum_{i != j} |M_ij| / sum_i |M_ii| of an E x E matrix; with skip > 0 the entries
 * |i - j| = skip (the pairs of duplicated coordinates) are left out of the sum. */
static double offdiag_ratio(const float *M, int E, int skip) {
    double off = 0, diag = 0;
    for (int i = 0; i < E; i++)
        for (int j = 0; j < E; j++) {
            if (i == j) diag += fabs(M[i * E + j]);
            else if (abs(i - j) != skip) off += fabs(M[i * E + j]);
        }
    return off / diag;
}

int main(int argc, char **argv) {
    err_set_program("icar-fig8");
    TrainFlags f = {.seed = 1, .ntrain = 16384, .ntest = 1024, .epochs = 200, .batch = 1024,
                    .ckpt_every = 10, .lr = 1e-2, .profile = "quick"};
    int d = 5, H = 8, T = 50;
    double noise = 0.05;
    HeadsVariant v;
    headsvariant_init(&v);
    static struct option opts[] = {
        TRAINFLAGS_OPTIONS, HEADSVARIANT_OPTIONS, {"d", required_argument, 0, 'd'},
        {"H", required_argument, 0, 'H'}, {"T", required_argument, 0, 'T'},
        {"noise", required_argument, 0, 'z'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'd': d = (int)arg_long("--d", optarg, 1, 256); break;
        case 'H': H = (int)arg_long("--H", optarg, 1, 4096); break;
        case 'T': T = (int)arg_long("--T", optarg, 1, 100); break;
        case 'z': noise = arg_double("--noise", optarg, 1e-9, 10); break;
        default:
            if (!headsvariant_parse(&v, ch, optarg)) trainflags_parse(&f, ch, optarg, USAGE);
        }
    }
    headsvariant_done(&v);
    if (v.query_prev && T < 2) die("--query prev needs --T of at least 2");
    if (v.loss_from >= T) die("--loss-positions skip-first needs --T of at least 2");
    trainflags_done(&f, argc, USAGE);
    train_single_threaded_blas();

    Rng rtr, rte;
    rng_init(&rtr, f.seed, RNG_TRAIN);
    rng_init(&rte, f.seed, RNG_TEST);
    SeqSet train, test;
    heads_data(&train, f.ntrain, T, d, 1, &rtr);
    heads_data(&test, f.ntest, T, d, 1, &rte);
    int E = 2 * d;
    HeadsConfig hc = {.d = d, .E = E, .H = H, .T = T, .npos = 100 > T ? 100 : T};
    headsvariant_apply(&v, &hc);
    char set[768], choices[256];
    headsvariant_describe(choices, sizeof choices, &v);
    snprintf(set, sizeof set, "icar-fig8 seed=%llu d=%d H=%d T=%d train=%d test=%d epochs=%d batch=%d lr=%g noise=%g %s",
             (unsigned long long)f.seed, d, H, T, f.ntrain, f.ntest, f.epochs, f.batch, f.lr, noise, choices);
    TrainOpts to = {.epochs = f.epochs, .batch = f.batch, .lr = (float)f.lr, .seed = f.seed,
                    .checkpoint = f.checkpoint, .checkpoint_every = f.ckpt_every, .settings = set,
                    .stop_after = f.stop_after, .label = "fig8"};
    Heads m;
    TrainResult res;
    float *init = xmalloc(heads_num_params(&hc) * sizeof(float));
    heads_run(&m, &hc, (float)noise, f.seed, RNG_INIT, &train, &test, &to, init, &res);
    if (res.epochs_done < f.epochs) checkpoint_stopped(res.epochs_done);
    float *bb_init = xmalloc((size_t)E * E * sizeof(float)), *bb = xmalloc((size_t)E * E * sizeof(float));
    heads_bb(&m, bb);
    float *trained = xmalloc(m.nparams * sizeof(float));
    memcpy(trained, m.params, m.nparams * sizeof(float));
    memcpy(m.params, init, m.nparams * sizeof(float));
    heads_bb(&m, bb_init);
    memcpy(m.params, trained, m.nparams * sizeof(float));

    double r_init = offdiag_ratio(bb_init, E, 0), r_trained = offdiag_ratio(bb, E, 0);
    double q_init = offdiag_ratio(bb_init, E, d), q_trained = offdiag_ratio(bb, E, d);
    char path[4096];
    snprintf(path, sizeof path, "%s/bb.csv", f.out);
    CsvOut *c = csv_create(path);
    trainflags_settings(c, &f, "icar-fig8");
    headsvariant_settings(c, &v);
    csv_setting(c, "d", "%d", d);
    csv_setting(c, "E", "%d", E);
    csv_setting(c, "H", "%d", H);
    csv_setting(c, "T", "%d", T);
    csv_setting(c, "noise", "%g", noise);
    csv_setting(c, "final_test_mse", "%.6g", res.curve[2 * (f.epochs - 1) + 1]);
    csv_setting(c, "matrix", "sum_h B_h^T B_h, B_h = W_O^h W_V^h%s", v.shared_out ? " (W_O^h = the shared W_O)" : "");
    csv_setting(c, "offdiag_ratio_init", "%.4g", r_init);
    csv_setting(c, "offdiag_ratio_trained", "%.4g", r_trained);
    csv_setting(c, "offdiag_ratio_init_without_dup_pairs", "%.4g", q_init);
    csv_setting(c, "offdiag_ratio_trained_without_dup_pairs", "%.4g", q_trained);
    csv_header(c, "i,j,init,trained");
    for (int i = 0; i < E; i++)
        for (int j = 0; j < E; j++) {
            csv_int(c, i + 1);
            csv_int(c, j + 1);
            csv_num(c, bb_init[i * E + j]);
            csv_num(c, bb[i * E + j]);
            csv_endrow(c);
        }
    csv_close(c);
    snprintf(path, sizeof path, "%s/curve.csv", f.out);
    c = csv_create(path);
    csv_setting(c, "tool", "icar-fig8");
    csv_setting(c, "seed", "%llu", (unsigned long long)f.seed);
    headsvariant_settings(c, &v);
    csv_header(c, "epoch,train_loss,test_mse");
    for (int e = 0; e < f.epochs; e++) {
        csv_int(c, e + 1);
        csv_num(c, res.curve[2 * e]);
        csv_num(c, res.curve[2 * e + 1]);
        csv_endrow(c);
    }
    csv_close(c);

    fprintf(stderr, "icar-fig8: off-diagonal / diagonal mass: init %.4g, trained %.4g (without the pairs |i-j| = d: %.4g, %.4g)\n",
            r_init, r_trained, q_init, q_trained);
    Claims *cl = claims_open(f.claims);
    claim_note(cl, "fig8.orthogonality", r_trained / r_init, "after %.3g / at init %.3g", r_trained, r_init);
    claims_close(cl);
    checkpoint_remove_all();
    free(bb); free(bb_init); free(trained); free(init); free(res.curve);
    heads_free(&m);
    heads_data_free(&train);
    heads_data_free(&test);
    return 0;
}
