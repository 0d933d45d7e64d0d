/* icar-fig2 — the trigonometric relation 2 cos(theta) R_theta - I_2 = R_{2 theta} (Figure 2).
 *
 *   icar-fig2 --theta 0.6 --out data/results/fig2/vectors.csv
 *
 * Vectors from the origin: x, R_theta x, 2 cos(theta) R_theta x, -x, and their sum
 * 2 cos(theta) R_theta x - x, which equals R_{2 theta} x (also written, to be drawn on top).
 * The residual |2 cos(theta) R_theta x - x - R_{2 theta} x| is recorded as a setting;
 * with --claims, claim fig2.identity checks 2 cos(t) R_t - I = R_2t on 1000 angles. */
#include "args.h"
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>

static const char *USAGE =
    "usage: icar-fig2 --out FILE.csv [--claims FILE.csv] [--theta X]\n"
    "  --claims F  write the claim fig2.identity to F\n"
    "  --theta X   rotation angle in radians (default 0.6)\n";

static void row(CsvOut *c, const char *name, double x0, double y0, double x, double y) {
    csv_str(c, name);
    csv_num(c, x0); csv_num(c, y0); csv_num(c, x); csv_num(c, y);
    csv_endrow(c);
}

int main(int argc, char **argv) {
    err_set_program("icar-fig2");
    double th = 0.6;
    const char *out = NULL, *claims = NULL;
    static struct option opts[] = {{"theta", required_argument, 0, 't'},
                                   {"out", required_argument, 0, 'o'},
                                   {"claims", required_argument, 0, 'c'},
                                   {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 't': th = arg_double("--theta", optarg, -2 * M_PI, 2 * M_PI); break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !out) usage_exit(USAGE);
    make_parent_dirs(out);
    double x[2] = {1, 0}, co = cos(th), si = sin(th);
    double rx[2] = {co * x[0] - si * x[1], si * x[0] + co * x[1]};
    double r2[2] = {cos(2 * th) * x[0] - sin(2 * th) * x[1], sin(2 * th) * x[0] + cos(2 * th) * x[1]};
    double sc[2] = {2 * co * rx[0], 2 * co * rx[1]};
    double sum[2] = {sc[0] - x[0], sc[1] - x[1]};
    CsvOut *c = csv_create(out);
    csv_setting(c, "tool", "icar-fig2");
    csv_setting(c, "theta", "%.17g", th);
    csv_setting(c, "residual", "%.3g", hypot(sum[0] - r2[0], sum[1] - r2[1]));
    csv_header(c, "name,x0,y0,dx,dy");   /* arrow from (x0,y0) by (dx,dy) */
    row(c, "x", 0, 0, x[0], x[1]);
    row(c, "R_theta x", 0, 0, rx[0], rx[1]);
    row(c, "2cos(theta) R_theta x", 0, 0, sc[0], sc[1]);
    row(c, "-x", sc[0], sc[1], -x[0], -x[1]);   /* drawn head to tail: the sum */
    row(c, "R_2theta x", 0, 0, r2[0], r2[1]);
    csv_close(c);
    if (claims) {
        make_parent_dirs(claims);
        Claims *cl = claims_open(claims);
        double worst = 0;   /* entries of 2 cos(t) R_t - I - R_2t */
        for (int k = 0; k < 1000; k++) {
            double t = 2 * M_PI * k / 1000, ct = cos(t), st = sin(t);
            double e[4] = {2 * ct * ct - 1 - cos(2 * t), -2 * ct * st + sin(2 * t),
                           2 * ct * st - sin(2 * t), 2 * ct * ct - 1 - cos(2 * t)};
            for (int i = 0; i < 4; i++) worst = fmax(worst, fabs(e[i]));
        }
        claim(cl, "fig2.identity", worst);
        claims_close(cl);
    }
    return 0;
}
