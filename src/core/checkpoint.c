#include "checkpoint.h"
#include "atomic.h"
#include "err.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char MAGIC[8] = {'I', 'C', 'A', 'R', 'C', 'K', 'P', '3'};
/* the formats before: without the carried text (ICARCKP2), without the code id (ICARCKP1) */
static const char *const OLD_MAGICS[] = {"ICARCKP2", "ICARCKP1"};

/* Header: magic, code id, fingerprint, epoch, n, rng; then n floats, the carried text's
 * length and bytes, and the checksum. */
enum { FP_AT = CKPT_CODE_AT + CKPT_CODE_LEN, N_AT = CKPT_EPOCH_AT + 8, RNG_AT = N_AT + 8,
       HEADER = RNG_AT + 4 * 8 };

static uint64_t fnv1a(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
    return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL

uint64_t fingerprint_str(const char *settings) {
    return fnv1a(FNV_OFFSET, settings, strlen(settings));
}

/* Every checkpoint path this process saved or loaded, for checkpoint_remove_all. */
static char **used;
static size_t nused;

static void remember(const char *path) {
    for (size_t i = 0; i < nused; i++)
        if (strcmp(used[i], path) == 0) return;
    used = xrealloc(used, (nused + 1) * sizeof *used);
    used[nused++] = xstrdup(path);
}

void checkpoint_remove_all(void) {
    for (size_t i = 0; i < nused; i++) {
        if (remove(used[i]) != 0 && errno != ENOENT) warn("cannot delete checkpoint '%s': %s", used[i], strerror(errno));
        free(used[i]);
    }
    free(used);
    used = NULL;
    nused = 0;
}

void checkpoint_stopped(int epoch) {
    warn("stopped after epoch %d as asked (--stop-after): checkpoints saved, no output written; "
         "run the same command without --stop-after to resume", epoch);
    exit(EXIT_STOPPED);
}

/* The code id as stored: 64 bytes, NUL-padded. */
static void code_field(char out[CKPT_CODE_LEN]) {
    size_t n = strlen(icar_code_id);
    memset(out, 0, CKPT_CODE_LEN);
    memcpy(out, icar_code_id, n < CKPT_CODE_LEN ? n : CKPT_CODE_LEN);
}

/* Write n bytes and fold them into the running checksum. */
static void put(FILE *fp, uint64_t *h, const void *data, size_t n) {
    fwrite(data, 1, n, fp);   /* errors are caught by atomic_commit (ferror) */
    *h = fnv1a(*h, data, n);
}

void checkpoint_save(const char *path, uint64_t fingerprint, long epoch, const float *state, size_t n, const Rng *rng,
                     const char *carried) {
    if (!carried) carried = "";
    uint64_t m = strlen(carried);
    if (m > CKPT_CARRIED_MAX) die("internal: a checkpoint's carried text of %llu bytes, above %d", (unsigned long long)m,
                                  CKPT_CARRIED_MAX);
    AtomicFile *f = atomic_open(path);
    uint64_t h = FNV_OFFSET;
    int64_t ep = epoch;
    uint64_t nn = n;
    char code[CKPT_CODE_LEN];
    code_field(code);
    put(f->fp, &h, MAGIC, sizeof MAGIC);
    put(f->fp, &h, code, sizeof code);
    put(f->fp, &h, &fingerprint, sizeof fingerprint);
    put(f->fp, &h, &ep, sizeof ep);
    put(f->fp, &h, &nn, sizeof nn);
    put(f->fp, &h, rng->s, sizeof rng->s);
    put(f->fp, &h, state, n * sizeof(float));
    put(f->fp, &h, &m, sizeof m);
    put(f->fp, &h, carried, m);
    fwrite(&h, sizeof h, 1, f->fp);
    atomic_commit(f);
    remember(path);
}

/* Read up to n bytes at the start of fd; returns the count read. */
static size_t read_all(int fd, void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, (char *)buf + got, n - got);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        got += k;
    }
    return got;
}

#define WHY(...) snprintf(why, whylen, __VA_ARGS__)

/* The length of the carried text of a checkpoint of n floats in buf[len] (0 where the
 * file ends before it: it is then refused as damaged). */
static uint64_t carried_len(const unsigned char *buf, size_t len, size_t n) {
    uint64_t m = 0;
    if (len >= HEADER + n * sizeof(float) + 8) memcpy(&m, buf + HEADER + n * sizeof(float), 8);
    return m;
}

/* The verdict on a checkpoint of SIZE bytes whose first len (at most what this run may
 * need) are in buf; fills the outputs if loaded. */
