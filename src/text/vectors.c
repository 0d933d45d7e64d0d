#define PCRE2_CODE_UNIT_WIDTH 8
#include "vectors.h"
#include "err.h"
#include "rng.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pcre2.h>
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
    int fd = open(path, O_RDONLY);
    if (fd < 0) die("cannot read vectors '%s': %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        die("vectors '%s' is not a regular file", path);
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

/* The value of KEY in a numpy header dict, via PCRE2; NULL if absent. */
static char *npy_field(const char *hdr, size_t n, const char *pattern) {
    int err;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &err, &eo, NULL);
    if (!re) die("internal: bad npy pattern %s", pattern);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    char *val = NULL;
    if (pcre2_match(re, (PCRE2_SPTR)hdr, n, 0, 0, md, NULL) >= 2) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        val = strndup(hdr + ov[2], ov[3] - ov[2]);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return val;
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
    const char *h = (const char *)m + start;
    char *descr = npy_field(h, hlen, "'descr'\\s*:\\s*'([^']*)'");
    char *fortran = npy_field(h, hlen, "'fortran_order'\\s*:\\s*(True|False)");
    char *shape = npy_field(h, hlen, "'shape'\\s*:\\s*\\(([^)]*)\\)");
    if (!descr || !fortran || !shape)
        die("npy '%s': header lacks 'descr', 'fortran_order' or 'shape': %.*s", v->path, (int)hlen, h);
    if (strcmp(descr, "<f4") == 0) v->dtype = VDT_F32;
    else if (strcmp(descr, "<f8") == 0) v->dtype = VDT_F64;
    else die("npy '%s' has dtype '%s'; expected '<f4' (float32) or '<f8' (float64)", v->path, descr);
    if (strcmp(fortran, "False") != 0)
        die("npy '%s' is in Fortran order; save it in C order (np.ascontiguousarray)", v->path);
    long r, c;
    char tail[8] = "";
    if (sscanf(shape, " %ld , %ld %7s", &r, &c, tail) < 2 || (tail[0] && strcmp(tail, ",") != 0) ||
        r < 1 || c < 1 || r > 1000000000L || c > 1000000L)
        die("npy '%s' has shape (%s); expected a 2-D table (rows, width)", v->path, shape);
    v->rows = r;
    v->dim = c;
    check_size(v, start + hlen, (size_t)r * c * DTYPE_SIZE[v->dtype]);
    v->data = m + start + hlen;
    free(descr);
    free(fortran);
    free(shape);
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
    size_t n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".npy") == 0) { v->kind = VEC_NPY; open_npy(v); }
    else { v->kind = VEC_SAFETENSORS; open_safetensors(v); }
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
    int *where = xmalloc(v->rows * sizeof *where);
    for (long i = 0; i < v->rows; i++) where[i] = -1;
    long *uniq = xmalloc((n ? n : 1) * sizeof *uniq), nu = 0;
    for (long i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= v->rows)
            die("token id %d is outside the vectors %s (%ld rows): the vectors do not belong "
                "to this tokenizer", ids[i], v->path ? v->path : "stand-in", v->rows);
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
    if (bad >= 0)
        die("vectors %s: row %d is zero or not finite and cannot be normalized",
            v->path ? v->path : "stand-in", bad);
    free(where);
    free(uniq);
    *ntab = nu;
    return table;
}
