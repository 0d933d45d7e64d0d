/* icar-fig6 — positional-encoding-only attention (Figure 6, Sec. 5.3).
 *
 *   icar-fig6 --seed 1 --samples 1000 --out data/results/fig6 --claims data/results/claims/fig6.csv
 *
 * For each mu: draw n contexts lambda = exp(i theta / mu), theta ~ U(0, 2 pi), train
 * P (T x T, from 0) by full-batch gradient descent on the empirical loss (pe.h) until
 * it is below --tol. Writes P_mu<MU>.csv (row,col,value: rows 1..T-1, columns 1..T;
 * the super-diagonal P_{i,i+1} and the unused entries above it are NaN, i.e. masked),
 * lastrow.csv (mu,col,value,masked: the last row of each P), cosine_pe.csv (the cosine
 * positional encoding's p p^T), train.csv (mu, steps, loss) and the claims fig6.*. */
#include "args.h"
#include "claims.h"
#include "err.h"
#include "matcsv.h"
#include "pe.h"
#include "progress.h"
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-fig6 --out DIR --claims FILE [options]\n"
    "  --seed N        random seed (default 1)\n"
    "  --T N           tokens predicted per sequence, T_max (default 30)\n"
    "  --samples N     sampled contexts (default 1000; the paper 10000)\n"
    "  --mu LIST       comma-separated mu values (default 50,100,200,300)\n"
    "  --lr X          gradient step (default 0.5)\n"
    "  --steps N       maximum steps per mu (default 100000)\n"
    "  --tol X         stop when the loss is below X (default 1e-3)\n"
    "  --pe-dim N      width of the cosine positional encoding shown beside (default 32)\n"
    "  --profile NAME  recorded in the CSV settings (default quick)\n";

enum { MAX_MU = 16 };

typedef struct {
    uint64_t seed;
    int T, pe_dim, nmu;
    long samples, steps;
    double lr, tol, mu[MAX_MU];
    const char *profile;
} Opts;

static void settings(CsvOut *c, const void *ctx) {
    const Opts *o = ctx;
    csv_setting(c, "tool", "icar-fig6");
    csv_setting(c, "profile", "%s", o->profile);
    csv_setting(c, "seed", "%llu", (unsigned long long)o->seed);
    csv_setting(c, "T", "%d", o->T);
    csv_setting(c, "samples", "%ld", o->samples);
    csv_setting(c, "lr", "%g", o->lr);
    csv_setting(c, "max_steps", "%ld", o->steps);
    csv_setting(c, "tol", "%g", o->tol);
    csv_setting(c, "pe_dim", "%d", o->pe_dim);
}

static int parse_mu(const char *s, double *mu) {
    char *buf = xstrdup(s), *save = NULL;
    int n = 0;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (n == MAX_MU) die("--mu: at most %d values", MAX_MU);
        mu[n++] = arg_double("--mu", tok, 1, 1e9);
    }
    free(buf);
    if (!n) die("--mu: give at least one value, e.g. 50,100,200,300");
    return n;
}

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

