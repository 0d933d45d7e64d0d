/* augmented.h — the multi-layer linear Transformer of Figure 5 on augmented tokens.
 *
 * One sequence: input tokens e_t = (0_d, s_t, s_{t-1}) in R^E, E = 3d, t = 1..T
 * (s_0 = 0; T = 50 in the paper), targets s_{t+1}. With x_0 = e:
 *
 *   per layer l = 1..L (one head, no softmax, own parameters):
 *     (q | k | v)_t = Wqkv x_t + bqkv                    Wqkv [3E, E] (Wq; Wk; Wv)
 *     att_t  = sum_{t' <= t} (q_t . k_t') / sqrt(E) v_t'  causal linear attention
 *     x_t   <- x_t + LayerNorm(Wo att_t + bo)             Wo [E, E], LN gain/bias [E]
 *   out_t  = Wr x_t + br                                  readout [E, E]
 *   loss   = mean over sequences, t and i < d of (out_t[i] - s_{t+1}[i])^2
 *
 * Initialisation as PyTorch: Linear weights and biases U(-1/sqrt(E), 1/sqrt(E)),
 * LayerNorm gain 1, bias 0.
 *
 * Speed: the projections are sgemm over all rows of a chunk of sequences; the
 * attention runs as prefix sums (attention.h, O(T E^2)); chunks of AUG_CHUNK
 * sequences run in parallel under OpenMP, each with single-threaded OpenBLAS and
 * its own gradient buffer; the buffers are summed in chunk order, so the result does
 * not depend on the number of threads. */
#ifndef ICAR_AUGMENTED_H
#define ICAR_AUGMENTED_H
#include "attention.h"
#include "rng.h"
#include "tensors.h"
#include "train.h"
#include <stddef.h>

#define AUG_CHUNK 16   /* sequences per chunk */
#define AUG_LMAX 64    /* layers at most */

typedef struct { int L, d, T, E; } AugConfig;

typedef struct {                 /* views into the flat parameter (or gradient) array */
    AttnParams layer[AUG_LMAX];  /* [L] used (attention.h) */
    float *wr, *br;              /* readout [E, E], [E] */
} AugParams;

typedef struct {
    ChunkRun run;                /* run.t: the model as the trainer sees it (its params and
                                    grads laid out as aug_tensors says; batches up to
                                    maxB); run.acts: one block holding every array below */
    AugConfig c;
    AugParams p;                 /* views of run.t.params */
    /* activations, [.., maxB, T, width] */
    float *x;                    /* [L+1][B,T,E] residual stream; x[0] = the input tokens */
    float *qkv;                  /* [L][B,T,3E] */
    float *att;                  /* [L][B,T,E] */
    float *proj;                 /* [L][B,T,E] Wo att + bo (LayerNorm input) */
    float *mean, *rstd;          /* [L][B,T] */
    float *out;                  /* [B,T,E] */
    /* backward work space, [B,T,width] */
    float *dout, *dx, *dproj, *datt, *dqkv;
    float *scratch;              /* [nchunks][E*E] */
} AugModel;

/* The parameter tensors in memory order (per layer wqkv, bqkv, wo, bo, lng, lnb, then
 * the readout wr, br) with their initialisation, into t[AUG_NTENSORS(L)]; views into v
 * (v->layer has L entries; v NULL: no views). Returns the count. */
#define AUG_NTENSORS(L) (6 * (L) + 2)
int aug_tensors(const AugConfig *c, AugParams *v, Tensor *t);

/* e[n, T, E] tokens and y[n, T, d] targets from sequences s[n, T+1, d]. */
void aug_tokens(float *e, float *y, const float *s, int n, int T, int d);

/* The model, its parameters drawn from init; m->run.t is its Trainable (batch: the mean
 * loss over B <= maxB sequences e[B,T,E] against y[B,T,d], with backward != 0 also
 * grads += d loss / d params; free: frees it). */
void aug_init(AugModel *m, AugConfig c, int maxB, Rng *init);
const float *aug_outputs(const void *m);    /* out[B, T, E] of the last batch */
/* FLOPs of one forward+backward of one sequence, per kernel (for the benchmark):
 * flops[0] projections (sgemm), [1] attention, [2] LayerNorm/residual/loss. */
void aug_flops(const AugConfig *c, double flops[3]);
#endif
