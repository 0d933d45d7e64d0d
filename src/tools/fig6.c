/* icar-fig6 — positional-encoding-only attention (Figure 6, Sec. 5.3).
 *
 *   icar-fig6 --mu LIST --T N --samples N --lr X --steps N --tol X --pe-dim N
 *             --out data/results/fig6 --claims data/results/claims/fig6.csv
 *
 * (make fig6 passes every setting from specs/fig6.mk.)
 *
 * For each mu: draw n contexts lambda = exp(i theta / mu), theta ~ U(0, 2 pi), train
 * P (T x T, from 0) by full-batch gradient descent on the empirical loss (pe.h) until
 * it is below --tol. Writes P_mu<MU>.csv (row,col,value: rows 1..T-1, columns 1..T;
 * the super-diagonal P_{i,i+1} and the unused entries above it are NaN, i.e. masked),
 * lastrow.csv (mu,col,value,masked: the last row of each P), cosine_pe.csv (the cosine
 * positional encoding's p p^T), train.csv (mu, steps, loss, P_{T-1,T-1}, P_{T-1,T}),
 * diagonals.csv (the relative spread of P along its diagonals) and, from those CSVs as
 * written, the claims fig6.* (fig6claims.h). */
#include "claims.h"
#include "err.h"
#include "fig6claims.h"
#include "opts.h"
#include "matcsv.h"
#include "pe.h"
#include "progress.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t seed;
    int T, pe_dim;
    long samples, steps;
    double lr, tol;
    OptDoubles mu;   /* the values of mu, one P per value */
    const char *profile;
} Opts;

/* Relative spread std / abs(mean) of the diagonal j = i - k of P over the rows
 * i = max(k, first)..T-2 (0-based). */
static double diagonal_spread(const double *P, int T, int k, int first) {
    double s = 0, s2 = 0;
    int n = 0;
    for (int i = k > first ? k : first; i <= T - 2; i++) {
        double v = P[i * T + i - k];
        s += v; s2 += v * v; n++;
    }
    double m = s / n, sd = sqrt(fmax(0, s2 / n - m * m));
    return sd / fabs(m);
}

/* The claims from the CSVs as written in OUT, as icar-rederive derives them from an
 * archive. */
static void claims_from_outputs(Claims *cl, const char *out) {
    char path[4096];
    CsvTable *t[3];
    const char *names[3] = {"train.csv", "diagonals.csv", "lastrow.csv"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", out, names[k]);
        t[k] = table_read(path);
    }
    fig6_claims(t[0], t[1], t[2], cl);
    for (int k = 0; k < 3; k++) table_free(t[k]);
}

