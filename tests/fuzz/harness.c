#include "harness.h"
#include "err.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sanitizer/allocator_interface.h>
#include <sanitizer/common_interface_defs.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---------- heap blocks allocated during a run ----------
 * An open-addressing set of pointers (linear probing, deletion by backward shift), filled
 * by the allocator hooks while a run is tracked. The hooks run inside malloc and free, so
 * the set lives in static memory and never allocates. `touched` lists every slot that
 * held a pointer during the run: the slots to release and clear afterwards. */
enum { SLOTS = 1 << 20, TOUCHED = 1 << 22 };
static const void *slot[SLOTS];
static unsigned touched[TOUCHED];
static size_t ntouched;
static int tracking, overflow;
/* The thread that runs the target: blocks of other threads (libFuzzer's RSS monitor
 * allocates once a second) are theirs to free, and the set is not made for two writers. */
static pthread_t runner;

static size_t home(const void *p) {
    return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ULL >> 44) & (SLOTS - 1);
}

static void on_malloc(const volatile void *p, size_t size) {
    (void)size;
    if (!tracking || !p || !pthread_equal(pthread_self(), runner)) return;
    if (ntouched == TOUCHED) { overflow = 1; return; }
    size_t i = home((const void *)p);
    while (slot[i]) i = (i + 1) & (SLOTS - 1);
    slot[i] = (const void *)p;
    touched[ntouched++] = (unsigned)i;
}

static void on_free(const volatile void *p) {
    if (!tracking || !p || !pthread_equal(pthread_self(), runner)) return;
    size_t i = home((const void *)p);
    while (slot[i] && slot[i] != (const void *)p) i = (i + 1) & (SLOTS - 1);
    if (!slot[i]) return;   /* allocated before the run */
    /* Backward shift: move later members of the probe chain into the hole. */
    for (size_t j = (i + 1) & (SLOTS - 1); slot[j]; j = (j + 1) & (SLOTS - 1)) {
        size_t h = home(slot[j]);
        if (((j - h) & (SLOTS - 1)) >= ((j - i) & (SLOTS - 1))) {
            slot[i] = slot[j];
            i = j;
        }
    }
    slot[i] = NULL;
}

/* Frees (if RELEASE) and forgets every block still in the set. */
static void clear_blocks(int release) {
    for (size_t k = 0; k < ntouched; k++) {
        const void *p = slot[touched[k]];
        slot[touched[k]] = NULL;
        if (p && release) free((void *)p);
    }
    ntouched = 0;
}

/* ---------- streams, file descriptors and mappings ---------- */

/* Streams opened during the run. A stream left open by die() cannot just be freed: it
 * stays on the C library's list of streams, which exit() walks. The harnesses are linked
 * with --wrap=fopen,--wrap=fclose, so the library's calls come here. */
enum { STREAMS = 64 };
static FILE *stream[STREAMS];
FILE *__real_fopen(const char *path, const char *mode);
int __real_fclose(FILE *fp);

FILE *__wrap_fopen(const char *path, const char *mode) {
    FILE *fp = __real_fopen(path, mode);
    for (int k = 0; fp && tracking && k < STREAMS; k++)
        if (!stream[k]) { stream[k] = fp; return fp; }
    if (fp && tracking) { fputs("icar fuzz harness: too many open streams\n", stderr); abort(); }
    return fp;
}

int __wrap_fclose(FILE *fp) {
    for (int k = 0; k < STREAMS; k++)
        if (stream[k] == fp) stream[k] = NULL;
    return __real_fclose(fp);
}

/* Closes (if RELEASE) and forgets the streams still open. */
static void clear_streams(int release) {
    for (int k = 0; k < STREAMS; k++)
        if (stream[k]) {
            if (release) __real_fclose(stream[k]);
            stream[k] = NULL;
        }
}

enum { MAXFD = 256 };
static unsigned char open_before[MAXFD];
static int last_before = -1;

static void note_fds(void) {
    for (int fd = 0; fd < MAXFD; fd++) {
        open_before[fd] = fcntl(fd, F_GETFD) != -1;
        if (open_before[fd]) last_before = fd;
    }
}

