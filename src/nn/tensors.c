#include "tensors.h"
#include "err.h"
#include "nn.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

Tensor *tensors_linear(Tensor *t, const char *wname, const char *bname, int layer, size_t out, size_t in,
                       float **w, float **b) {
    float bound = 1.0f / sqrtf((float)in);
    t[0] = (Tensor){wname, layer, out * in, INIT_UNIFORM, bound, w};
    t[1] = (Tensor){bname, layer, out, INIT_UNIFORM, bound, b};
    return t + 2;
}

Tensor *tensors_layernorm(Tensor *t, const char *gname, const char *bname, int layer, size_t n,
                          float **g, float **b) {
    t[0] = (Tensor){gname, layer, n, INIT_ONE, 0, g};
    t[1] = (Tensor){bname, layer, n, INIT_ZERO, 0, b};
    return t + 2;
}

size_t tensors_size(const Tensor *t, int n) {
    size_t total = 0;
    for (int i = 0; i < n; i++) total += t[i].size;
    return total;
}

void tensors_point(const Tensor *t, int n, float *base) {
    for (int i = 0; i < n; i++) {
        if (t[i].view) *t[i].view = base;
        base += t[i].size;
    }
}

/* One zeroed block of n tensors, each starting at a multiple of align floats. */
static float *alloc_point(const Tensor *t, int n, size_t align) {
    size_t floats = 0;
    for (int i = 0; i < n; i++) floats += (t[i].size + align - 1) / align * align;
    size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    float *block = aligned_alloc(64, bytes ? bytes : 64);
    if (!block) die("out of memory (%zu bytes)", bytes);
    memset(block, 0, bytes);
    float *p = block;
    for (int i = 0; i < n; i++) {
        if (t[i].view) *t[i].view = p;
        p += (t[i].size + align - 1) / align * align;
    }
    return block;
}

float *tensors_alloc(const Tensor *t, int n) { return alloc_point(t, n, 64 / sizeof(float)); }

size_t tensors_params(const Tensor *t, int n, float **params, float **grads, size_t extra, Rng *init) {
    size_t nparams = tensors_size(t, n);
    *params = alloc_point(t, n, 1);     /* one flat array, as tensors_point lays it out */
    *grads = xcalloc(nparams + extra, sizeof(float));
    if (init) tensors_init(t, n, *params, init);
    return nparams;
}

void tensors_init(const Tensor *t, int n, float *base, Rng *r) {
    for (int i = 0; i < n; i++) {
        float *x = base;
        base += t[i].size;
        switch (t[i].init) {
        case INIT_ZERO: memset(x, 0, t[i].size * sizeof(float)); break;
        case INIT_ONE: for (size_t k = 0; k < t[i].size; k++) x[k] = 1.0f; break;
        case INIT_UNIFORM: uniform_init(x, t[i].size, t[i].scale, r); break;
        case INIT_NORMAL: rng_normals_f(r, x, t[i].size, t[i].scale); break;
        }
    }
}
