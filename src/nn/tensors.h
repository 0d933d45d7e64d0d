/* tensors.h — a model's arrays as one table, in the manner of llm.c's train_gpt2.c
 * (param_sizes filled in one function, then one malloc and a pointer walk).
 *
 * A model lists its tensors once, in memory order, each with a name, its size in floats,
 * how it starts and the address of the pointer (view) that is to point at it. The same
 * table then sizes and points one block (the parameters, the gradients, the
 * activations), points the views of any other flat array of the same layout (a
 * per-chunk gradient), draws the initial parameters in table order, and lets a gradient
 * check walk the parameters tensor by tensor. */
#ifndef ICAR_TENSORS_H
#define ICAR_TENSORS_H
#include "rng.h"
#include <stddef.h>

typedef enum {
    INIT_ZERO,      /* 0 (activations, LayerNorm bias) */
    INIT_ONE,       /* 1 (LayerNorm gain) */
    INIT_UNIFORM,   /* U(-scale, scale) (uniform_init of nn.h) */
    INIT_NORMAL     /* scale * N(0,1) (rng_normals_f of rng.h) */
} TensorInit;

typedef struct {
    const char *name;   /* what the tensor is, for reports */
    int layer;          /* its layer, -1 for none */
    size_t size;        /* floats */
    TensorInit init;
    float scale;        /* of INIT_UNIFORM and INIT_NORMAL */
    float **view;       /* set to the tensor's first float; NULL: none */
} Tensor;

#define NTENSORS(table) ((int)(sizeof(table) / sizeof *(table)))

/* Floats of all n tensors together. */
size_t tensors_size(const Tensor *t, int n);
/* Point every view into base: t[0] at base, each next tensor right after the one
 * before. */
void tensors_point(const Tensor *t, int n, float *base);
/* One zeroed block for all n tensors, views pointed; free() frees it. Parameters:
 * tensors_alloc, one flat array (as tensors_point lays it out). Activations:
 * tensors_alloc_aligned, every tensor starting on a 64-byte boundary (whole vectors). */
float *tensors_alloc(const Tensor *t, int n);
float *tensors_alloc_aligned(const Tensor *t, int n);
/* The tensors laid out from base, each set as its init says, drawing from r in table
 * order. */
void tensors_init(const Tensor *t, int n, float *base, Rng *r);
#endif
