/* icar-fig1 — two autoregressive processes in R^3 (Figure 1).
 *
 *   icar-fig1 --seed 1 --steps 50 --out data/results/fig1/points.csv
 *
 * Two context matrices W_1, W_2 drawn from the Haar measure on O(3) (QR of a Gaussian
 * matrix through LAPACKE, signs of R's diagonal folded into Q); s_1 = (1,1,1)/sqrt(3),
 * s_{t+1} = W s_t. Output: process,t,x,y,z (process 1 is drawn with dots, 2 with crosses).
 * Claim fig1.norm (with --claims): an orthogonal W keeps |s_t| = 1 on the whole path. */
#include "args.h"
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "rng.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>

static const char *USAGE =
    "usage: icar-fig1 --out FILE.csv [--claims FILE.csv] [--seed N] [--steps N]\n"
    "  --claims F  write the claim fig1.norm to F\n"
    "  --seed N    random seed (default 1)\n"
    "  --steps N   tokens per process (default 50)\n";

int main(int argc, char **argv) {
    err_set_program("icar-fig1");
    uint64_t seed = 1;
    long steps = 50;
    const char *out = NULL, *claims = NULL;
    static struct option opts[] = {{"seed", required_argument, 0, 's'},
                                   {"steps", required_argument, 0, 'n'},
                                   {"out", required_argument, 0, 'o'},
                                   {"claims", required_argument, 0, 'c'},
                                   {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 's': seed = arg_seed(optarg); break;
        case 'n': steps = arg_long("--steps", optarg, 1, 1000000); break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !out) usage_exit(USAGE);
    make_parent_dirs(out);
    Claims *cl = NULL;
    if (claims) { make_parent_dirs(claims); cl = claims_open(claims); }
    double worst = 0;
    Rng r;
    rng_init(&r, seed, RNG_TRAIN);
    CsvOut *c = csv_create(out);
    csv_setting(c, "tool", "icar-fig1");
    csv_setting(c, "seed", "%llu", (unsigned long long)seed);
    csv_setting(c, "steps", "%ld", steps);
    csv_setting(c, "s1", "(1,1,1)/sqrt(3)");
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
