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

void runwhere_write(const char *out, int is_dir) {
    char host[256] = "unknown", cpu[512], kernel[512];
    if (gethostname(host, sizeof host - 1) != 0) snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = 0;
    runwhere_cpu(cpu, sizeof cpu);
    runwhere_kernel(kernel, sizeof kernel);
    one_line(host);
    one_line(kernel);
    long cores = sysconf(_SC_NPROCESSORS_CONF);
    struct rusage ru;
    long rss = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
    char *path = runwhere_path(out, is_dir);
    AtomicFile *f = atomic_open(path);
    fprintf(f->fp, "host=%s\ncpu=%s\ncores=%ld\nkernel=%s\nthreads=%d\nmax_rss_kib=%ld\n", host, cpu, cores, kernel,
            omp_get_max_threads(), rss);
    atomic_commit(f);
    free(path);
}