int main(int argc, char **argv) {
    err_set_program("icar-fig6");
    Opts o = {.seed = 1, .T = 30, .pe_dim = 32, .samples = 1000, .steps = 100000, .lr = 0.5,
              .tol = 1e-3, .profile = "quick"};
    o.nmu = parse_mu("50,100,200,300", o.mu);
    const char *out = NULL, *claims = NULL;
    static struct option opts[] = {
        {"seed", required_argument, 0, 's'}, {"T", required_argument, 0, 'T'},
        {"samples", required_argument, 0, 'n'}, {"mu", required_argument, 0, 'm'},
        {"lr", required_argument, 0, 'l'}, {"steps", required_argument, 0, 'k'},
        {"tol", required_argument, 0, 't'}, {"pe-dim", required_argument, 0, 'e'},
        {"profile", required_argument, 0, 'p'}, {"out", required_argument, 0, 'o'},
        {"claims", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 's': o.seed = arg_seed(optarg); break;
        case 'T': o.T = arg_long("--T", optarg, 3, 1000); break;
        case 'n': o.samples = arg_long("--samples", optarg, 1, 100000000); break;
        case 'm': o.nmu = parse_mu(optarg, o.mu); break;
        case 'l': o.lr = arg_double("--lr", optarg, 1e-12, 10); break;
        case 'k': o.steps = arg_long("--steps", optarg, 0, 100000000); break;
        case 't': o.tol = arg_double("--tol", optarg, 0, 1e6); break;
        case 'e': o.pe_dim = arg_long("--pe-dim", optarg, 2, 4096); break;
        case 'p': o.profile = optarg; break;
        case 'o': out = optarg; break;
        case 'c': claims = optarg; break;
        default: usage_exit(USAGE);
        }
    }
    if (optind < argc || !out || !claims) usage_exit(USAGE);
    make_dirs(out);
    make_parent_dirs(claims);
    Claims *cl = claims_open(claims);
    int T = o.T;
    char path[4096];
    double *c = xmalloc(sizeof(double) * (T + 1)), *P = xmalloc(sizeof(double) * T * T);
    double *show = xmalloc(sizeof(double) * T * T), *diag = xmalloc(sizeof(double) * o.nmu);
    double *sup = xmalloc(sizeof(double) * o.nmu);
    double spread100 = NAN, sup100 = NAN;
    snprintf(path, sizeof path, "%s/diagonals.csv", out);
    CsvOut *dg = csv_create(path);
    settings(dg, &o);
    csv_header(dg, "mu,k,spread_all_rows,spread_second_half");   /* diagonal j = i - k */
    long *steps = xmalloc(sizeof(long) * o.nmu);
    double *loss = xmalloc(sizeof(double) * o.nmu);

    snprintf(path, sizeof path, "%s/lastrow.csv", out);
    CsvOut *lr = csv_create(path);
    settings(lr, &o);
    csv_header(lr, "mu,col,value,masked");
    for (int m = 0; m < o.nmu; m++) {
        double t0 = now_seconds();
        pe_moments_sampled(o.mu[m], T, o.samples, o.seed, c);
        memset(P, 0, sizeof(double) * T * T);
        steps[m] = pe_train(c, T, P, o.lr, o.steps, o.tol, &loss[m]);
        fprintf(stderr, "icar-fig6: mu=%g: loss %.4g after %ld steps (%.2f s)\n", o.mu[m],
                loss[m], steps[m], now_seconds() - t0);
        diag[m] = P[(T - 2) * T + T - 2];   /* P_{T-1,T-1}, 1-based */
        sup[m] = P[(T - 2) * T + T - 1];    /* P_{T-1,T} */
        for (int k = 0; k < 5; k++) {
            double all = diagonal_spread(P, T, k, 0), half = diagonal_spread(P, T, k, (T - 1) / 2);
            if (o.mu[m] == 100) { spread100 = fmax(k ? spread100 : 0, all); sup100 = sup[m]; }
            csv_num(dg, o.mu[m]); csv_int(dg, k); csv_num(dg, all); csv_num(dg, half); csv_endrow(dg);
        }
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) show[i * T + j] = j <= i ? P[i * T + j] : NAN;
        snprintf(path, sizeof path, "%s/P_mu%g.csv", out, o.mu[m]);
        matcsv_write(path, show, T - 1, T, T, settings, &o);
        for (int j = 0; j < T; j++) {
            csv_num(lr, o.mu[m]);
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
    settings(tr, &o);
    csv_header(tr, "mu,steps,loss,P_last_diag,P_last_superdiag");
    for (int m = 0; m < o.nmu; m++) {
        csv_num(tr, o.mu[m]);
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
    matcsv_write(path, ppt, T, T, T, settings, &o);

    int converged = 1;
    for (int m = 0; m < o.nmu; m++) converged &= loss[m] < o.tol;
    claim(cl, "fig6.converged", converged);
    claim(cl, "fig6.toeplitz", spread100);
    claim(cl, "fig6.superdiag", sup100);
    double worst_rise = -INFINITY;
    for (int m = 0; m + 1 < o.nmu; m++)
        if (o.mu[m + 1] > o.mu[m]) worst_rise = fmax(worst_rise, diag[m + 1] - diag[m]);
    claim(cl, "fig6.mu_trend", worst_rise);
    claims_close(cl);
    free(c); free(P); free(show); free(diag); free(sup); free(steps); free(loss); free(pe); free(ppt);
    return 0;
}