/* New descriptors take the lowest free numbers: the holes below the last one open
 * before the runs, then the numbers just above it. */
static void close_new_fds(void) {
    for (int fd = 0; fd < MAXFD && fd <= last_before + 64; fd++)
        if (!open_before[fd] && fcntl(fd, F_GETFD) != -1) close(fd);
}

static char dir[256];

static void unmap_fuzz_files(void) {
    static char maps[1 << 20];
    int fd = open("/proc/self/maps", O_RDONLY);
    if (fd < 0) return;
    size_t n = 0;
    for (ssize_t got; n + 1 < sizeof maps && (got = read(fd, maps + n, sizeof maps - 1 - n)) > 0;)
        n += (size_t)got;
    close(fd);
    maps[n] = '\0';
    for (char *line = maps, *eol; *line; line = eol + 1) {
        eol = strchr(line, '\n');
        if (!eol) break;
        *eol = '\0';
        char *path = strchr(line, '/');
        unsigned long lo, hi;
        if (path && strncmp(path, dir, strlen(dir)) == 0 && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
            munmap((void *)lo, hi - lo);
    }
}

/* ---------- the temporary folder ---------- */

static void remove_dir(void) {
    DIR *d = opendir(dir);
    if (!d) return;
    char path[512];
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    closedir(d);
    rmdir(dir);
}

/* Once per process: the folder (in $TMPDIR, else in memory where possible: the tools
 * fsync what they write), the allocator hooks, a static stdout buffer (a buffer that
 * stdio allocated during a run would otherwise count as the run's), the descriptors
 * open before. */
static void setup(void) {
    if (dir[0]) return;
    const char *base = getenv("TMPDIR");
    if (!base) base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/icar-fuzz-XXXXXX", base);
    if (!mkdtemp(dir)) { perror("icar fuzz harness: mkdtemp"); abort(); }
    atexit(remove_dir);
    if (!__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free)) {
        fputs("icar fuzz harness: cannot install the allocator hooks\n", stderr);
        abort();
    }
    static char outbuf[BUFSIZ];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    note_fds();
}

const char *fuzz_path(const char *name) {
    enum { NAMES = 8 };
    static char names[NAMES][64], paths[NAMES][512];
    setup();
    int k = 0;
    while (k < NAMES && names[k][0] && strcmp(names[k], name) != 0) k++;
    if (k == NAMES || strlen(name) >= sizeof names[k]) { fputs("fuzz_path: too many names\n", stderr); abort(); }
    if (!names[k][0]) {
        strcpy(names[k], name);
        snprintf(paths[k], sizeof paths[k], "%s/%s", dir, name);
    }
    return paths[k];
}

const char *fuzz_file(const char *name, const void *data, size_t size) {
    const char *path = fuzz_path(name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) { perror(path); abort(); }
    for (size_t done = 0; done < size;) {
        ssize_t w = write(fd, (const char *)data + done, size - done);
        if (w <= 0) { perror(path); abort(); }
        done += (size_t)w;
    }
    close(fd);
    return path;
}

/* ---------- running a reader ---------- */

static jmp_buf back;
static void on_die(void) { longjmp(back, 1); }

int fuzz_run(void (*fn)(void *), void *arg) {
    setup();
    err_set_handler(on_die);
    ntouched = 0;
    overflow = 0;
    runner = pthread_self();
    tracking = 1;
    volatile int died = 0;
    if (setjmp(back) == 0) fn(arg);
    else died = 1;
    clear_streams(died);   /* while tracked: their blocks leave the set as they are freed */
    tracking = 0;
    if (overflow) {
        fputs("icar fuzz harness: more allocations in one run than the harness tracks\n", stderr);
        abort();
    }
    clear_blocks(died);
    if (died) {
        close_new_fds();
        unmap_fuzz_files();
    }
    err_set_handler(NULL);
    return died;
}

/* Through the sanitizers' report channel: libFuzzer runs with stderr closed. */
void fuzz_fail(const char *file, int line, const char *what) {
    char msg[512];
    snprintf(msg, sizeof msg, "property violated at %s:%d: %s", file, line, what);
    __sanitizer_report_error_summary(msg);
    abort();
}
