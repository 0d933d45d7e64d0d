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
/* A table entry for an activation (or work) array: zero at the start, named after the
 * pointer it sets. */
#define ACTIVATION(view, size) {#view, -1, (size), INIT_ZERO, 0, &(view)}

/* Table entries of the common layers, with PyTorch's initialisation; each writes two
 * entries at t and returns the next free one:
 *  - a Linear map w [out, in] and its bias b [out], both U(-1/sqrt(in), 1/sqrt(in));
 *  - a LayerNorm's gain g (1) and bias b (0), [n] each.
 * The views w, b, g may be NULL. */
Tensor *tensors_linear(Tensor *t, const char *wname, const char *bname, int layer, size_t out, size_t in,
                       float **w, float **b);
Tensor *tensors_layernorm(Tensor *t, const char *gname, const char *bname, int layer, size_t n,
                          float **g, float **b);

/* Floats of all n tensors together. */
size_t tensors_size(const Tensor *t, int n);
/* Point every view into base: t[0] at base, each next tensor right after the one
 * before. */
void tensors_point(const Tensor *t, int n, float *base);
/* A model's activations (and work arrays): one zeroed block for all n tensors, each
 * starting on a 64-byte boundary (whole vectors), views pointed; free() frees it. */
float *tensors_alloc(const Tensor *t, int n);
/* A model's parameters and gradient, one zeroed block each: the parameters laid out
 * and their views pointed as t[n] says, then drawn as it says from init (NULL: left at
 * zero for the model to set); the gradient with `extra` floats after it (0, or what
 * the model accumulates alongside). Returns the parameter count. */
size_t tensors_params(const Tensor *t, int n, float **params, float **grads, size_t extra, Rng *init);
/* The tensors laid out from base, each set as its init says, drawing from r in table
 * order. */
void tensors_init(const Tensor *t, int n, float *base, Rng *r);
#endif
