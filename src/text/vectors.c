#include "vectors.h"
#include "err.h"
#include "rng.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const size_t DTYPE_SIZE[] = {4, 2, 2, 8};
static const char *DTYPE_NAME[] = {"F32", "F16", "BF16", "F64"};

float half_to_float(uint16_t h) {
    int sign = h >> 15, e = (h >> 10) & 0x1F, m = h & 0x3FF;
    float x;
    if (e == 0) x = ldexpf((float)m, -24);                         /* subnormal or zero */
    else if (e == 31) x = m ? NAN : INFINITY;
    else x = ldexpf((float)(m | 0x400), e - 25);
    return sign ? -x : x;
}

float bf16_to_float(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float x;
    memcpy(&x, &u, 4);
    return x;
}

static void map_file(Vectors *v, const char *path) {
    /* O_NONBLOCK: a FIFO would otherwise block open() until some writer appears */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) die("cannot read vectors '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        die("vectors '%s' is not a regular file (a FIFO, device or folder cannot be mapped)", path);
    v->map_len = st.st_size;
    if (v->map_len == 0) die("vectors '%s' is empty", path);
    v->map = mmap(NULL, v->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (v->map == MAP_FAILED) die("cannot map vectors '%s': %s", path, strerror(errno));
    close(fd);
}

static void check_size(const Vectors *v, size_t offset, size_t nbytes) {
    size_t need = (size_t)v->rows * v->dim * DTYPE_SIZE[v->dtype];
    if (nbytes != need)
        die("vectors '%s': tensor of shape [%ld, %ld] %s needs %zu bytes, the header says %zu",
            v->path, v->rows, v->dim, DTYPE_NAME[v->dtype], need, nbytes);
    if (offset > v->map_len || nbytes > v->map_len - offset)
        die("vectors '%s' is truncated: the table ends at byte %zu, the file has %zu bytes",
            v->path, offset + nbytes, v->map_len);
}

static void open_safetensors(Vectors *v) {
    const unsigned char *m = v->map;
    if (v->map_len < 8) die("safetensors '%s' is truncated: no 8-byte header length", v->path);
    uint64_t n;
    memcpy(&n, m, 8);
    if (n > v->map_len - 8)
        die("safetensors '%s': header length %llu runs past the end of the file (%zu bytes); "
            "truncated or not a safetensors file", v->path, (unsigned long long)n, v->map_len);
    cJSON *h = cJSON_ParseWithLength((const char *)m + 8, n);
    if (!h || !cJSON_IsObject(h)) die("safetensors '%s': the header is not a JSON object", v->path);
    const char *names[] = {"wte.weight", "transformer.wte.weight"};
    cJSON *t = NULL;
    for (int i = 0; i < 2 && !t; i++)
        if ((t = cJSON_GetObjectItemCaseSensitive(h, names[i]))) v->tensor = names[i];
    if (!t || !cJSON_IsObject(t))
        die("safetensors '%s' has no tensor 'wte.weight' (nor 'transformer.wte.weight'): "
            "is it a GPT-2 checkpoint?", v->path);
    cJSON *dt = cJSON_GetObjectItemCaseSensitive(t, "dtype");
    cJSON *shape = cJSON_GetObjectItemCaseSensitive(t, "shape");
    cJSON *off = cJSON_GetObjectItemCaseSensitive(t, "data_offsets");
    v->dtype = -1;
    for (int k = 0; k < 4 && cJSON_IsString(dt); k++)
        if (strcmp(dt->valuestring, DTYPE_NAME[k]) == 0) v->dtype = k;
    if (v->dtype < 0)
        die("safetensors '%s': tensor '%s' has dtype %s; expected F32, F16, BF16 or F64", v->path,
            v->tensor, cJSON_IsString(dt) ? dt->valuestring : "(missing)");
    if (!cJSON_IsArray(shape) || cJSON_GetArraySize(shape) != 2 ||
        !cJSON_IsNumber(cJSON_GetArrayItem(shape, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(shape, 1)))
        die("safetensors '%s': tensor '%s' must have a 2-D shape [rows, width]", v->path, v->tensor);
    if (!cJSON_IsArray(off) || cJSON_GetArraySize(off) != 2 ||
        !cJSON_IsNumber(cJSON_GetArrayItem(off, 0)) || !cJSON_IsNumber(cJSON_GetArrayItem(off, 1)))
        die("safetensors '%s': tensor '%s' has no [begin, end] data_offsets", v->path, v->tensor);
    double r = cJSON_GetArrayItem(shape, 0)->valuedouble, c = cJSON_GetArrayItem(shape, 1)->valuedouble;
    double b = cJSON_GetArrayItem(off, 0)->valuedouble, e = cJSON_GetArrayItem(off, 1)->valuedouble;
    if (r < 1 || c < 1 || r > 1e9 || c > 1e6 || r != floor(r) || c != floor(c))
        die("safetensors '%s': tensor '%s' has an invalid shape [%g, %g]", v->path, v->tensor, r, c);
    if (b < 0 || e < b || e > 1e15 || b != floor(b) || e != floor(e))
        die("safetensors '%s': tensor '%s' has invalid data_offsets [%g, %g]", v->path, v->tensor, b, e);
    v->rows = (long)r;
    v->dim = (long)c;
    size_t base = 8 + (size_t)n;
    check_size(v, base + (size_t)b, (size_t)(e - b));
    v->data = m + base + (size_t)b;
    cJSON_Delete(h);
}

/* The npy header is a Python dict literal (numpy writes repr(), reads ast.literal_eval):
 * single-quoted strings, True/False, tuples. It is not JSON, so cJSON cannot read it, and
 * searching it with patterns let a 3-D shape or an unknown key through. This parser takes
 * exactly what numpy writes:
 *   '{' key ':' value (',' key ':' value)* [','] '}' spaces* '\n'
 * with the keys 'descr' (a string), 'fortran_order' (True or False) and 'shape' (a tuple
 * of integers), each exactly once. */
typedef struct {
    const char *p, *end;
    char descr[16];
    int fortran;                   /* -1 until read */
    long shape[3];                 /* the first 3 dimensions; ndim counts them all */
    int ndim;                      /* -1 until read */
} NpyHeader;

static void npy_ws(NpyHeader *h) { while (h->p < h->end && *h->p == ' ') h->p++; }

static int npy_eat(NpyHeader *h, char c) {
    npy_ws(h);
    if (h->p < h->end && *h->p == c) { h->p++; return 1; }
    return 0;
}

/* A quoted string (no escapes: numpy's keys and dtypes need none) into out[n]. */
static int npy_string(NpyHeader *h, char *out, size_t n) {
    npy_ws(h);
    if (h->p >= h->end || (*h->p != '\'' && *h->p != '"')) return 0;
    char q = *h->p++;
    const char *s = h->p;
    while (h->p < h->end && *h->p != q && *h->p != '\\') h->p++;
    if (h->p >= h->end || *h->p != q || (size_t)(h->p - s) >= n) return 0;
    memcpy(out, s, h->p - s);
    out[h->p - s] = '\0';
    h->p++;
    return 1;
}

/* '(' [int (',' int)* [',']] ')'; a 1-tuple needs its comma, as in Python. */
static int npy_shape(NpyHeader *h) {
    if (!npy_eat(h, '(')) return 0;
    h->ndim = 0;
    int comma = 0;
    while (!npy_eat(h, ')')) {
        npy_ws(h);
        long x = 0;
        const char *s = h->p;
        while (h->p < h->end && *h->p >= '0' && *h->p <= '9' && x < 1000000000000L)
            x = 10 * x + (*h->p++ - '0');
        if (h->p == s || (h->p < h->end && *h->p >= '0' && *h->p <= '9')) return 0;
        if (h->ndim < 3) h->shape[h->ndim] = x;
        h->ndim++;
        comma = npy_eat(h, ',');
        npy_ws(h);
        if (!comma && (h->p >= h->end || *h->p != ')')) return 0;
    }
    return h->ndim != 1 || comma;
}

/* Returns NULL if the header is what numpy writes, else what is wrong. */
static const char *npy_parse(NpyHeader *h) {
    h->fortran = h->ndim = -1;
    h->descr[0] = '\0';
    if (!npy_eat(h, '{')) return "it does not start with '{'";
    while (!npy_eat(h, '}')) {
        char key[32];
        if (!npy_string(h, key, sizeof key) || !npy_eat(h, ':')) return "expected 'key': value";
        if (strcmp(key, "descr") == 0) {
            if (h->descr[0] || !npy_string(h, h->descr, sizeof h->descr) || !h->descr[0])
                return "'descr' is repeated or not a dtype string";
        } else if (strcmp(key, "fortran_order") == 0) {
            npy_ws(h);
            int t = h->end - h->p >= 4 && !memcmp(h->p, "True", 4), f = h->end - h->p >= 5 && !memcmp(h->p, "False", 5);
            if (h->fortran >= 0 || (!t && !f)) return "'fortran_order' is repeated or not True/False";
            h->fortran = t;
            h->p += t ? 4 : 5;
        } else if (strcmp(key, "shape") == 0) {
            if (h->ndim >= 0 || !npy_shape(h)) return "'shape' is repeated or not a tuple of integers";
        } else return "it has a key other than 'descr', 'fortran_order' and 'shape'";
        if (!npy_eat(h, ',')) {
            if (!npy_eat(h, '}')) return "expected ',' or '}' after a value";
            break;
        }
    }
    if (!h->descr[0] || h->fortran < 0 || h->ndim < 0) return "'descr', 'fortran_order' or 'shape' is missing";
    npy_ws(h);
    if (h->p != h->end - 1 || *h->p != '\n') return "something other than spaces follows the dictionary";
    return NULL;
}

static void open_npy(Vectors *v) {
    const unsigned char *m = v->map;
    if (v->map_len < 10 || memcmp(m, "\x93NUMPY", 6) != 0)
        die("npy '%s' does not start with the numpy magic \\x93NUMPY", v->path);
    int major = m[6];
    size_t hlen, start;
    if (major == 1) { hlen = m[8] | (m[9] << 8); start = 10; }
    else if (major == 2 || major == 3) {
        if (v->map_len < 12) die("npy '%s' is truncated inside its header", v->path);
        hlen = m[8] | (m[9] << 8) | ((size_t)m[10] << 16) | ((size_t)m[11] << 24);
        start = 12;
    } else die("npy '%s' has format version %d; versions 1, 2 and 3 are read", v->path, major);
    if (hlen > v->map_len - start) die("npy '%s' is truncated inside its header", v->path);
    const char *text = (const char *)m + start;
    NpyHeader h = {.p = text, .end = text + hlen};
    const char *bad = npy_parse(&h);
    if (bad) die("npy '%s': the header is not numpy's dictionary: %s: %.*s", v->path, bad, (int)hlen, text);
    if (strcmp(h.descr, "<f4") == 0) v->dtype = VDT_F32;
    else if (strcmp(h.descr, "<f8") == 0) v->dtype = VDT_F64;
    else die("npy '%s' has dtype '%s'; expected '<f4' (float32) or '<f8' (float64)", v->path, h.descr);
    if (h.fortran)
        die("npy '%s' is in Fortran order; save it in C order (np.ascontiguousarray)", v->path);
    if (h.ndim != 2 || h.shape[0] < 1 || h.shape[1] < 1 || h.shape[0] > 1000000000L || h.shape[1] > 1000000L)
        die("npy '%s' has a shape of %d dimensions (%ld, %ld%s); expected a 2-D table (rows, width), "
            "both positive", v->path, h.ndim, h.ndim > 0 ? h.shape[0] : 0, h.ndim > 1 ? h.shape[1] : 0,
            h.ndim > 2 ? ", ..." : "");
    v->rows = h.shape[0];
    v->dim = h.shape[1];
    size_t nbytes = (size_t)v->rows * v->dim * DTYPE_SIZE[v->dtype];
    check_size(v, start + hlen, nbytes);
    if (v->map_len != start + hlen + nbytes)
        die("npy '%s' has %zu bytes after its (%ld, %ld) table: not a single 2-D array", v->path,
            v->map_len - start - hlen - nbytes, v->rows, v->dim);
    v->data = m + start + hlen;
}

Vectors *vectors_open(const char *path, long dim, uint64_t seed) {
    Vectors *v = xcalloc(1, sizeof *v);
    v->seed = seed;
    if (!path || !*path) {
        v->kind = VEC_STANDIN;
        v->rows = STANDIN_ROWS;
        v->dim = dim > 0 ? dim : STANDIN_DIM;
        return v;
    }
    v->path = xstrdup(path);
    map_file(v, path);
    /* The format by the first bytes, whatever the name: npy's magic, or safetensors'
     * 8-byte header length followed by the JSON header's '{'. */
    const unsigned char *m = v->map;
    if (v->map_len >= 6 && memcmp(m, "\x93NUMPY", 6) == 0) { v->kind = VEC_NPY; open_npy(v); }
    else if (v->map_len >= 9 && m[8] == '{') { v->kind = VEC_SAFETENSORS; open_safetensors(v); }
    else
        die("vectors '%s' is neither a .npy file (magic \\x93NUMPY) nor a safetensors file "
            "(8-byte header length, then a JSON header)", path);
    if (dim > 0 && v->dim != dim)
        die("vectors '%s' have width %ld, expected %ld (gpt2-large); for another model set "
            "FIG4_DIM=%ld (icar-arfit --dim %ld)", path, v->dim, dim, v->dim, v->dim);
    return v;
}

void vectors_close(Vectors *v) {
    if (!v) return;
    if (v->map) munmap(v->map, v->map_len);
    free(v->path);
    free(v);
}

const char *vectors_label(const Vectors *v) { return v->kind == VEC_STANDIN ? "stand-in" : "gpt2"; }

void vectors_row(const Vectors *v, long id, double *out) {
    if (id < 0 || id >= v->rows)
        die("token id %ld is outside the vectors %s (%ld rows): the vectors do not belong to "
            "this tokenizer", id, v->path ? v->path : "stand-in", v->rows);
    if (v->kind == VEC_STANDIN) {
        Rng r;
        rng_init(&r, v->seed, ((uint64_t)RNG_VECTORS << 32) | (uint64_t)id);
        rng_normals(&r, out, v->dim);
        return;
    }
    const unsigned char *p = v->data + (size_t)id * v->dim * DTYPE_SIZE[v->dtype];
    for (long j = 0; j < v->dim; j++) {
        switch (v->dtype) {
        case VDT_F32: { float x; memcpy(&x, p + 4 * j, 4); out[j] = x; break; }
        case VDT_F64: { double x; memcpy(&x, p + 8 * j, 8); out[j] = x; break; }
        case VDT_F16: { uint16_t h; memcpy(&h, p + 2 * j, 2); out[j] = half_to_float(h); break; }
        default: { uint16_t h; memcpy(&h, p + 2 * j, 2); out[j] = bf16_to_float(h); break; }
        }
    }
}

float *vectors_unit_table(const Vectors *v, const int *ids, long n, int *idx, long *ntab) {
    for (long i = 0; i < n; i++)   /* before anything is allocated: die() leaves nothing behind */
        if (ids[i] < 0 || ids[i] >= v->rows)
            die("token id %d is outside the vectors %s (%ld rows): the vectors do not belong "
                "to this tokenizer", ids[i], v->path ? v->path : "stand-in", v->rows);
    int *where = xmalloc(v->rows * sizeof *where);
    for (long i = 0; i < v->rows; i++) where[i] = -1;
    long *uniq = xmalloc((n ? n : 1) * sizeof *uniq), nu = 0;
    for (long i = 0; i < n; i++) {
        if (where[ids[i]] < 0) { where[ids[i]] = (int)nu; uniq[nu++] = ids[i]; }
        idx[i] = where[ids[i]];
    }
    float *table = xmalloc((size_t)(nu ? nu : 1) * v->dim * sizeof *table);
    int bad = -1;
    #pragma omp parallel
    {
        double *row = xmalloc(v->dim * sizeof *row);
        #pragma omp for schedule(dynamic, 64)
        for (long k = 0; k < nu; k++) {
            vectors_row(v, uniq[k], row);
            double s = 0;
            for (long j = 0; j < v->dim; j++) s += row[j] * row[j];
            if (!(s > 0) || !isfinite(s)) {
                #pragma omp critical
                bad = (int)uniq[k];
                s = 1;
            }
            double inv = 1 / sqrt(s);
            for (long j = 0; j < v->dim; j++) table[k * v->dim + j] = (float)(row[j] * inv);
        }
        free(row);
    }
    free(where);
    free(uniq);
    if (bad >= 0) {
        free(table);
        die("vectors %s: row %d is zero or not finite and cannot be normalized",
            v->path ? v->path : "stand-in", bad);
    }
    *ntab = nu;
    return table;
}
