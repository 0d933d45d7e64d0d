/* heads.h — the one-layer multi-head model of Figures 7 and 8 (non-augmented tokens).
 *
 * One sequence: tokens x_t in R^E, t = 0..T-1 (E = d, or E = 2d with duplicated tokens
 * x_t = (s_t, s_t)); the model predicts s_{t+1} at every t.
 *
 *   per head h (its own maps, E x E each, with bias):
 *     q_t = Wq^h x_{t-1} + bq^h (query_prev; x_{-1} = 0, so q_0 = bq^h), or
 *     q_t = Wq^h x_t + bq^h (query_prev = 0),
 *     k_t = Wk^h x_t + bk^h,  v_t = Wv^h x_t + bv^h
 *   query_prev is the paper's model (6) (Sec. 5, tau = T-1): the prediction of s_{T+1}
 *   queries with the second-to-last token e_{T-1} and attends to e_1..e_T, which is what
 *   lets a head form the in-context estimate conj(s_{t-1}) s_t of the rotation; with the
 *   query at the current token (the authors' published code) it cannot form that
 *   estimate.
 *   token scores       G^h[t,t'] = (q_t . k_t') / sqrt(E)                   t' <= t, no softmax
 *   positional softmax Pi^h[t,:] = softmax_{t'<=t} ((qp_t . kp_t') / sqrt(E)),
 *                      qp_t = Wq^h p_t + bq^h, kp_t = Wk^h p_t + bk^h (the SAME head's maps)
 *                      over a learned table of position vectors p_t in R^E (npos rows)
 *   y^h_t = sum_{t'<=t} G^h[t,t'] Pi^h[t,t'] v^h_t'
 *   o_t   = W_O [y^1_t; ...; y^H_t] + b_O          (shared_out = 0) W_O [E, H*E];
 *                                                   W_O^h = columns h*E..h*E+E-1
 *   o_t   = W_O (y^1_t + ... + y^H_t) + b_O        (shared_out = 1) W_O [E, E], the
 *                                                   authors' code: W_O^h = W_O for every h
 *   pred_t = Wr LayerNorm(o_t) + br                 no residual; Wr [d, E]
 *   loss  = mean over sequences, positions t = loss_from..T-1 and the d entries of
 *           (pred_t - s_{t+1})^2   (loss_from = 1: the paper's loss starts at T = 2, and
 *           with query_prev t = 0 has no previous token; loss_from = 0: every position,
 *           as in the authors' code)
 *
 * Pi does not depend on the sequence, so it is computed once per batch (the layer of
 * src/nn/possoftmax.h) and its gradient dPi is summed over the batch and pushed back
 * through the softmax and the q,k maps once per batch.
 *
 * A batch is processed in chunks of groups of HEADS_LANES sequences. Rows are ordered
 * (group, t, lane) and q, k, v are kept feature-major ([3HE, rows]), so that the causal
 * attention of one head works on HEADS_LANES sequences at once, one SIMD vector per
 * (feature, time): every operation fills whole vectors, in register blocks of 4 x 4
 * times (or times x features) along the causal triangle (the layer of src/nn/tokatt.h).
 * The projections are single sgemm calls per chunk (CBLAS), written for this layout.
 * Chunks run in parallel, each on one thread from end to end with its own buffers and
 * its own gradient, summed in chunk order (the ChunkRun of train.h), so that no core
 * waits on a serial step and the result does not depend on the thread count. A batch
 * whose size is not a multiple of HEADS_LANES is padded with rows whose error is zero. */
#ifndef ICAR_HEADS_H
#define ICAR_HEADS_H
#include "rng.h"
#include "tensors.h"
#include "tokatt.h"
#include "train.h"
#include <stddef.h>

typedef struct {
    int d;      /* data dimension (targets are R^d) */
    int E;      /* token width: d, or 2d with duplicated tokens */
    int H;      /* heads */
    int T;      /* input tokens per sequence (the sequence has T+1 tokens) */
    int npos;   /* rows of the position table (>= T); 100 as in the paper */
    int query_prev; /* 1: query from the previous token (the paper's model (6), needs T >= 2);
                       0: from the current token */
    int loss_from;  /* first position t in the loss: 1 (the paper's) or 0 (every position) */
    int shared_out; /* 1: heads summed, then one E x E map W_O; 0: W_O over their concatenation */
} HeadsConfig;

/* Columns of W_O: H*E, or E when the heads share it. */
int heads_out_width(const HeadsConfig *c);

/* Views into one flat parameter (or gradient) array. */
typedef struct {
    float *wqkv;      /* [3HE, E]: row h*E+i is q of head h, HE+h*E+i k, 2HE+h*E+i v */
    float *bqkv;      /* [3HE] */
    float *pos;       /* [npos, E] position vectors p_t */
    float *wo;        /* [E, HO], HO = heads_out_width (HE, or E when shared) */
    float *bo;        /* [E] */
    float *lng, *lnb; /* [E] LayerNorm gain and bias */
    float *wr;        /* [d, E] readout */
    float *br;        /* [d] */
} HeadsParams;

