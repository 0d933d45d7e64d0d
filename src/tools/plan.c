/* icar-plan — expected wall time of a profile on this machine, from the benchmarks.
 *
 *   icar-plan --jobs JOBS.csv --gemm GEMM.csv --bench FILE.csv [--bench FILE.csv ...]
 *             --threads N --cores 2,16,... [--profile NAME] [--out PLAN.csv]
 *   icar-plan --jobs JOBS.csv [--gemm GEMM.csv --bench FILE.csv ...] --threads N --cheapest FIG,FIG...
 *       prints "figure run seconds" of the run of those figures with the smallest known
 *       estimate (the run make check reruns to test the paper-profile archive); fails if
 *       none of them has an estimate.
 *
 * JOBS.csv (written by mk/plan.mk from each figure's run list and mk/profiles.mk) has one
 * row per training run: figure,run,model,x,epochs,sequences. The CPU time of a run is
 *   model linear|full|heads-VARIANT-KIND: the benchmarked seconds per epoch of that
 *                            model at L = x (linear, full) or H = x (the heads model in
 *                            that variant and token kind), times the benchmark's
 *                            threads (the `threads` of GEMM.csv), times
 *                            epochs x sequences / the benchmark's sequences per epoch;
 *   model measured:          x CPU seconds per (epoch x sequence), measured once on the
 *                            reference machine (the cheap figures; mk/plan.mk says how).
 * Between benchmarked points the per-epoch time is interpolated linearly in L or H;
 * below the smallest benchmarked point it is that point's time (an upper bound), above
 * the largest it is extrapolated from the last two points. A run of THREADS threads is
 * taken to need CPU time / THREADS of wall time (perfect scaling; on fewer cores than
 * THREADS, CPU time / cores).
 *
 * For each core count N, the runs are placed on N / THREADS slots, longest first, each on
 * the slot that frees first; the makespan is the time the last slot finishes. Per figure:
 * the figure alone on the machine; "total": every figure's runs together. A run whose
 * model has no benchmark is unknown: it is counted, left out of the sums, and the
 * figure's time is reported as unknown.
 *
 * Bench files: rows of a table with columns model,L,what,seconds_per_epoch (rows with
 * what = "training epoch"; sequences per epoch from its "# train=" line), or columns
 * variant,kind,H,seconds_per_epoch (model "heads-<variant>-<kind>"; sequences per epoch
 * from its "# epoch=" line).
 * A later file's points replace an earlier file's for the same model.
 *
 * Memory. Where JOBS.csv has the columns d,T,batch,test,mem_mib, each run's peak resident
 * memory is estimated, and the plan shows each figure's largest (what to ask a launcher
 * for: srun --mem). A training run (models linear, full, heads-*-KIND) holds its data and
 * one batch's activations:
 *   E     = 3d (linear, full: augmented tokens), 2d (heads-*-dup), d (heads-*-plain)
 *   data  = (sequences + test) x ((T+1) d + T E + T d) floats (the sequences, inputs, targets)
 *   acts  = A x batch x T x E x x floats (x: L or H), A = 8 (linear), 20 (full: its MLP and
 *           the heads' T x T scores, at specs/fig10.mk's 3 heads and MLP width 60), 0.6 (heads:
 *           processed in chunks of a batch)
 *   bytes = 1.25 x 4 x (data + acts) + base, base = 64 MiB (linear), 128 MiB (full), 32 MiB
 *           (heads): the program, OpenBLAS's and OpenMP's buffers.
 * A and base were fitted, with the factor 1.25 on top, to the peak RSS (/usr/bin/time -v)
 * of one-epoch runs with 2 threads at the paper's batch on the reference machine: linear
 * L = 1 and 6, full L = 1 and 6, heads paper-dup H = 8 and 64 (d = 10), authors-dup H = 64
 * (d = 5); measured 6.3, 17.5 and 0.5 floats per batch x T x E x x, bases 38, 78 and 10 MiB.
 * tests/test_plan.c holds the estimate to at least the peak that runs report in their
 * sidecar (RUN.where's max_rss_kib). A run of model measured (the cheap figures) needs
 * the mem_mib of its row, a peak measured once at the paper profile (mk/plan.mk); 0 there
 * or a missing column: unknown. */
