/* icar-gradcheck — the claim nn.gradcheck: every analytic gradient of the training
 * engine (linear, LayerNorm, ReLU, residual, MSE, causal linear and softmax attention)
 * and of the whole Figure 5 and Figure 10 models against finite differences
 * (src/nn/nncheck.h, src/models/modelcheck.h, src/nn/gradcheck.h: per gradient array,
 * |g - fd|_2 / max(|g|_2, |fd|_2), Richardson-extrapolated central differences in float32).
 *
 *   icar-gradcheck --out data/results/nn/gradcheck.csv --claims data/results/claims/nn.csv
 *
 * OUT lists each check's error; the claim is the largest, expected below 1e-2. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "modelcheck.h"
#include "train.h"
#include <stdio.h>

int main(int argc, char **argv) {
    uint64_t seed = 1;
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_TOOL("icar-gradcheck"),
        OPTS_SEED(seed),
        {"out", OPT_OUTPUT, &out, .arg = "FILE.csv", .required = 1, .help = "each check's error"},
        {"claims", OPT_OUTPUT, &claims, .arg = "CLAIMS.csv", .required = 1, .help = "the claim nn.gradcheck"},
        {0}};
    opts_parse(opts, argc, argv, "icar-gradcheck", NULL);
    train_single_threaded_blas();
    Rng r;
    rng_init(&r, seed, RNG_MC);
    /* one statement per check: they draw from r in this order */
    const char *names[] = {"linear (input, weight, bias)", "layernorm (input, gain, bias), 15 features (fast path)",
                           "layernorm (input, gain, bias), 20 features (general path)", "relu and residual",
                           "mse (first d entries)", "causal linear attention, E=6 (padded kernel)",
                           "causal linear attention, E=18 (general kernel)", "causal softmax attention, 2 heads of 5 (Figure 10's width)",
                           "causal softmax attention, 2 heads of 3 (any width)",
                           "Figure 5 model, L=2 (every parameter tensor)",
                           "Figure 10 model, L=2 (every parameter tensor)"};
    double err[11];
    err[0] = check_linear(&r);
    err[1] = check_layernorm(&r, 15);
    err[2] = check_layernorm(&r, 20);
    err[3] = check_pointwise(&r);
    err[4] = check_mse(&r);
    err[5] = check_attention(&r, 0, 6);
    err[6] = check_attention(&r, 0, 18);
    err[7] = check_attention(&r, 1, 10);
    err[8] = check_attention(&r, 1, 6);
    err[9] = check_aug_model(&r);
    err[10] = check_tf_model(&r);
    int n = sizeof err / sizeof *err;
    double worst = 0;
    CsvOut *c = csv_create(out);
    opts_settings(c, opts);
    csv_setting(c, "method", "per gradient array |g-fd|_2/max(|g|_2,|fd|_2); fd = Richardson (4D(h/2)-D(h))/3 of central differences, h=%g (Figure 10 model: h=%g, instances with every ReLU input at least %g from 0)",
                (double)NNCHECK_H, (double)NNCHECK_TF_H, (double)NNCHECK_KINK);
    csv_header(c, "check,max_relative_error");
    for (int i = 0; i < n; i++) {
        csv_str(c, names[i]);
        csv_num(c, err[i]);
        csv_endrow(c);
        if (!(err[i] <= worst)) worst = err[i];   /* NaN propagates */
    }
    csv_close(c);
    Claims *cl = claims_open(claims);
    claim(cl, "nn.gradcheck", worst);
    claims_close(cl);
    return 0;
}