/* Sequences processed side by side in the SIMD lanes of the attention kernels. */
enum { HEADS_LANES = TOKATT_LANES };

/* One thread's buffers for one chunk of Nr = groups*T*LANES rows, in the order
 * (group, t, lane): row-major [Nr, .] arrays, and feature-major [., Nr] ones (suffix T). */
typedef struct {
    float *xr, *yr;              /* [Nr, E+1] tokens with a last column of ones, [Nr, d] targets */
    float *qkvT, *dqkvT;         /* [3HE, Nr] */
    float *yT;                   /* [HE, Nr] */
    float *ysT;                  /* [E, Nr] sum over heads of yT (shared_out) */
    float *dyT;                  /* [HO, Nr] gradient of W_O's input (HO: heads_out_width) */
    float *o, *ln, *mean, *rstd, *pred;     /* [Nr, E], [Nr, E], [Nr], [Nr], [Nr, d] */
    float *dout, *dln, *dpred;
    float *dwaug;                /* [3HE, E+1] this chunk's gradient of (Wqkv | bqkv) */
    float *work;                 /* attention kernels' scratch (tokatt_work_floats) */
} HeadsWork;
enum { HEADS_WORK_TENSORS = 17 };   /* the arrays of a HeadsWork */

typedef struct {
    ChunkRun run;               /* run.t: the model as the trainer sees it (params, and grads
                                   [nparams + H*T*T]: the gradient, then dPi of the batch);
                                   run.acts: one block holding the arrays below, every ws[]
                                   and the per-chunk gradients run.cgrads */
    HeadsConfig c;
    HeadsParams p, g;           /* views of run.t.params and run.t.grads */
    int nthreads;
    /* once per batch (run.before and run.after_backward) */
    float *pqk;   /* [T, 2HE] q and k of p_0..p_{T-1} */
    float *pi;    /* [H, T, T] positional softmax, zero above the diagonal */
    float *dpi;   /* = run.t.grads + nparams: [H, T, T] summed over the batch */
    float *dpqk;  /* [T, 2HE] */
    float *waug;  /* [3HE, E+1] (Wqkv | bqkv) */
    /* chunks run in parallel, one per thread at a time (chunk_batch of train.h) */
    HeadsWork *ws;               /* [nthreads] */
} Heads;

/* The parameter tensors in memory order (wqkv, bqkv, pos, wo, bo, lng, lnb, wr, br) with
 * PyTorch's default initialisation (below), into t[HEADS_NTENSORS]; views into v (NULL:
 * no views). Returns the count. */
enum { HEADS_NTENSORS = 9 };
int heads_tensors(const HeadsConfig *c, HeadsParams *v, Tensor *t);
size_t heads_num_params(const HeadsConfig *c);
/* The model for batches of up to maxB sequences, its parameters zero (heads_init draws
 * them); m->run.t its Trainable (batch chunk_batch: the mean loss over B sequences
 * x[B, T, E] against y[B, T, d], with backward != 0 also grads += its gradient; free
 * heads_free). A batch runs in chunks of up to `groups` groups of HEADS_LANES sequences
 * (groups <= 0: so that a chunk's q,k,v take about 1 MiB), at least 8 chunks where the
 * batch allows. Dies on bad sizes. */
void heads_create(Heads *m, const HeadsConfig *c, int maxB, int groups);
void heads_free(void *m);   /* m: Heads */

/* PyTorch's default initialisation: every nn.Linear weight and bias
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)); position vectors N(0,1); LayerNorm gain 1, bias 0.
 * same_heads > 0 (Figure 8): the per-head parameters (Wq, bq, Wk, bk, Wv, bv and, unless
 * W_O is shared, W_O^h) of head 0 are copied to every head and each entry gets its own
 * same_heads * N(0,1). */
void heads_init(Heads *m, Rng *rng, float same_heads);

/* Tokens and targets from sequences s[n, T+1, d]: x[n, T, E] (E = d or 2d, duplicated
 * as (s_t, s_t)), y[n, T, d] = s_{t+1}. */
void heads_tokens(float *x, float *y, const float *s, int n, int T, int d, int dup);

/* sum_h B_h^T B_h, B_h = W_O^h Wv^h (E x E; W_O^h = W_O when shared): out[E, E]. */
void heads_bb(const Heads *m, float *out);

/* Floating-point operations of one training step (forward + backward) per sequence,
 * counting a multiply-add as 2 and the causal triangles exactly. */
double heads_train_flops_per_seq(const HeadsConfig *c);
#endif