#include "opts.h"
#include "csvio.h"
#include "err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum { MAX_POINTS = 32, MAX_CURVES = 16, MAX_BENCH = 8, MAX_CORES = 8 };

/* Benchmarked seconds per epoch of one model against L or H, sorted by x. */
typedef struct {
    char model[32];
    int n;
    double x[MAX_POINTS], sec[MAX_POINTS];
    double seqs;         /* sequences per benchmarked epoch */
} Curve;

typedef struct {
    const char *figure, *run, *model;
    double cpu;          /* CPU seconds; NAN when unknown */
    double mib;          /* estimated peak memory, MiB; NAN when unknown */
} Job;

/* Column index of NAME, or -1 (the memory columns are optional). */
static int table_col_opt(const CsvTable *t, const char *name) {
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0) return i;
    return -1;
}

/* The estimated peak memory of row R in MiB (rules in the header comment); NAN unknown. */
static double job_mib(const CsvTable *t, int r) {
    int cd = table_col_opt(t, "d"), cT = table_col_opt(t, "T"), cb = table_col_opt(t, "batch"),
        ct = table_col_opt(t, "test"), cm = table_col_opt(t, "mem_mib");
    if (cd < 0 || cT < 0 || cb < 0 || ct < 0 || cm < 0) return NAN;
    const char *model = table_cell(t, r, table_col(t, "model"));
    if (strcmp(model, "measured") == 0) {
        double m = table_num(t, r, cm);
        return m > 0 ? m : NAN;
    }
    double d = table_num(t, r, cd), T = table_num(t, r, cT), batch = table_num(t, r, cb), test = table_num(t, r, ct);
    double x = table_num(t, r, table_col(t, "x")), seqs = table_num(t, r, table_col(t, "sequences"));
    if (!(d > 0) || !(T > 0) || !(batch > 0) || !(test >= 0))
        die("'%s' row %d: d, T and batch must be positive, test not negative", t->path, r + 1);
    double E, A, base;
    if (strcmp(model, "linear") == 0) E = 3 * d, A = 8, base = 64;
    else if (strcmp(model, "full") == 0) E = 3 * d, A = 20, base = 128;
    else if (strncmp(model, "heads-", 6) == 0) {
        size_t n = strlen(model);
        E = n > 4 && strcmp(model + n - 4, "-dup") == 0 ? 2 * d : d;
        A = 0.6, base = 32;
    } else return NAN;
    double data = (seqs + test) * ((T + 1) * d + T * E + T * d), acts = A * batch * T * E * x;
    return 1.25 * 4 * (data + acts) / (1024.0 * 1024.0) + base;
}

static Curve *curve_for(Curve *c, int *nc, const char *model) {
    for (int i = 0; i < *nc; i++)
        if (strcmp(c[i].model, model) == 0) return &c[i];
    if (*nc == MAX_CURVES) die("more than %d benchmarked models", MAX_CURVES);
    Curve *k = &c[(*nc)++];
    memset(k, 0, sizeof *k);
    snprintf(k->model, sizeof k->model, "%s", model);
    return k;
}

static void curve_add(Curve *k, double x, double sec, const char *path) {
    if (!(sec > 0)) die("'%s': seconds per epoch %g of model %s is not positive", path, sec, k->model);
    int i = k->n;
    if (i == MAX_POINTS) die("'%s': more than %d points for model %s", path, MAX_POINTS, k->model);
    while (i > 0 && k->x[i - 1] > x) { k->x[i] = k->x[i - 1]; k->sec[i] = k->sec[i - 1]; i--; }
    if (i > 0 && k->x[i - 1] == x) die("'%s': model %s is benchmarked twice at %g", path, k->model, x);
    k->x[i] = x;
    k->sec[i] = sec;
    k->n++;
}

/* The leading integer of a setting ("16384 sequences = 16 steps" -> 16384). */
static double setting_count(const CsvTable *t, const char *key) {
    const char *v = table_setting(t, key);
    if (!v) die("'%s' has no '# %s=' line", t->path, key);
    char *end;
    double n = strtod(v, &end);
    if (end == v || !(n > 0)) die("'%s': '# %s=%s' does not start with a positive count", t->path, key, v);
    return n;
}