static int judge(const char *path, const unsigned char *buf, size_t len, size_t size, uint64_t fingerprint,
                 long epochs, long *epoch, float *state, size_t n, Rng *rng, char **carried, char *why, size_t whylen) {
    for (size_t i = 0; i < sizeof OLD_MAGICS / sizeof *OLD_MAGICS; i++)
        if (len >= 8 && memcmp(buf, OLD_MAGICS[i], 8) == 0) {
            WHY("checkpoint '%s' was made by an older version of icar (other code): not resumed, "
                "the run starts afresh", path);
            return CKPT_STALE;
        }
    if (len < 8 || memcmp(buf, MAGIC, 8) != 0) {
        WHY("'%s' is not an icar checkpoint; remove it or choose another --checkpoint path", path);
        return CKPT_REFUSED;
    }
    if (len < HEADER + 8) {
        WHY("checkpoint '%s' is truncated (%zu bytes); delete it to start afresh", path, size);
        return CKPT_REFUSED;
    }
    uint64_t fp_file, nn, check;
    int64_t ep;
    memcpy(&fp_file, buf + FP_AT, 8);
    memcpy(&ep, buf + CKPT_EPOCH_AT, 8);
    memcpy(&nn, buf + N_AT, 8);
    uint64_t m = carried_len(buf, len, n);
    size_t text_at = HEADER + n * sizeof(float) + 8;
    size_t want = m <= CKPT_CARRIED_MAX ? text_at + m + 8 : 0;
    memcpy(&check, buf + len - 8, 8);
    int intact = size == want && len == want && fnv1a(FNV_OFFSET, buf, len - 8) == check;
    char code[CKPT_CODE_LEN];
    code_field(code);
    if (memcmp(buf + CKPT_CODE_AT, code, CKPT_CODE_LEN) != 0) {
        WHY("checkpoint '%s' was made by other code (code %.12s, this build %.12s): not resumed, "
            "the run starts afresh", path, (const char *)buf + CKPT_CODE_AT, icar_code_id);
        return CKPT_STALE;
    }
    if (fp_file != fingerprint) {
        WHY("checkpoint '%s' was made with other settings (fingerprint %016llx, this run %016llx); "
            "delete it or rerun with the settings it was made with", path,
            (unsigned long long)fp_file, (unsigned long long)fingerprint);
        return CKPT_REFUSED;
    }
    if (nn != n) {
        WHY("checkpoint '%s' holds %llu values, this run needs %zu; delete it to start afresh", path,
            (unsigned long long)nn, n);
        return CKPT_REFUSED;
    }
    if (!intact) {
        WHY("checkpoint '%s' is damaged (truncated or checksum mismatch); delete it to start afresh", path);
        return CKPT_REFUSED;
    }
    if (ep < 0 || ep > epochs) {
        WHY("checkpoint '%s' is at epoch %lld, outside 0..%ld of this run: damaged or forged; "
            "delete it to start afresh", path, (long long)ep, epochs);
        return CKPT_REFUSED;
    }
    Rng r;
    memcpy(r.s, buf + RNG_AT, sizeof r.s);
    if (!(r.s[0] | r.s[1] | r.s[2] | r.s[3])) {
        WHY("checkpoint '%s' holds an all-zero rng state: damaged or forged; delete it to start afresh", path);
        return CKPT_REFUSED;
    }
    if (memchr(buf + text_at, 0, m)) {
        WHY("checkpoint '%s' carries a text with a NUL byte: damaged or forged; delete it to start afresh", path);
        return CKPT_REFUSED;
    }
    memcpy(state, buf + HEADER, n * sizeof(float));
    *epoch = (long)ep;
    *rng = r;
    if (carried) {
        *carried = xmalloc(m + 1);
        memcpy(*carried, buf + text_at, m);
        (*carried)[m] = 0;
    }
    return CKPT_LOADED;
}

int checkpoint_try_load(const char *path, uint64_t fingerprint, long epochs, long *epoch, float *state,
                        size_t n, Rng *rng, char **carried, char *why, size_t whylen) {
    /* O_NONBLOCK: a FIFO would block open(); it is refused below */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) return CKPT_ABSENT;
        WHY("cannot read checkpoint '%s': %s", path, strerror(errno));
        return CKPT_REFUSED;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        WHY("checkpoint '%s' is not a regular file", path);
        return CKPT_REFUSED;
    }
    /* more than this run's size is never read: judge() sees the size and refuses */
    size_t want = HEADER + n * sizeof(float) + 8 + CKPT_CARRIED_MAX + 8, size = (size_t)st.st_size;
    size_t take = size < want ? size : want;
    unsigned char *buf = xmalloc(take ? take : 1);
    size_t got = read_all(fd, buf, take);
    close(fd);
    int k = judge(path, buf, got, got == take ? size : got, fingerprint, epochs, epoch, state, n, rng, carried, why,
                  whylen);
    free(buf);
    return k;
}

int checkpoint_load(const char *path, uint64_t fingerprint, long epochs, long *epoch, float *state,
                    size_t n, Rng *rng, char **carried) {
    char why[512];
    int k = checkpoint_try_load(path, fingerprint, epochs, epoch, state, n, rng, carried, why, sizeof why);
    if (k == CKPT_REFUSED) die("%s", why);
    if (k == CKPT_STALE) warn("%s", why);
    if (k != CKPT_ABSENT) remember(path);   /* a stale one is overwritten, then deleted */
    return k == CKPT_LOADED;
}
