#include "depthbench.h"
#include "ardata.h"
#include "attention.h"
#include "augmented.h"
#include "err.h"
#include "nn.h"
#include "progress.h"
#include "rng.h"
#include "transformer.h"
#include <stdlib.h>
#include <string.h>

static void keep_extremes(double t, double *fastest, double *slowest) {
    if (t < *fastest) *fastest = t;
    if (t > *slowest) *slowest = t;
}

double depthbench_epoch(const DepthOpts *o, int L, int reps, double *slowest, double *flops_per_epoch) {
    int d = o->d, T = o->T, E = 3 * d, n = o->ntrain;
    float *s = xmalloc((size_t)n * (T + 1) * d * sizeof(float));
    float *e = xmalloc((size_t)n * T * E * sizeof(float)), *y = xmalloc((size_t)n * T * d * sizeof(float));
    Rng r;
    rng_init(&r, o->train.seed, RNG_TRAIN);
    ar_sequences(s, n, T + 1, d, &r);
    aug_tokens(e, y, s, n, T, d);
    SeqSet set = {e, y, n, (size_t)T * E, (size_t)T * d};
    SeqSet one = {e, y, 1, (size_t)T * E, (size_t)T * d};
    Trainable m = depth_model_new(o, L, o->train.batch);
    double best = 1e300, worst = 0;
    for (int k = 0; k <= reps; k++) {
        TrainOpts to = {.epochs = 1, .batch = o->train.batch, .lr = o->train.lr, .seed = o->train.seed + k,
                        .settings = "bench", .label = "bench"};
        TrainResult res;
        train_run(&m, &set, &one, &to, &res);
        if (k > 0) keep_extremes(res.train_seconds, &best, &worst);
        free(res.curve);
    }
    *slowest = worst;
    double f[3];
    if (o->model == DEPTH_LINEAR) {
        AugConfig c = {.L = L, .d = d, .T = T, .E = E};
        aug_flops(&c, f);
    } else {
        TfConfig c = {.L = L, .d = d, .T = T, .E = E, .NH = o->heads, .F = o->ffn};
        tf_flops(&c, f);
    }
    *flops_per_epoch = (f[0] + f[1] + f[2]) * n;
    depth_model_free(&m);
    free(s); free(e); free(y);
    return best;
}

/* The buffers of the kernel timings. */
typedef struct {
    int T, E, F, NH, chunk;
    float *x, *qkv, *att, *dx, *dqkv, *datt, *w, *b, *dw, *db, *h, *dh, *prob, *mean, *rstd, *g;
    float *lwork;       /* softmax attention: [nchunks][lwork_size] lane-major work space */
    size_t lwork_size;
} KArgs;

enum { K_PROJ, K_LINATT, K_NORM, K_MLP, K_SOFTATT };

static void run_kernel(int kind, KArgs *a, int k) {
    int T = a->T, E = a->E, F = a->F, N = a->chunk * T;
    size_t r0 = (size_t)k * N;
    float *x = a->x + r0 * E, *qkv = a->qkv + r0 * 3 * E, *att = a->att + r0 * E;
    float *dx = a->dx + r0 * E, *dqkv = a->dqkv + r0 * 3 * E, *datt = a->datt + r0 * E;
    float *dw = a->dw + (size_t)k * 3 * E * F, *db = a->db + (size_t)k * 3 * F;
    switch (kind) {
    case K_PROJ:      /* q,k,v and output projections, forward and backward */
        linear_forward(qkv, x, a->w, a->b, N, E, 3 * E);
        linear_forward(datt, att, a->w, a->b, N, E, E);
        linear_backward(datt, dw, db, dqkv, att, a->w, N, E, E);
        linear_backward(dx, dw, db, dqkv, x, a->w, N, E, 3 * E);
        break;
    case K_LINATT:
        for (int s = 0; s < a->chunk; s++) {
            linattn_forward(att + (size_t)s * T * E, qkv + (size_t)s * T * 3 * E, T, E);
            linattn_backward(dqkv + (size_t)s * T * 3 * E, datt + (size_t)s * T * E, qkv + (size_t)s * T * 3 * E, T, E, NULL);
        }
        break;
    case K_SOFTATT: { /* the chunk's sequences side by side, converted to and from lane-major */
        size_t nq = (size_t)T * 3 * E * SA_LANES;
        float *p = a->prob + (size_t)k * softattn_prob_size(T, a->NH);
        float *lqkv = a->lwork + (size_t)k * a->lwork_size, *latt = lqkv + nq, *ldqkv = latt + nq;
        float *ds = ldqkv + nq;
        lanes_from_rows(lqkv, qkv, a->chunk, (size_t)T * 3 * E);
        softattn_forward(latt, p, lqkv, T, E, a->NH);
        rows_from_lanes(att, latt, a->chunk, (size_t)T * E);
        lanes_from_rows(latt, datt, a->chunk, (size_t)T * E);
        memset(ldqkv, 0, nq * sizeof(float));
        softattn_backward(ldqkv, latt, lqkv, p, T, E, a->NH, ds);
        rows_from_lanes(dqkv, ldqkv, a->chunk, (size_t)T * 3 * E);
        break;
    }
    case K_NORM:      /* LayerNorm forward and backward, and one residual */
        layernorm_forward(att, a->mean + r0, a->rstd + r0, x, a->g, a->b, N, E);
        residual_forward(att, att, x, (size_t)N * E);
        layernorm_backward(dx, dw, db, datt, x, a->g, a->mean + r0, a->rstd + r0, N, E);
        break;
    case K_MLP: {     /* W1 (E -> F), ReLU, W2 (F -> E), forward and backward */
        float *h = a->h + r0 * F, *dh = a->dh + r0 * F;
        linear_forward(h, x, a->w, a->b, N, E, F);
        relu_forward(h, h, (size_t)N * F);
        linear_forward(att, h, a->w, a->b, N, F, E);
        linear_backward(dh, dw, db, datt, h, a->w, N, F, E);
        relu_backward_inplace(dh, h, (size_t)N * F);
        linear_backward(dx, dw, db, dh, x, a->w, N, E, F);
        break;
    }
    }
}

