/* icar-fig8 — orthogonality between heads (Figure 8, Sec. 6).
 *
 *   icar-fig8 --H N --noise X --d N --T N --train N --test N --epochs N --batch N --lr X
 *             --out data/results/fig8 --claims data/results/claims/fig8.csv
 *
 * (make fig8 passes every setting from specs/fig8.mk.)
 * The model of Figure 7 (heads.h) with duplicated tokens (E = 2d), every head
 * initialised like head 0 plus --noise times N(0,1) per entry, trained with Adam; --variant and
 * its flags (headsrun.h) choose between the paper's text and the authors' code (with a
 * shared W_O only the q, k, v maps are per head). Writes bb.csv (i, j, init, trained: the
 * E x E matrix sum_h B_h^T B_h, B_h = W_O^h Wv^h, at initialisation and after training),
 * curve.csv (epoch, train_loss, test_mse) and, from bb.csv as written, the claim
 * fig8.orthogonality: the off-diagonal mass sum_{i!=j} |M_ij| / sum_i |M_ii| after
 * training over the same at initialisation (fig8claims.h). */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "fig8claims.h"
#include "headsrun.h"
#include "runwhere.h"
#include "trainflags.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    TrainFlags f = {.seed = 1, .profile = "quick"};
    int d = 0, E = 0, H = 0, T = 0;
    double noise = 0;
    const char *out = NULL, *claims = NULL;
    HeadsVariant v;
    headsvariant_init(&v);
    const Opt opts[] = {
        OPTS_TOOL("icar-fig8"),
        TRAINFLAGS_OPTS(f),
        HEADSVARIANT_OPTS(v),
        {"d", OPT_INT, &d, 1, 256, .required = 1, .help = "data dimension; tokens are duplicated, E = 2d", .key = "d"},
        {.kind = OPT_INT, .dest = &E, .key = "E"},
        {"H", OPT_INT, &H, 1, 4096, .required = 1, .help = "heads", .key = "H"},
        {"T", OPT_INT, &T, 1, 100, .required = 1, .help = "input tokens per sequence", .key = "T"},
        {"noise", OPT_DOUBLE, &noise, 1e-9, 10, .required = 1, .help = "per-entry noise on the identical heads", .key = "noise"},
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .required = 1, .help = "the figure's CSVs"},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .required = 1, .help = "the figure's claims"},
        {0}};
    opts_parse(opts, argc, argv, "icar-fig8", NULL);
    trainflags_check(&f);
    headsvariant_done(&v);
    E = 2 * d;
    HeadsConfig hc = {.d = d, .E = E, .H = H, .T = T, .npos = 100 > T ? 100 : T};
    headsvariant_apply(&v, &hc);
    make_dirs(out);
    make_parent_dirs(claims);
    train_single_threaded_blas();

    SeqSet train, test;
    heads_datasets(&train, &test, f.seed, f.ntrain, f.ntest, T, d, 1);
    char set[1024];
    opts_fingerprint(opts, set, sizeof set);
    TrainOpts to = trainflags_opts(&f, set, "fig8");
    Heads m;
    TrainResult res;
    float *init = xmalloc(heads_num_params(&hc) * sizeof(float));
    heads_run(&m, &hc, (float)noise, f.seed, RNG_INIT, &train, &test, &to, init, &res);
    if (res.epochs_done < f.epochs) checkpoint_stopped(res.epochs_done);
    float *bb_init = xmalloc((size_t)E * E * sizeof(float)), *bb = xmalloc((size_t)E * E * sizeof(float));
    heads_bb(&m, bb);
    float *trained = xmalloc(m.run.t.nparams * sizeof(float));
    memcpy(trained, m.run.t.params, m.run.t.nparams * sizeof(float));
    memcpy(m.run.t.params, init, m.run.t.nparams * sizeof(float));
    heads_bb(&m, bb_init);
    memcpy(m.run.t.params, trained, m.run.t.nparams * sizeof(float));

    double *m_init = xmalloc((size_t)E * E * sizeof(double)), *m_trained = xmalloc((size_t)E * E * sizeof(double));
    for (int k = 0; k < E * E; k++) { m_init[k] = bb_init[k]; m_trained[k] = bb[k]; }
    double r_init = fig8_offdiag_ratio(m_init, E, 0), r_trained = fig8_offdiag_ratio(m_trained, E, 0);
    double q_init = fig8_offdiag_ratio(m_init, E, d), q_trained = fig8_offdiag_ratio(m_trained, E, d);
    free(m_init);
    free(m_trained);
    runwhere_write(out, 1);   /* the machine: OUT/fig8.where (runwhere.h) */
    char path[4096];
    snprintf(path, sizeof path, "%s/bb.csv", out);
    CsvOut *c = csv_create(path);
    opts_settings(c, opts);
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
    snprintf(path, sizeof path, "%s/curve.csv", out);
    c = csv_create(path);
    opts_settings_some(c, opts, "tool seed variant query loss_positions head_out");
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
    /* the claim from bb.csv as written, as icar-rederive derives it from an archive */
    snprintf(path, sizeof path, "%s/bb.csv", out);
    CsvTable *written = table_read(path);
    Claims *cl = claims_open(claims);
    fig8_claims(written, cl);
    claims_close(cl);
    table_free(written);
    checkpoint_remove_all();
    free(bb); free(bb_init); free(trained); free(init); free(res.curve);
    heads_free(&m);
    heads_data_free(&train);
    heads_data_free(&test);
    return 0;
}
