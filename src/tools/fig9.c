/* icar-fig9 — softmax and MLP in model (6) on unitary d = 1 contexts (Figure 9, App. B).
 *
 *   icar-fig9 --T N --H N --mlp N --init X --train N --test N --epochs N --batch N --lr X
 *             --out data/results/fig9 --claims data/results/claims/fig9.csv
 *
 * (make fig9 passes every setting from specs/fig9.mk.)
 *
 * Rotations of the plane (lambda = e^{i theta}, theta ~ U(0, 2 pi), tokens as real pairs,
 * s_0 = (1, 0)), T context tokens; four variants of model (6) (model6.h): linear
 * attention, softmax attention, linear + MLP, softmax + MLP, each trained with Adam from
 * the same initial A, B, P. Writes loss.csv (epoch and the training loss of each variant,
 * then the test loss of each) and, from loss.csv as written, the claim
 * fig9.softmax_fails (fig9claims.h). */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "fig9claims.h"
#include "model6.h"
#include "runwhere.h"
#include "train.h"
#include "trainflags.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *NAMES[4] = {"linear", "softmax", "linear_mlp", "softmax_mlp"};

int main(int argc, char **argv) {
    TrainFlags f = {.seed = 1, .profile = "quick"};
    int T = 0, H = 0, mlp = 0;
    double init_scale = 0;
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_TOOL("icar-fig9"),
        TRAINFLAGS_OPTS(f),   /* checkpoints PREFIX-<variant>.ckpt */
        {"T", OPT_INT, &T, 2, 200, .required = 1, .help = "context tokens; sequences hold T+1", .key = "T"},
        {"H", OPT_INT, &H, 1, 64, .required = 1, .help = "heads", .key = "H"},
        {"mlp", OPT_INT, &mlp, 1, 1024, .required = 1, .help = "MLP hidden width", .key = "mlp_hidden"},
        {"init", OPT_DOUBLE, &init_scale, 0, 10, .required = 1, .help = "A, B, P start as X * N(0,1)", .key = "init",
         .fmt = "%g N(0,1) for A, B, P"},
        {.kind = OPT_TEXT, .key = "loss", .text = "mean over sequences and query positions of |out_i - s_{i+2}|^2"},
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .required = 1, .help = "the figure's CSVs"},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .required = 1, .help = "the figure's claims"},
        {0}};
    opts_parse(opts, argc, argv, "icar-fig9", NULL);
    trainflags_check(&f);
    make_dirs(out);
    make_parent_dirs(claims);
    train_single_threaded_blas();

    float *xtr = xmalloc((size_t)f.ntrain * T * 2 * sizeof(float)), *ytr = xmalloc((size_t)f.ntrain * (T - 1) * 2 * sizeof(float));
    float *xte = xmalloc((size_t)f.ntest * T * 2 * sizeof(float)), *yte = xmalloc((size_t)f.ntest * (T - 1) * 2 * sizeof(float));
    Rng r;
    rng_init(&r, f.seed, RNG_TRAIN);
    m6_rotation_data(xtr, ytr, f.ntrain, T, &r);
    rng_init(&r, f.seed, RNG_TEST);
    m6_rotation_data(xte, yte, f.ntest, T, &r);
    SeqSet train = {xtr, ytr, f.ntrain, (size_t)T * 2, (size_t)(T - 1) * 2};
    SeqSet test = {xte, yte, f.ntest, (size_t)T * 2, (size_t)(T - 1) * 2};

    float *curves[4];
    int stopped = 0;
    for (int v = 0; v < 4; v++) {
        M6Config c = {.D = 2, .T = T, .H = H, .softmax = v & 1, .mlp = v & 2 ? mlp : 0};
        Model6 m;
        m6_create(&m, &c, f.batch > f.ntest ? f.batch : f.ntest);
        rng_init(&r, f.seed, RNG_INIT);   /* the same A, B, P in every variant */
        m6_init(&m, &r, (float)init_scale);
        char set[1024], label[64], ckpt[4096];
        opts_fingerprint(opts, set, sizeof set - 64);
        snprintf(set + strlen(set), 64, " variant=%s", NAMES[v]);
        snprintf(label, sizeof label, "fig9 %s", NAMES[v]);
        TrainOpts to = trainflags_opts(&f, set, label);
        if (f.checkpoint) {   /* one file per variant */
            snprintf(ckpt, sizeof ckpt, "%s-%s.ckpt", f.checkpoint, NAMES[v]);
            to.checkpoint = ckpt;
        }
        Trainable t = m.run.t;
        TrainResult res;
        train_run(&t, &train, &test, &to, &res);
        if (res.epochs_done < f.epochs) stopped = 1;
        curves[v] = res.curve;
        m6_free(&m);
    }
    if (stopped) checkpoint_stopped(f.stop_after);

    runwhere_write(out, 1);   /* the machine: OUT/fig9.where (runwhere.h) */
    char path[4096];
    snprintf(path, sizeof path, "%s/loss.csv", out);
    CsvOut *c = csv_create(path);
    opts_settings(c, opts);
    csv_header(c, "epoch,linear,softmax,linear_mlp,softmax_mlp,test_linear,test_softmax,test_linear_mlp,test_softmax_mlp");
    for (int e = 0; e < f.epochs; e++) {
        csv_int(c, e + 1);
        for (int v = 0; v < 4; v++) csv_num(c, curves[v][2 * e]);
        for (int v = 0; v < 4; v++) csv_num(c, curves[v][2 * e + 1]);
        csv_endrow(c);
    }
    csv_close(c);

    double fin[4];
    for (int v = 0; v < 4; v++) fin[v] = curves[v][2 * (f.epochs - 1)];
    fprintf(stderr, "icar-fig9: final training loss linear %.3g, softmax %.3g, linear+MLP %.3g, softmax+MLP %.3g\n",
            fin[0], fin[1], fin[2], fin[3]);
    /* the claim from loss.csv as written, as icar-rederive derives it from an archive */
    CsvTable *written = table_read(path);
    Claims *cl = claims_open(claims);
    fig9_claims(written, cl);
    claims_close(cl);
    table_free(written);
    checkpoint_remove_all();
    for (int v = 0; v < 4; v++) free(curves[v]);
    free(xtr); free(ytr); free(xte); free(yte);
    return 0;
}
