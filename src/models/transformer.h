/* transformer.h — the full Transformer of Figure 10 (Vaswani et al. 2017, post-LN),
 * on the same augmented tokens and targets as Figure 5 (augmented.h).
 *
 * One sequence x_t in R^E (E = 3d = 15), t = 1..T. Per layer l = 1..L:
 *     (q | k | v)_t = Wqkv x_t + bqkv                           Wqkv [3E, E]
 *     att^h_t = sum_{t'<=t} softmax_{t'<=t}(q^h_t . k^h_t' / sqrt(hd)) v^h_t'
 *               NH heads of width hd = E / NH (causal softmax attention)
 *     h_t   = LayerNorm1(x_t + Wo att_t + bo)                    Wo [E, E]
 *     x_t  <- LayerNorm2(h_t + W2 ReLU(W1 h_t + b1) + b2)       W1 [F, E], W2 [E, F]
 * then out_t = Wr x_t + br (readout [E, E]); loss as Figure 5 (first d outputs vs s_{t+1}).
 * This is the encoder block of Vaswani et al. ("Add & Norm" after each sub-layer,
 * PyTorch's nn.TransformerEncoderLayer with norm_first = False), without dropout and
 * without positional encoding (each token already holds s_{t-1} beside s_t; the
 * causal mask gives the order). Choices: NH = 3 heads (hd = 5), MLP width F = 4E = 60.
 * Initialisation as PyTorch's Linear (U(+-1/sqrt(fan_in))) and LayerNorm (1, 0).
 * Parallel like augmented.h: chunks of sequences under OpenMP, gradients per chunk; the
 * attention of a chunk runs on its sequences side by side (attention.h, lane-major). */
#ifndef ICAR_TRANSFORMER_H
#define ICAR_TRANSFORMER_H
#include "attention.h"
#include "rng.h"
#include "tensors.h"
#include "train.h"
#include <stddef.h>

#define TF_CHUNK SA_LANES   /* sequences per chunk: one per lane of the softmax attention */
#define TF_LMAX 64          /* layers at most */

typedef struct { int L, d, T, E, NH, F; } TfConfig;

typedef struct {
    AttnParams att;          /* wqkv, bqkv, wo, bo, LayerNorm1 lng, lnb (attention.h) */
    float *w1, *b1;          /* [F, E], [F] */
    float *w2, *b2;          /* [E, F], [E] */
    float *ln2g, *ln2b;      /* [E] */
} TfLayer;

typedef struct {
    TfLayer layer[TF_LMAX];  /* [L] used */
    float *wr, *br;          /* readout [E, E], [E] */
} TfParams;

typedef struct {
    ChunkRun run;               /* run.t: the model as the trainer sees it (params and grads
                                   laid out as tf_tensors says); run.acts: one block holding
                                   every array below */
    TfConfig c;
    TfParams p;                 /* views of run.t.params */
    int nchunks;
    /* activations; [L] blocks of [maxB, T, width], lane-major ones per chunk */
    float *x;                   /* [L+1][B,T,E] layer inputs; x[L] the last output */
    float *lqkv;                /* [L][nchunks][T,3E,SA_LANES] q, k, v (lane-major) */
    float *prob;                /* [L][nchunks][softattn_prob_size] */
    float *att;                 /* [L][B,T,E] */
    float *r1, *h;              /* [L][B,T,E] x + attention; LayerNorm1 of it */
    float *mean1, *rstd1;       /* [L][B,T] */
    float *f1;                  /* [L][B,T,F] ReLU(W1 h + b1) */
    float *r2;                  /* [L][B,T,E] h + MLP */
    float *mean2, *rstd2;       /* [L][B,T] */
    float *out;                 /* [B,T,E] */
    /* work space [B,T,width]; qkv and dqkv row-major, before and after the attention */
    float *qkv, *dout, *dx, *dr2, *dh, *df1, *datt, *dqkv;
    float *lwork;               /* [nchunks][lwork_size]: the attention's lane-major work space */
} TfModel;

/* The parameter tensors in memory order (per layer wqkv, bqkv, wo, bo, lng, lnb, w1,
 * b1, w2, b2, ln2g, ln2b, then the readout wr, br) with their initialisation, into
 * t[TF_NTENSORS(L)]; views into v (v->layer has L entries; v NULL: no views). Returns
 * the count. */
#define TF_NTENSORS(L) (12 * (L) + 2)
int tf_tensors(const TfConfig *c, TfParams *v, Tensor *t);

/* As aug_init: the model, its parameters drawn from init; m->run.t its Trainable. */
void tf_init(TfModel *m, TfConfig c, int maxB, Rng *init);
const float *tf_outputs(const void *m);     /* out[B, T, E] of the last batch */
/* FLOPs of one forward+backward of one sequence: [0] sgemm (projections and MLP),
 * [1] softmax attention, [2] LayerNorm/ReLU/residual/loss. */
void tf_flops(const TfConfig *c, double flops[3]);
#endif
