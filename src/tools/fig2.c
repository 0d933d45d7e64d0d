/* icar-fig2 — the trigonometric relation 2 cos(theta) R_theta - I_2 = R_{2 theta} (Figure 2).
 *
 *   icar-fig2 --theta X --out data/results/fig2/vectors.csv   (make fig2: X from specs/fig2.mk)
 *
 * Vectors from the origin: x, R_theta x, 2 cos(theta) R_theta x, -x, and their sum
 * 2 cos(theta) R_theta x - x, which equals R_{2 theta} x (also written, to be drawn on top).
 * The residual |2 cos(theta) R_theta x - x - R_{2 theta} x| is recorded as a setting;
 * with --claims, claim fig2.identity checks 2 cos(t) R_t - I = R_2t on 1000 angles. */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "opts.h"
#include <math.h>
#include <stdio.h>

static void row(CsvOut *c, const char *name, double x0, double y0, double x, double y) {
    csv_str(c, name);
    csv_num(c, x0); csv_num(c, y0); csv_num(c, x); csv_num(c, y);
    csv_endrow(c);
}

int main(int argc, char **argv) {
    double th = 0, residual = 0;
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_TOOL("icar-fig2"),
        {"theta", OPT_DOUBLE, &th, -2 * M_PI, 2 * M_PI, .required = 1, .help = "rotation angle in radians", .key = "theta",
         .fmt = "%.17g"},
        {.kind = OPT_DOUBLE, .dest = &residual, .key = "residual", .fmt = "%.3g"},   /* |sum - R_2theta x| */
        {"out", OPT_OUTPUT, &out, .arg = "FILE.csv", .help = "the arrows of the figure", .required = 1},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE.csv", .help = "write the claim fig2.identity there"},
        {0}};
    opts_parse(opts, argc, argv, "icar-fig2", NULL);
    make_parent_dirs(out);
    double x[2] = {1, 0}, co = cos(th), si = sin(th);
    double rx[2] = {co * x[0] - si * x[1], si * x[0] + co * x[1]};
    double r2[2] = {cos(2 * th) * x[0] - sin(2 * th) * x[1], sin(2 * th) * x[0] + cos(2 * th) * x[1]};
    double sc[2] = {2 * co * rx[0], 2 * co * rx[1]};
    double sum[2] = {sc[0] - x[0], sc[1] - x[1]};
    CsvOut *c = csv_create(out);
    residual = hypot(sum[0] - r2[0], sum[1] - r2[1]);
    opts_settings(c, opts);
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
