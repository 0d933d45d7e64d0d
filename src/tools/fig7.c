/* icar-fig7 — one run of Figure 7 (Sec. 6 "Non-augmented setting"): the model of
 * heads.h with H heads trained on plain or duplicated tokens.
 *
 *   icar-fig7 --variant authors --kind dup --H 8 --d 5 --T 50 --npos 100 --train 16384 --test 1024 \
 *             --epochs 200 --batch 1024 --lr 0.01 --out data/results/fig7/runs/authors-dup-H8.csv
 *
 * (make fig7 passes every setting from specs/fig7.mk.)
 *
 * One training set and one test set of AR sequences (d, T+1 tokens, W Haar on O(d), the
 * same sequences for every kind and H); tokens e_t = s_t (E = d) or e_t = (s_t, s_t)
 * (E = 2d); Adam (train.h). --variant and its flags (headsrun.h) choose between the
 * paper's text and the authors' code. Writes the run's CSV: its settings as "# key=value"
 * lines, then epoch,train_loss,test_mse with epoch 0 the losses at initialisation (the
 * train loss there over the whole training set, in batches as the test MSE of every
 * epoch; later ones the mean over the epoch's batches). icar-fig7-assemble turns the runs into the figure's tables and claims.
 * With --checkpoint FILE the run saves its state there and a rerun resumes it. */
#include "err.h"
#include "headsrun.h"
#include "runwhere.h"
#include "trainflags.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    TrainFlags f = {.seed = 1, .profile = "quick"};
    HeadsVariant v;
    headsvariant_init(&v);
    int dup = 0, H = 0, d = 0, E = 0, T = 0, npos = 0;
    const char *out = NULL, *loss = NULL;
    const Opt opts[] = {
        OPTS_TOOL("icar-fig7"),
        TRAINFLAGS_OPTS(f),
        HEADSVARIANT_OPTS(v),
        {"kind", OPT_WORD, &dup, .words = HEADS_KINDS, .required = 1, .key = "kind",
         .help = "tokens e_t = s_t or duplicated e_t = (s_t, s_t)"},
        {"H", OPT_INT, &H, 1, 4096, .required = 1, .help = "heads", .key = "H"},
        {"d", OPT_INT, &d, 1, 256, .required = 1, .help = "data dimension (one per variant: specs/fig7.mk)",
         .key = "d"},
        {.kind = OPT_INT, .dest = &E, .key = "E"},   /* token width: d, or 2d duplicated */
        {"T", OPT_INT, &T, 1, 1000, .required = 1, .help = "input tokens per sequence; sequences hold T+1", .key = "T"},
        {"npos", OPT_INT, &npos, 1, 100000, .required = 1, .help = "rows of the position table", .key = "npos"},
        {.kind = OPT_TEXT, .key = "optimizer", .text = "Adam (PyTorch defaults: betas 0.9/0.999, eps 1e-8)"},
        {.kind = OPT_STRING, .dest = &loss, .key = "loss", .fmt = "mean squared error per entry over the d coordinates and %s"},
        {"out", OPT_OUTPUT, &out, .arg = "RUN.csv", .required = 1, .help = "the run's CSV"},
        {0}};
    opts_parse(opts, argc, argv, "icar-fig7", NULL);
    trainflags_check(&f);
    headsvariant_done(&v);
    E = dup ? 2 * d : d;
    loss = v.loss_from ? "the positions t >= 1" : "every position t";
    if (npos < T) die("--npos (%d) must be at least --T (%d)", npos, T);
    HeadsConfig hc = {.d = d, .E = E, .H = H, .T = T, .npos = npos};
    headsvariant_apply(&v, &hc);
    make_parent_dirs(out);
    train_single_threaded_blas();

    SeqSet train, test;
    heads_datasets(&train, &test, f.seed, f.ntrain, f.ntest, T, d, dup);

    char label[128], set[1024];
    snprintf(label, sizeof label, "fig7 %s %s H=%d", v.variant, HEADS_KINDS[dup], H);
    opts_fingerprint(opts, set, sizeof set);
    TrainOpts to = trainflags_opts(&f, set, label);
    Heads m;
    TrainResult res;
    float *init = xmalloc(heads_num_params(&hc) * sizeof(float));
    /* one init stream per (kind, H), shared by the variants */
    heads_run(&m, &hc, 0, f.seed, (uint64_t)RNG_INIT * 1000000 + dup * 100000 + H, &train, &test, &to, init, &res);
    if (res.epochs_done < f.epochs) checkpoint_stopped(res.epochs_done);
    /* the losses at initialisation (the paper: test MSE between 0.35 and 1) */
    float *trained = xmalloc(m.run.t.nparams * sizeof(float));
    memcpy(trained, m.run.t.params, m.run.t.nparams * sizeof(float));
    memcpy(m.run.t.params, init, m.run.t.nparams * sizeof(float));
    float init_train = (float)train_eval(&m.run.t, &train), init_test = (float)train_eval(&m.run.t, &test);
    memcpy(m.run.t.params, trained, m.run.t.nparams * sizeof(float));
    fprintf(stderr, "%s: test MSE %.4g (init %.4g), %.3f s/epoch\n", label, res.curve[2 * f.epochs - 1], init_test,
            res.epochs_timed ? res.train_seconds / res.epochs_timed : NAN);

    runwhere_write(out, 0);   /* the machine, beside the CSV (runwhere.h) */
    CsvOut *c = csv_create(out);
    opts_settings(c, opts);
    csv_header(c, "epoch,train_loss,test_mse");
    csv_int(c, 0);
    csv_num(c, init_train);
    csv_num(c, init_test);
    csv_endrow(c);
    for (int e = 0; e < f.epochs; e++) {
        csv_int(c, e + 1);
        csv_num(c, res.curve[2 * e]);
        csv_num(c, res.curve[2 * e + 1]);
        csv_endrow(c);
    }
    csv_close(c);
    checkpoint_remove_all();
    free(init); free(trained); free(res.curve);
    heads_free(&m);
    heads_data_free(&train);
    heads_data_free(&test);
    return 0;
}