static void read_bench(const char *path, Curve *c, int *nc) {
    CsvTable *t = table_read(path);
    Curve fresh[MAX_CURVES];
    int nf = 0;
    int sec = table_col(t, "seconds_per_epoch");
    int is_heads = 0;   /* a heads benchmark has a column H */
    for (int i = 0; i < t->ncols; i++) is_heads |= strcmp(t->header[i], "H") == 0;
    for (int r = 0; r < t->nrows; r++) {
        Curve *k;
        double x;
        if (is_heads) {
            char model[32];
            snprintf(model, sizeof model, "heads-%s-%s", table_cell(t, r, table_col(t, "variant")),
                     table_cell(t, r, table_col(t, "kind")));
            k = curve_for(fresh, &nf, model);
            k->seqs = setting_count(t, "epoch");
            x = table_num(t, r, table_col(t, "H"));
        } else {
            if (strcmp(table_cell(t, r, table_col(t, "what")), "training epoch") != 0) continue;
            k = curve_for(fresh, &nf, table_cell(t, r, table_col(t, "model")));
            k->seqs = setting_count(t, "train");
            x = table_num(t, r, table_col(t, "L"));
        }
        curve_add(k, x, table_num(t, r, sec), path);
    }
    for (int i = 0; i < nf; i++) *curve_for(c, nc, fresh[i].model) = fresh[i];
    table_free(t);
}

/* Seconds per benchmarked epoch at x (rules in the header comment). */
static double curve_at(const Curve *k, double x) {
    if (k->n == 1 || x <= k->x[0]) return k->sec[0];
    int i = 1;
    while (i < k->n - 1 && x > k->x[i]) i++;
    double w = (x - k->x[i - 1]) / (k->x[i] - k->x[i - 1]);
    return k->sec[i - 1] + w * (k->sec[i] - k->sec[i - 1]);
}

static double job_cpu(const CsvTable *t, int r, const Curve *c, int nc, double bench_threads) {
    const char *model = table_cell(t, r, table_col(t, "model"));
    double x = table_num(t, r, table_col(t, "x"));
    double units = table_num(t, r, table_col(t, "epochs")) * table_num(t, r, table_col(t, "sequences"));
    if (!(units > 0) || !(x > 0)) die("'%s' row %d: x, epochs and sequences must be positive", t->path, r + 1);
    if (strcmp(model, "measured") == 0) return x * units;
    for (int i = 0; i < nc; i++)
        if (strcmp(c[i].model, model) == 0) return curve_at(&c[i], x) * bench_threads * units / c[i].seqs;
    return NAN;
}

static int by_cpu_desc(const void *a, const void *b) {
    double x = ((const Job *)a)->cpu, y = ((const Job *)b)->cpu;
    if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);   /* unknown runs last */
    return (x < y) - (x > y);
}

/* Wall seconds of JOBS (known ones) on SLOTS slots, longest first onto the slot that
 * frees first. Sorts JOBS. */
static double makespan(Job *jobs, int n, int slots, int threads) {
    qsort(jobs, n, sizeof *jobs, by_cpu_desc);
    double *load = xcalloc(slots, sizeof *load);
    for (int j = 0; j < n; j++) {
        if (isnan(jobs[j].cpu)) continue;
        int best = 0;
        for (int s = 1; s < slots; s++) if (load[s] < load[best]) best = s;
        load[best] += jobs[j].cpu / threads;
    }
    double end = 0;
    for (int s = 0; s < slots; s++) end = fmax(end, load[s]);
    free(load);
    return end;
}

typedef struct {
    const char *figure;
    int runs, unknown;
    double cpu, longest;            /* CPU seconds of the known runs; the longest run's */
    double mib;                     /* the largest memory estimate of its known runs */
    int mem_unknown;                /* some run has no memory estimate */
    double span[MAX_CORES];         /* wall seconds per core count */
} Row;

static void hours(char *buf, size_t n, double sec, int unknown) {
    if (unknown) snprintf(buf, n, "unknown");
    else if (sec < 60) snprintf(buf, n, "%.0f s", sec);
    else if (sec < 3600) snprintf(buf, n, "%.1f min", sec / 60);
    else snprintf(buf, n, "%.2f h", sec / 3600);
}