/* Fastest and slowest of reps runs of fn over every chunk of the epoch (in parallel),
 * after a warm-up run, into k->seconds and k->slowest. */
static void time_kernel(BenchKernel *k, int kind, KArgs *a, int nchunks, int reps) {
    k->seconds = 1e300;
    k->slowest = 0;
    for (int r = 0; r <= reps; r++) {
        double t0 = now_seconds();
        #pragma omp parallel for schedule(dynamic, 1)
        for (int c = 0; c < nchunks; c++) run_kernel(kind, a, c);
        if (r > 0) keep_extremes(now_seconds() - t0, &k->seconds, &k->slowest);
    }
}

int depthbench_kernels(const DepthOpts *o, int reps, BenchKernel *k) {
    int T = o->T, E = 3 * o->d, F = o->model == DEPTH_FULL ? o->ffn : E, NH = o->heads;
    int chunk = o->model == DEPTH_LINEAR ? AUG_CHUNK : TF_CHUNK;
    int nchunks = (o->ntrain + chunk - 1) / chunk, n = nchunks * chunk;
    size_t rows = (size_t)n * T, W = F > 3 * E ? F : 3 * E;
    KArgs a = {.T = T, .E = E, .F = F, .NH = NH, .chunk = chunk};
    Rng r;
    rng_init(&r, o->train.seed, RNG_MC);
    float **bufs[] = {&a.x, &a.qkv, &a.att, &a.dx, &a.dqkv, &a.datt, &a.h, &a.dh};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) {
        *bufs[i] = xmalloc(rows * W * sizeof(float));
        rng_normals_f(&r, *bufs[i], rows * W, 0.3f);
    }
    a.w = xmalloc(W * W * sizeof(float));
    a.b = xmalloc(W * sizeof(float));
    a.g = xmalloc(W * sizeof(float));
    rng_normals_f(&r, a.w, W * W, 0.3f);
    rng_normals_f(&r, a.b, W, 0.3f);
    rng_normals_f(&r, a.g, W, 0.3f);
    a.dw = xcalloc((size_t)nchunks * 3 * E * F + W * W, sizeof(float));
    a.db = xcalloc((size_t)nchunks * 3 * F + W, sizeof(float));
    a.mean = xmalloc(rows * sizeof(float));
    a.rstd = xmalloc(rows * sizeof(float));
    if (o->model == DEPTH_FULL) {
        a.prob = xmalloc((size_t)nchunks * softattn_prob_size(T, NH) * sizeof(float));
        a.lwork_size = (size_t)3 * T * 3 * E * SA_LANES + softattn_scratch_size(T);
        a.lwork = xmalloc((size_t)nchunks * a.lwork_size * sizeof(float));
    }
    double Td = T, Ed = E, Fd = F, nd = n;
    int m = 0;
    k[m] = (BenchKernel){.name = "sgemm: q,k,v and output projections",
                         .flops = nd * 3 * (2 * Td * Ed * 3 * Ed + 2 * Td * Ed * Ed)};
    time_kernel(&k[m++], K_PROJ, &a, nchunks, reps);
    if (o->model == DEPTH_LINEAR) {
        k[m] = (BenchKernel){.name = "causal linear attention (prefix sums)", .flops = nd * 16 * Td * Ed * Ed};
        time_kernel(&k[m++], K_LINATT, &a, nchunks, reps);
    } else {
        double pairs = Td * (Td + 1) / 2 * NH, hd = Ed / NH;
        k[m] = (BenchKernel){.name = "causal softmax attention", .flops = nd * pairs * (12 * hd + 10)};
        time_kernel(&k[m++], K_SOFTATT, &a, nchunks, reps);
        k[m] = (BenchKernel){.name = "sgemm: MLP", .flops = nd * 3 * 2 * (2 * Td * Ed * Fd) + nd * 2 * Td * Fd};
        time_kernel(&k[m++], K_MLP, &a, nchunks, reps);
    }
    k[m] = (BenchKernel){.name = "LayerNorm + residual", .flops = nd * 24 * Td * Ed};
    time_kernel(&k[m++], K_NORM, &a, nchunks, reps);
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++) free(*bufs[i]);
    free(a.w); free(a.b); free(a.g); free(a.dw); free(a.db); free(a.mean); free(a.rstd); free(a.prob); free(a.lwork);
    return m;
}
