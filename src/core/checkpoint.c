#include "checkpoint.h"
#include "atomic.h"
#include "err.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MAGIC[8] = {'I', 'C', 'A', 'R', 'C', 'K', 'P', '1'};

static uint64_t fnv1a(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
    return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL

uint64_t fingerprint_str(const char *settings) {
    return fnv1a(FNV_OFFSET, settings, strlen(settings));
}

/* Write n bytes and fold them into the running checksum. */
static void put(FILE *fp, uint64_t *h, const void *data, size_t n) {
    fwrite(data, 1, n, fp);   /* errors are caught by atomic_commit (ferror) */
    *h = fnv1a(*h, data, n);
}

void checkpoint_save(const char *path, uint64_t fingerprint, long epoch, const float *state, size_t n, const Rng *rng) {
    AtomicFile *f = atomic_open(path);
    uint64_t h = FNV_OFFSET;
    int64_t ep = epoch;
    uint64_t nn = n;
    put(f->fp, &h, MAGIC, sizeof MAGIC);
    put(f->fp, &h, &fingerprint, sizeof fingerprint);
    put(f->fp, &h, &ep, sizeof ep);
    put(f->fp, &h, &nn, sizeof nn);
    put(f->fp, &h, rng->s, sizeof rng->s);
    put(f->fp, &h, state, n * sizeof(float));
    fwrite(&h, sizeof h, 1, f->fp);
    atomic_commit(f);
}

/* Read n bytes into data and fold them into the checksum; 0 if the file ended. */
static int get(FILE *fp, uint64_t *h, void *data, size_t n) {
    if (fread(data, 1, n, fp) != n) return 0;
    *h = fnv1a(*h, data, n);
    return 1;
}

#define REFUSE(...) do { snprintf(why, whylen, __VA_ARGS__); goto refused; } while (0)

int checkpoint_try_load(const char *path, uint64_t fingerprint, long *epoch, float *state, size_t n, Rng *rng, char *why, size_t whylen) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT) return 0;
        snprintf(why, whylen, "cannot read checkpoint '%s': %s", path, strerror(errno));
        return -1;
    }
    uint64_t h = FNV_OFFSET, fp_file, nn, check;
    int64_t ep;
    char magic[8];
    Rng r;
    float *buf = NULL;
    if (!get(fp, &h, magic, sizeof magic) || memcmp(magic, MAGIC, sizeof MAGIC) != 0)
        REFUSE("'%s' is not an icar checkpoint; remove it or choose another --checkpoint path", path);
    if (!get(fp, &h, &fp_file, sizeof fp_file)) REFUSE("checkpoint '%s' is truncated; delete it to start afresh", path);
    if (fp_file != fingerprint)
        REFUSE("checkpoint '%s' was made with other settings (fingerprint %016llx, this run %016llx); "
               "delete it or rerun with the settings it was made with", path,
               (unsigned long long)fp_file, (unsigned long long)fingerprint);
    if (!get(fp, &h, &ep, sizeof ep) || !get(fp, &h, &nn, sizeof nn))
        REFUSE("checkpoint '%s' is truncated; delete it to start afresh", path);
    if (nn != n)
        REFUSE("checkpoint '%s' holds %llu values, this run needs %zu; delete it to start afresh",
               path, (unsigned long long)nn, n);
    buf = xmalloc(n * sizeof(float));
    if (!get(fp, &h, r.s, sizeof r.s) || !get(fp, &h, buf, n * sizeof(float)) ||
        fread(&check, sizeof check, 1, fp) != 1 || check != h || fgetc(fp) != EOF)
        REFUSE("checkpoint '%s' is damaged (truncated or checksum mismatch); delete it to start afresh", path);
    fclose(fp);
    memcpy(state, buf, n * sizeof(float));
    free(buf);
    *epoch = (long)ep;
    *rng = r;
    return 1;
refused:
    fclose(fp);
    free(buf);
    return -1;
}

int checkpoint_load(const char *path, uint64_t fingerprint, long *epoch, float *state, size_t n, Rng *rng) {
    char why[512];
    int k = checkpoint_try_load(path, fingerprint, epoch, state, n, rng, why, sizeof why);
    if (k < 0) die("%s", why);
    return k;
}