/* Rows of every figure (in order of first appearance) and the total, last. */
static int plan_rows(Job *jobs, int n, const int *cores, int ncores, int threads, Row *rows) {
    int nr = 0;
    for (int j = 0; j < n; j++) {
        int k = 0;
        while (k < nr && strcmp(rows[k].figure, jobs[j].figure) != 0) k++;
        if (k == nr) rows[nr++] = (Row){.figure = jobs[j].figure};
    }
    rows[nr++] = (Row){.figure = "total"};
    Job *sub = xmalloc((size_t)n * sizeof *sub);
    for (int k = 0; k < nr; k++) {
        Row *w = &rows[k];
        int m = 0;
        for (int j = 0; j < n; j++) {
            if (k < nr - 1 && strcmp(jobs[j].figure, w->figure) != 0) continue;
            sub[m++] = jobs[j];
            if (isnan(jobs[j].mib)) w->mem_unknown = 1;
            else w->mib = fmax(w->mib, jobs[j].mib);
            w->runs++;
            if (isnan(jobs[j].cpu)) { w->unknown++; continue; }
            w->cpu += jobs[j].cpu;
            w->longest = fmax(w->longest, jobs[j].cpu / threads);
        }
        for (int c = 0; c < ncores; c++) {   /* a run has at most all the cores */
            int slots = cores[c] / threads > 0 ? cores[c] / threads : 1;
            w->span[c] = makespan(sub, m, slots, threads < cores[c] ? threads : cores[c]);
        }
    }
    free(sub);
    return nr;
}

/* A memory estimate as a launcher takes it (srun --mem: M or G); "unknown" for NAN. */
static void mib_text(char *buf, size_t n, double mib) {
    if (isnan(mib)) snprintf(buf, n, "unknown");
    else if (mib < 1024) snprintf(buf, n, "%.0fM", ceil(mib));
    else snprintf(buf, n, "%.1fG", ceil(mib / 102.4) / 10);
}

static void print_plan(const Row *rows, int nr, const int *cores, int ncores, int threads, const char *profile) {
    printf("Plan for PROFILE=%s, THREADS=%d per run (wall time; runs placed longest first on cores/THREADS slots)\n",
           profile, threads);
    printf("%-8s %5s %9s %9s", "figure", "runs", "longest", "memory");
    for (int c = 0; c < ncores; c++) printf("  %3d cores%s", cores[c], cores[c] < threads ? "*" : " ");
    putchar('\n');
    char buf[32];
    for (int k = 0; k < nr; k++) {
        const Row *w = &rows[k];
        hours(buf, sizeof buf, w->longest, w->unknown == w->runs);
        printf("%-8s %5d %9s", w->figure, w->runs, buf);
        /* a figure: unknown if one of its runs is; the total: the largest known, "+" if some are unknown */
        mib_text(buf, sizeof buf, w->mem_unknown && (k < nr - 1 || w->mib == 0) ? NAN : w->mib);
        if (k == nr - 1 && w->mem_unknown && w->mib > 0) strcat(buf, "+");
        printf(" %9s", buf);
        for (int c = 0; c < ncores; c++) {
            hours(buf, sizeof buf, w->span[c], w->unknown > 0 && k < nr - 1);
            printf("  %10s", buf);
        }
        if (w->unknown) printf("   (%d run%s without a benchmark%s)", w->unknown, w->unknown > 1 ? "s" : "",
                               k == nr - 1 ? ": the total leaves them out" : "");
        putchar('\n');
    }
    for (int c = 0; c < ncores; c++)
        if (cores[c] < threads) {
            printf("* fewer cores than THREADS: one run at a time on all the cores\n");
            break;
        }
    const Row *total = &rows[nr - 1];
    if (total->mib > 0) {
        mib_text(buf, sizeof buf, total->mib);
        printf("memory: the estimated peak of the figure's largest run (data + one batch's activations, icar-plan's\n"
               "  header); ask a launcher for at least the largest per run: LAUNCH='srun -c %d --mem %s'%s\n", threads, buf,
               total->mem_unknown ? " (some runs unknown)" : "");
    }
}