int main(int argc, char **argv) {
    Opts o = {.seed = 1, .profile = "quick"};
    const char *out = NULL, *claims = NULL;
    const Opt opts[] = {
        OPTS_RUN("icar-fig6", o.profile, o.seed),
        {"T", OPT_INT, &o.T, 3, 1000, .required = 1, .help = "tokens predicted per sequence, T_max", .key = "T"},
        {"samples", OPT_LONG, &o.samples, 1, 100000000, .required = 1, .help = "sampled contexts (the paper: 10000)", .key = "samples"},
        {"lr", OPT_DOUBLE, &o.lr, 1e-12, 10, .required = 1, .help = "gradient step", .key = "lr"},
        {"steps", OPT_LONG, &o.steps, 0, 100000000, .required = 1, .help = "maximum steps per mu", .key = "max_steps"},
        {"tol", OPT_DOUBLE, &o.tol, 0, 1e6, .required = 1, .help = "stop when the loss is below X", .key = "tol"},
        {"pe-dim", OPT_INT, &o.pe_dim, 2, 4096, .required = 1, .help = "width of the cosine positional encoding shown beside",
         .key = "pe_dim"},
        {"mu", OPT_DOUBLES, &o.mu, 1, 1e9, .required = 1, .help = "comma-separated mu values (one file per mu)"},
        {"out", OPT_OUTPUT, &out, .arg = "DIR", .help = "the figure's CSVs", .required = 1},
        {"claims", OPT_OUTPUT, &claims, .arg = "FILE", .help = "the figure's claims", .required = 1},
        {0}};
    opts_parse(opts, argc, argv, "icar-fig6", NULL);
    make_dirs(out);
    make_parent_dirs(claims);
    Claims *cl = claims_open(claims);
    int T = o.T;
    char path[4096];
    double *c = xmalloc(sizeof(double) * (T + 1)), *P = xmalloc(sizeof(double) * T * T);
    double *show = xmalloc(sizeof(double) * T * T), *diag = xmalloc(sizeof(double) * o.mu.n);
    double *sup = xmalloc(sizeof(double) * o.mu.n);
    snprintf(path, sizeof path, "%s/diagonals.csv", out);
    CsvOut *dg = csv_create(path);
    opts_settings(dg, opts);
    csv_header(dg, "mu,k,spread_all_rows,spread_second_half");   /* diagonal j = i - k */
    long *steps = xmalloc(sizeof(long) * o.mu.n);
    double *loss = xmalloc(sizeof(double) * o.mu.n);

    snprintf(path, sizeof path, "%s/lastrow.csv", out);
    CsvOut *lr = csv_create(path);
    opts_settings(lr, opts);
    csv_header(lr, "mu,col,value,masked");
    for (int m = 0; m < o.mu.n; m++) {
        double t0 = now_seconds();
        pe_moments_sampled(o.mu.v[m], T, o.samples, o.seed, c);
        memset(P, 0, sizeof(double) * T * T);
        steps[m] = pe_train(c, T, P, o.lr, o.steps, o.tol, &loss[m]);
        fprintf(stderr, "icar-fig6: mu=%g: loss %.4g after %ld steps (%.2f s)\n", o.mu.v[m],
                loss[m], steps[m], now_seconds() - t0);
        diag[m] = P[(T - 2) * T + T - 2];   /* P_{T-1,T-1}, 1-based */
        sup[m] = P[(T - 2) * T + T - 1];    /* P_{T-1,T} */
        for (int k = 0; k < 5; k++) {
            double all = diagonal_spread(P, T, k, 0), half = diagonal_spread(P, T, k, (T - 1) / 2);
            csv_num(dg, o.mu.v[m]); csv_int(dg, k); csv_num(dg, all); csv_num(dg, half); csv_endrow(dg);
        }
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) show[i * T + j] = j <= i ? P[i * T + j] : NAN;
        snprintf(path, sizeof path, "%s/P_mu%g.csv", out, o.mu.v[m]);
        matcsv_write(path, show, T - 1, T, T, opts_settings, opts);
        for (int j = 0; j < T; j++) {
            csv_num(lr, o.mu.v[m]);
            csv_int(lr, j + 1);
            csv_num(lr, P[(T - 2) * T + j]);
            csv_int(lr, j == T - 1);
            csv_endrow(lr);
        }
    }
    csv_close(lr);
    csv_close(dg);

    snprintf(path, sizeof path, "%s/train.csv", out);
    CsvOut *tr = csv_create(path);
    opts_settings(tr, opts);
    csv_header(tr, "mu,steps,loss,P_last_diag,P_last_superdiag");
    for (int m = 0; m < o.mu.n; m++) {
        csv_num(tr, o.mu.v[m]);
        csv_int(tr, steps[m]);
        csv_num(tr, loss[m]);
        csv_num(tr, diag[m]);
        csv_num(tr, sup[m]);
        csv_endrow(tr);
    }
    csv_close(tr);

    double *pe = xmalloc(sizeof(double) * T * o.pe_dim), *ppt = xmalloc(sizeof(double) * T * T);
    pe_cosine(T, o.pe_dim, pe);
    for (int t = 0; t < T; t++)
        for (int u = 0; u < T; u++) {
            double s = 0;
            for (int k = 0; k < o.pe_dim; k++) s += pe[t * o.pe_dim + k] * pe[u * o.pe_dim + k];
            ppt[t * T + u] = s;
        }
    snprintf(path, sizeof path, "%s/cosine_pe.csv", out);
    matcsv_write(path, ppt, T, T, T, opts_settings, opts);

    claims_from_outputs(cl, out);
    claims_close(cl);
    free(c); free(P); free(show); free(diag); free(sup); free(steps); free(loss); free(pe); free(ppt);
    return 0;
}
