#include "runwhere.h"
#include "atomic.h"
#include "err.h"
#include <cblas.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* The level simd.h's HOT_KERNEL clones pick on this CPU; a build without the clones
 * (clang, as for the fuzzers, or not x86-64) runs the default ones. */
static const char *own_kernel_level(void) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("x86-64-v4")   ? "x86-64-v4"
           : __builtin_cpu_supports("x86-64-v3") ? "x86-64-v3"
                                                 : "default";
#else
    return "default";
#endif
}

void runwhere_kernel(char *buf, size_t n) {
    snprintf(buf, n, "%s; own kernels %s", openblas_get_config(), own_kernel_level());
}

char *runwhere_path(const char *out, int is_dir) {
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/') n--;   /* "fig8/" names the folder fig8 */
    char *p;
    if (is_dir) {
        size_t b = n;
        while (b > 0 && out[b - 1] != '/') b--;
        p = xmalloc(n + 1 + (n - b) + sizeof ".where");
        sprintf(p, "%.*s/%.*s.where", (int)n, out, (int)(n - b), out + b);
    } else {
        if (n > 4 && strcmp(out + n - 4, ".csv") == 0) n -= 4;
        p = xmalloc(n + sizeof ".where");
        sprintf(p, "%.*s.where", (int)n, out);
    }
    return p;
}

void runwhere_cpu(char *buf, size_t n) {
    snprintf(buf, n, "unknown");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) != 0) continue;
        char *v = strchr(line, ':');
        if (!v) continue;
        for (v++; *v == ' ' || *v == '\t'; v++) {}
        v[strcspn(v, "\r\n")] = 0;
        if (*v) snprintf(buf, n, "%s", v);
        break;
    }
    fclose(f);
}

/* A value on one line: newlines (never expected) become spaces. */
static void one_line(char *s) {
    for (; *s; s++)
        if (*s == '\n' || *s == '\r') *s = ' ';
}

/* The machine a sidecar describes. */
typedef struct {
    char host[256], cpu[512], kernel[512];
    long cores;
    int threads;
} Machine;

/* The environment variable NAME where set and not empty, else NULL (runwhere.h: tests only). */
static const char *test_override(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* This process's machine, found once. */
static const Machine *this_machine(void) {
    static Machine m;
    static int known;
    if (known) return &m;
    const char *host = test_override("ICAR_TEST_HOST"), *kernel = test_override("ICAR_TEST_KERNEL");
    if (host) snprintf(m.host, sizeof m.host, "%s", host);
    else if (gethostname(m.host, sizeof m.host - 1) != 0) snprintf(m.host, sizeof m.host, "unknown");
    m.host[sizeof m.host - 1] = 0;
    runwhere_cpu(m.cpu, sizeof m.cpu);
    if (kernel) snprintf(m.kernel, sizeof m.kernel, "%s", kernel);
    else runwhere_kernel(m.kernel, sizeof m.kernel);
    one_line(m.host);
    one_line(m.kernel);
    m.cores = sysconf(_SC_NPROCESSORS_CONF);
    m.threads = omp_get_max_threads();
    known = 1;
    return &m;
}

char *runwhere_segments(const char *carried, const char *label, long from, long to) {
    if (!carried) carried = "";
    if (to <= from) return xstrdup(carried);
    const Machine *m = this_machine();
    char *name = xstrdup(label);
    one_line(name);
    size_t n = strlen(carried) + strlen(name) + sizeof *m + 128;
    char *s = xmalloc(n);
    snprintf(s, n, "%ssegment=epochs %ld-%ld of %s; host=%s; cpu=%s; cores=%ld; kernel=%s; threads=%d\n", carried,
             from + 1, to, name, m->host, m->cpu, m->cores, m->kernel, m->threads);
    free(name);
    return s;
}

/* The segment lines of this process's trainings, and whether one of them was resumed. */
static char *trained;
static int resumed;

void runwhere_trained(const char *carried, const char *label, long from, long to) {
    char *s = runwhere_segments(carried, label, from, to);
    size_t have = trained ? strlen(trained) : 0;
    trained = xrealloc(trained, have + strlen(s) + 1);
    strcpy(trained + have, s);
    free(s);
    resumed |= carried != NULL;
}

void runwhere_write(const char *out, int is_dir) {
    const Machine *m = this_machine();
    struct rusage ru;
    long rss = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
    char *path = runwhere_path(out, is_dir);
    AtomicFile *f = atomic_open(path);
    fprintf(f->fp, "host=%s\ncpu=%s\ncores=%ld\nkernel=%s\nthreads=%d\nmax_rss_kib=%ld\n", m->host, m->cpu, m->cores,
            m->kernel, m->threads, rss);
    if (resumed) fputs(trained, f->fp);
    atomic_commit(f);
    free(path);
    free(trained);
    trained = NULL;
    resumed = 0;
}