static void print_sources(const Curve *c, int nc, const char *const *bench, int nbench) {
    printf("per-epoch times of");
    for (int i = 0; i < nc; i++) {
        printf(" %s at %s =", c[i].model, strncmp(c[i].model, "heads", 5) == 0 ? "H" : "L");
        for (int k = 0; k < c[i].n; k++) printf("%s%g", k ? "," : " ", c[i].x[k]);
        printf(i + 1 < nc ? ";" : "\n");
    }
    printf("  from");
    for (int i = 0; i < nbench; i++) printf(" %s", bench[i]);
    printf("; linear in L and H between those points, the smallest point's time below them;\n"
           "  scaled by epochs x sequences; the cheap figures from CPU times measured once (mk/plan.mk)\n");
}

static void print_goal(const Row *total, const int *cores, int ncores, int at, double hours_max) {
    for (int c = 0; c < ncores; c++)
        if (cores[c] == at) {
            printf("goal: the whole profile within %.1f h on %d cores: %.2f h%s — %s\n", hours_max, at,
                   total->span[c] / 3600, total->unknown ? " + unknown runs" : "",
                   total->unknown ? "unknown" : total->span[c] <= hours_max * 3600 ? "met" : "NOT met");
            return;
        }
}

static void write_plan(const char *path, const Row *rows, int nr, const int *cores, int ncores, int threads,
                       const char *profile) {
    CsvOut *o = csv_create(path);
    csv_setting(o, "tool", "icar-plan");
    csv_setting(o, "profile", "%s", profile);
    csv_setting(o, "threads", "%d", threads);
    const Row *total = &rows[nr - 1];
    for (int c = 0; c < ncores; c++) {
        char key[32];
        snprintf(key, sizeof key, "total_hours_cores%d", cores[c]);
        csv_setting(o, key, "%.2f", total->span[c] / 3600);
    }
    csv_setting(o, "longest_run_hours", "%.2f", total->longest / 3600);
    csv_setting(o, "unknown_runs", "%d", total->unknown);
    csv_setting(o, "rules", "per-epoch times from the benchmarks, linear in L and H between benchmarked "
                            "points; wall = CPU / THREADS; longest-first on cores/THREADS slots");
    csv_setting(o, "max_run_mib", "%.0f", ceil(total->mib));
    csv_header(o, "figure,cores,threads,slots,runs,unknown_runs,cpu_seconds,longest_run_seconds,makespan_seconds,max_run_mib");
    for (int k = 0; k < nr; k++)
        for (int c = 0; c < ncores; c++) {
            const Row *w = &rows[k];
            csv_str(o, w->figure);
            csv_int(o, cores[c]);
            csv_int(o, threads);
            csv_int(o, cores[c] / threads > 0 ? cores[c] / threads : 1);
            csv_int(o, w->runs);
            csv_int(o, w->unknown);
            csv_num(o, w->cpu);
            csv_num(o, w->longest);
            csv_num(o, w->span[c]);
            if (w->mem_unknown && w->mib == 0) csv_str(o, "nan");
            else csv_num(o, ceil(w->mib));
            csv_endrow(o);
        }
    csv_close(o);
}

/* Whether FIGURE is one of the comma-separated LIST. */
static int listed(const char *list, const char *figure) {
    size_t n = strlen(figure);
    for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, figure, n) == 0 && (p[n] == ',' || p[n] == 0)) return 1;
    return 0;
}

/* The known job of a figure in LIST with the least CPU time, or NULL. */
static const Job *cheapest(const Job *jobs, int n, const char *list) {
    const Job *best = NULL;
    for (int j = 0; j < n; j++)
        if (listed(list, jobs[j].figure) && !isnan(jobs[j].cpu) && (!best || jobs[j].cpu < best->cpu))
            best = &jobs[j];
    return best;
}

/* The distinct core counts of --cores, in the order given. */
static int distinct_cores(const OptDoubles *list, int *cores) {
    int n = 0;
    for (int i = 0; i < list->n; i++) {
        int v = (int)list->v[i], seen = 0;
        if (v != list->v[i]) die("--cores: %g is not a whole number", list->v[i]);
        for (int k = 0; k < n; k++) seen |= cores[k] == v;
        if (seen) continue;
        if (n == MAX_CORES) die("--cores: at most %d values", MAX_CORES);
        cores[n++] = v;
    }
    return n;
}

