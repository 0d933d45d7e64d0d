/* icar-fig1 — two autoregressive processes in R^3 (Figure 1).
 *
 *   icar-fig1 --steps N --out data/results/fig1/points.csv   (make fig1: N from specs/fig1.mk)
 *
 * Two context matrices W_1, W_2 drawn from the Haar measure on O(3) (QR of a Gaussian
 * matrix through LAPACKE, signs of R's diagonal folded into Q); s_1 = (1,1,1)/sqrt(3),
 * s_{t+1} = W s_t. Output: process,t,x,y,z (process 1 is drawn with dots, 2 with crosses).
 * Claim fig1.norm (with --claims): an orthogonal W keeps |s_t| = 1 on the whole path. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include "rng.h"
#include <math.h>
#include <stdio.h>

int main(int argc, char **argv) {
    uint64_t seed = 1;
    long steps = 0;
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_TOOL("icar-fig1"),
        OPTS_SEED(seed),
        {"steps", OPT_LONG, &steps, 1, 1000000, .required = 1, .help = "tokens per process", .key = "steps"},
        {.kind = OPT_TEXT, .key = "s1", .text = "(1,1,1)/sqrt(3)"},
        {"out", OPT_OUTPUT, &out, .arg = "FILE.csv", .help = "the two processes", .required = 1},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE.csv", .help = "write the claim fig1.norm there"},
        {0}};
    opts_parse(opts, argc, argv, "icar-fig1", NULL);
    make_parent_dirs(out);
    Claims *cl = NULL;
    if (claims) { make_parent_dirs(claims); cl = claims_open(claims); }
    double worst = 0;
    Rng r;
    rng_init(&r, seed, RNG_TRAIN);
    CsvOut *c = csv_create(out);
    opts_settings(c, opts);
    csv_header(c, "process,t,x,y,z");
    for (int p = 1; p <= 2; p++) {
        double W[9], s[3], n[3];
        rng_haar_orthogonal(&r, W, 3);
        for (int i = 0; i < 3; i++) s[i] = 1 / sqrt(3.0);
        for (long t = 1; t <= steps; t++) {
            csv_int(c, p);
            csv_int(c, t);
            for (int i = 0; i < 3; i++) csv_num(c, s[i]);
            worst = fmax(worst, fabs(sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]) - 1));
            csv_endrow(c);
            for (int i = 0; i < 3; i++) n[i] = W[i * 3] * s[0] + W[i * 3 + 1] * s[1] + W[i * 3 + 2] * s[2];
            for (int i = 0; i < 3; i++) s[i] = n[i];
        }
    }
    csv_close(c);
    if (cl) {
        claim(cl, "fig1.norm", worst);
        claims_close(cl);
    }
    return 0;
}