int main(int argc, char **argv) {
    const char *jobs_path = NULL, *gemm = NULL, *out = NULL, *profile = "?", *pick = NULL;
    int threads = 0, cores[MAX_CORES], ncores = 0;
    OptStrings bench = {0};
    OptDoubles core_list = {0};
    const Opt opts[] = {
        {"jobs", OPT_STRING, &jobs_path, .arg = "JOBS.csv", .required = 1,
         .help = "figure,run,model,x,epochs,sequences: one row per training run"},
        {"gemm", OPT_STRING, &gemm, .arg = "GEMM.csv", .help = "icar-bench-gemm output: the thread count the benchmarks ran with"},
        {"bench", OPT_STRINGS, &bench, .arg = "FILE.csv", .help = "icar-bench-fig5 / icar-bench-heads per-epoch times (repeatable)"},
        {"threads", OPT_INT, &threads, 1, 4096, .required = 1, .help = "threads per run (THREADS)"},
        {"cores", OPT_DOUBLES, &core_list, 1, 1 << 20, .arg = "N[,N...]", .help = "core counts to plan for"},
        {"profile", OPT_STRING, &profile, .arg = "NAME", .help = "the profile's name, for the table"},
        {"out", OPT_OUTPUT, &out, .arg = "PLAN.csv", .help = "the plan as CSV"},
        {"cheapest", OPT_STRING, &pick, .arg = "FIG,...",
         .help = "print the cheapest run of these figures by the same estimate, instead of the plan"},
        {0}};
    opts_parse(opts, argc, argv, "icar-plan", NULL);
    if (bench.n > MAX_BENCH) die("--bench: at most %d files", MAX_BENCH);
    ncores = distinct_cores(&core_list, cores);
    if (!bench.n != !gemm) opts_fail(opts, "icar-plan", NULL, "--gemm and --bench go together");
    if (!pick && (!bench.n || !ncores))
        opts_fail(opts, "icar-plan", NULL, "a plan needs --gemm, --bench and --cores (or give --cheapest)");

    double bench_threads = 1;   /* used only with benchmarks */
    if (gemm) {
        CsvTable *g = table_read(gemm);
        if (g->nrows < 1) die("'%s' has no rows; rerun icar-bench-gemm", gemm);
        bench_threads = table_num(g, 0, table_col(g, "threads"));
        if (!(bench_threads >= 1)) die("'%s': threads %g is not a thread count", gemm, bench_threads);
        table_free(g);
    }
    Curve curves[MAX_CURVES];
    int nc = 0;
    for (int i = 0; i < bench.n; i++) read_bench(bench.v[i], curves, &nc);

    CsvTable *t = table_read(jobs_path);
    if (t->nrows == 0) die("'%s' lists no runs", jobs_path);
    Job *jobs = xmalloc((size_t)t->nrows * sizeof *jobs);
    for (int r = 0; r < t->nrows; r++)
        jobs[r] = (Job){table_cell(t, r, table_col(t, "figure")), table_cell(t, r, table_col(t, "run")),
                        table_cell(t, r, table_col(t, "model")), job_cpu(t, r, curves, nc, bench_threads),
                        job_mib(t, r)};
    if (pick) {
        const Job *best = cheapest(jobs, t->nrows, pick);
        if (!best) die("no run of %s has an estimate (benchmark missing? make bench)", pick);
        printf("%s %s %.3g\n", best->figure, best->run, best->cpu / threads);
        free(jobs);
        table_free(t);
        return 0;
    }
    Row *rows = xmalloc((size_t)(t->nrows + 1) * sizeof *rows);
    int nr = plan_rows(jobs, t->nrows, cores, ncores, threads, rows);
    print_plan(rows, nr, cores, ncores, threads, profile);
    print_sources(curves, nc, bench.v, bench.n);
    print_goal(&rows[nr - 1], cores, ncores, 2, 8.0);
    print_goal(&rows[nr - 1], cores, ncores, 16, 1.5);
    for (int j = 0; j < t->nrows; j++)
        if (isnan(jobs[j].cpu))
            printf("unknown: %s %s: no benchmark of model '%s' (make bench)\n", jobs[j].figure, jobs[j].run,
                   jobs[j].model);
    if (out) write_plan(out, rows, nr, cores, ncores, threads, profile);
    free(rows);
    free(jobs);
    table_free(t);
    return 0;
}
