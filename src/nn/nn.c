/* nn.c — the layers of nn.h. Matrix products go through CBLAS (OpenBLAS threads them),
 * except the narrow ones of linear_forward and of dinp (at most 64 outputs per row),
 * which run in a register-blocked kernel here; row-wise loops are split over the cores
 * with OpenMP when there are enough rows. */
#include "nn.h"
#include "simd.h"
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <string.h>


/* Parallelise row loops only when the work pays for the threads. */
#define NN_PAR_ROWS 2048

/* Fast path for rows of C <= KW floats: each row copied into a zero-padded array of KW,
 * every loop of fixed length KW (vectorised, the row sums reassociated). */
HOT_KERNEL_REASSOC
static void layernorm_forward_kw(float *out, float *mean, float *rstd, const float *inp, const float *g, const float *b, int N, int C) {
    float gp[KW] = {0}, bp[KW] = {0}, mask[KW] = {0};
    for (int i = 0; i < C; i++) { gp[i] = g[i]; bp[i] = b[i]; mask[i] = 1.0f; }
    float invC = 1.0f / C;
    for (int n = 0; n < N; n++) {
        /* whole rows of KW floats where the buffers hold them: one vector load and
         * store, no scalar copies (the tail lanes belong to the next rows) */
        int wide = (size_t)n * C + KW <= (size_t)N * C;
        float x[KW] = {0}, y[KW];
        if (wide) for (int i = 0; i < KW; i++) { float v = inp[(size_t)n * C + i]; x[i] = i < C ? v : 0.0f; }
        else      for (int i = 0; i < C; i++) x[i] = inp[(size_t)n * C + i];
        float m = 0.0f;
        for (int i = 0; i < KW; i++) m += x[i];
        m *= invC;
        float v = 0.0f;
        for (int i = 0; i < KW; i++) { float d = (x[i] - m) * mask[i]; v += d * d; }
        float s = 1.0f / sqrtf(v * invC + 1e-5f);
        for (int i = 0; i < KW; i++) y[i] = (x[i] - m) * s * gp[i] + bp[i];
        if (wide) for (int i = 0; i < KW; i++) out[(size_t)n * C + i] = y[i];   /* the next rows overwrite the tail */
        else      for (int i = 0; i < C; i++) out[(size_t)n * C + i] = y[i];
        mean[n] = m;
        rstd[n] = s;
    }
}
HOT_KERNEL_REASSOC
static void layernorm_backward_kw(float *dinp, float *dg, float *db, const float *dout, const float *inp, const float *g, const float *mean, const float *rstd, int N, int C) {
    float gp[KW] = {0}, dgp[KW] = {0}, dbp[KW] = {0};
    for (int i = 0; i < C; i++) gp[i] = g[i];
    float invC = 1.0f / C;
    for (int n = 0; n < N; n++) {
        float x[KW] = {0}, dy[KW] = {0}, nrm[KW], dn[KW];
        if ((size_t)n * C + KW <= (size_t)N * C)    /* vector loads, as in the forward */
            for (int i = 0; i < KW; i++) {
                float xv = inp[(size_t)n * C + i], dv = dout[(size_t)n * C + i];
                x[i] = i < C ? xv : 0.0f;
                dy[i] = i < C ? dv : 0.0f;
            }
        else
            for (int i = 0; i < C; i++) { x[i] = inp[(size_t)n * C + i]; dy[i] = dout[(size_t)n * C + i]; }
        float m = mean[n], s = rstd[n], a = 0.0f, c = 0.0f;
        for (int i = 0; i < KW; i++) {
            nrm[i] = (x[i] - m) * s;
            dn[i] = gp[i] * dy[i];
            a += dn[i];
            c += dn[i] * nrm[i];
            dgp[i] += nrm[i] * dy[i];
            dbp[i] += dy[i];
        }
        a *= invC; c *= invC;
        for (int i = 0; i < KW; i++) dn[i] = i < C ? (dn[i] - a - nrm[i] * c) * s : 0.0f;
        if ((size_t)n * C + KW <= (size_t)N * C)    /* one vector add; the tail lanes add 0 */
            for (int i = 0; i < KW; i++) dinp[(size_t)n * C + i] += dn[i];
        else
            for (int i = 0; i < C; i++) dinp[(size_t)n * C + i] += dn[i];
    }
    for (int i = 0; i < C; i++) { if (dg) dg[i] += dgp[i]; if (db) db[i] += dbp[i]; }
}
/* out[n, :] = b for every row (before an sgemm with beta = 1): the first row, then
 * the part already filled copied onto the rest, doubling (long vectorised copies
 * instead of a scalar loop over rows of a few floats). */
static void bias_fill(float *out, const float *b, int N, int OC) {
    size_t total = (size_t)N * OC, done = OC;
    if (N <= 0) return;
    memcpy(out, b, OC * sizeof *out);
    while (done < total) {
        size_t n = done < total - done ? done : total - done;
        memcpy(out + done, out, n * sizeof *out);
        done += n;
    }
}

/* acc[W] += rows 0.. of dout[N, OC] read W floats wide, while the len floats from dout
 * hold them (lanes past the block's columns belong to the next columns or rows and are
 * never used); returns the first row not summed. W is a constant at every call:
 * fixed-length loops vectorise. */
static inline __attribute__((always_inline)) int bias_rows(float *acc, const float *dout, size_t len, int N, int OC, int W) {
    int n = 0;
    for (; n < N && (size_t)n * OC + W <= len; n++)
        for (int o = 0; o < W; o++) acc[o] += dout[(size_t)n * OC + o];
    return n;
}

/* db[OC] += sum over the N rows of dout[N, OC]: each db[o] summed in row order (as a
 * plain loop would), BIAS_W columns at a time in a local copy that stays in registers. */
#define BIAS_W 64
HOT_KERNEL
void bias_backward(float *db, const float *dout, int N, int OC) {
    size_t total = (size_t)N * OC;
    for (int o0 = 0; o0 < OC; o0 += BIAS_W) {
        int w = OC - o0 < BIAS_W ? OC - o0 : BIAS_W;
        const float *d = dout + o0;
        float acc[BIAS_W] = {0};
        for (int o = 0; o < w; o++) acc[o] = db[o0 + o];
        int n = w <= KW ? bias_rows(acc, d, total - o0, N, OC, KW) : bias_rows(acc, d, total - o0, N, OC, BIAS_W);
        for (; n < N; n++)
            for (int o = 0; o < w; o++) acc[o] += d[(size_t)n * OC + o];
        for (int o = 0; o < w; o++) db[o0 + o] = acc[o];
    }
}

/* Narrow products (Figures 5 and 10: widths 15, 45 and 60), where sgemm spends most of
 * its time outside its inner kernel: out[N, M] = init + x[N, K] @ P[K, M] with P padded
 * to rows of PANEL_W floats, each output row (at most PANEL_W floats, nv vectors) kept in
 * registers for PANEL_ROWS rows at a time and the K products added in order. init is
 * the bias row (b[M], or 0 when NULL) or, with accumulate, out itself. */
#define PANEL_W 64
#define PANEL_ROWS 4   /* (8 for one vector per row measured slower) */
#define PANEL_KMAX 256
static inline __attribute__((always_inline)) void panel_rows(float *out, const float *x, const float *P,
                                                             const float *b, int N, int K, int M,
                                                             int accumulate, int nv) {
    size_t total = (size_t)N * M;
    float bp[PANEL_W] = {0};
    if (b) memcpy(bp, b, M * sizeof(float));
    for (int n0 = 0; n0 < N; n0 += PANEL_ROWS) {
        int nr = N - n0 < PANEL_ROWS ? N - n0 : PANEL_ROWS;
        /* x rows of the block; the last block's missing rows zero */
        float xpad[PANEL_ROWS * PANEL_KMAX];
        const float *xb = x + (size_t)n0 * K;
        if (nr < PANEL_ROWS) {   /* only the first PANEL_ROWS * K floats are read */
            memcpy(xpad, xb, (size_t)nr * K * sizeof(float));
            memset(xpad + nr * K, 0, (size_t)(PANEL_ROWS - nr) * K * sizeof(float));
            xb = xpad;
        }
        v16 acc[PANEL_ROWS][PANEL_W / KW];
        #pragma GCC unroll 4
        for (int r = 0; r < PANEL_ROWS; r++)
            #pragma GCC unroll 4
            for (int v = 0; v < nv; v++) {
                size_t at = (size_t)(n0 + r) * M + v * KW;   /* lanes past M: the next row's, unused */
                float f[KW] = {0};
                if (!accumulate || r >= nr) memcpy(f, bp + v * KW, sizeof f);
                else if (at + KW <= total) memcpy(f, out + at, sizeof f);
                else memcpy(f, out + at, (total - at) * sizeof(float));
                acc[r][v] = vld(f);
            }
        for (int k = 0; k < K; k++) {
            const float *pk = P + (size_t)k * PANEL_W;
            #pragma GCC unroll 4
            for (int r = 0; r < PANEL_ROWS; r++) {
                float xr = xb[(size_t)r * K + k];
                #pragma GCC unroll 4
                for (int v = 0; v < nv; v++) acc[r][v] += xr * vld(pk + v * KW);
            }
        }
        #pragma GCC unroll 4
        for (int r = 0; r < nr; r++) {
            float *o = out + (size_t)(n0 + r) * M;
            /* whole vectors where the lanes past M land on rows written after this one:
             * later rows of the block or (not accumulating: nothing is read from out)
             * of the next blocks, within the buffer */
            size_t end = (size_t)(n0 + r) * M + nv * KW;
            if (end <= (accumulate ? (size_t)(n0 + nr) * M : total))
                #pragma GCC unroll 4
                for (int v = 0; v < nv; v++) vst(o + v * KW, acc[r][v]);
            else {
                float f[PANEL_W];
                #pragma GCC unroll 4
                for (int v = 0; v < nv; v++) vst(f + v * KW, acc[r][v]);
                memcpy(o, f, M * sizeof(float));
            }
        }
    }
}

HOT_KERNEL
static void panel_product(float *out, const float *x, const float *P, const float *b, int N, int K, int M, int accumulate) {
    switch ((M + KW - 1) / KW) {   /* one copy per number of vectors, so that acc stays in registers */
    case 1: panel_rows(out, x, P, b, N, K, M, accumulate, 1); break;
    case 2: panel_rows(out, x, P, b, N, K, M, accumulate, 2); break;
    case 3: panel_rows(out, x, P, b, N, K, M, accumulate, 3); break;
    default: panel_rows(out, x, P, b, N, K, M, accumulate, 4); break;
    }
}

void linear_forward(float *out, const float *inp, const float *w, const float *b, int N, int C, int OC) {
    if (OC <= PANEL_W && C <= PANEL_KMAX) {      /* P[c, o] = w[o, c] */
        float P[C * PANEL_W];
        memset(P, 0, sizeof P);
        for (int o = 0; o < OC; o++)
            for (int c = 0; c < C; c++) P[c * PANEL_W + o] = w[(size_t)o * C + c];
        panel_product(out, inp, P, b, N, C, OC, 0);
        return;
    }
    if (b) bias_fill(out, b, N, OC);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, N, OC, C, 1.0f, inp, C, w, C,
                b ? 1.0f : 0.0f, out, OC);
}

void linear_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w, int N, int C, int OC) {
    if (dinp && C <= PANEL_W && OC <= PANEL_KMAX) {   /* dinp[N,C] += dout[N,OC] @ w[OC,C], P = w padded */
        float P[OC * PANEL_W];
        memset(P, 0, sizeof P);
        for (int o = 0; o < OC; o++) memcpy(P + o * PANEL_W, w + (size_t)o * C, C * sizeof(float));
        panel_product(dinp, dout, P, NULL, N, OC, C, 1);
    } else if (dinp)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, C, OC, 1.0f, dout, OC, w, C,
                    1.0f, dinp, C);
    /* dw[OC,C] += dout^T[OC,N] @ inp[N,C] */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, OC, C, N, 1.0f, dout, OC, inp, C,
                1.0f, dw, C);
    if (db) bias_backward(db, dout, N, OC);
}

void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *g, const float *b, int N, int C) {
    if (C <= KW && N < NN_PAR_ROWS) { layernorm_forward_kw(out, mean, rstd, inp, g, b, N, C); return; }
    #pragma omp parallel for if (N >= NN_PAR_ROWS) schedule(static)
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C;
        float *y = out + (size_t)n * C;
        float m = 0.0f;
        for (int i = 0; i < C; i++) m += x[i];
        m /= C;
        float v = 0.0f;
        for (int i = 0; i < C; i++) { float dx = x[i] - m; v += dx * dx; }
        v /= C;
        float s = 1.0f / sqrtf(v + 1e-5f);
        for (int i = 0; i < C; i++) y[i] = (x[i] - m) * s * g[i] + b[i];
        mean[n] = m;
        rstd[n] = s;
    }
}

void layernorm_backward(float *dinp, float *dg, float *db, const float *dout, const float *inp, const float *g, const float *mean, const float *rstd, int N, int C) {
    if (C <= KW && N < NN_PAR_ROWS) { layernorm_backward_kw(dinp, dg, db, dout, inp, g, mean, rstd, N, C); return; }
    /* dinp: rows are independent, split them over the cores. */
    #pragma omp parallel for if (N >= NN_PAR_ROWS) schedule(static)
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C, *dy = dout + (size_t)n * C;
        float *dx = dinp + (size_t)n * C;
        float m = mean[n], s = rstd[n];
        float dnorm_mean = 0.0f, dnorm_norm_mean = 0.0f;
        for (int i = 0; i < C; i++) {
            float norm = (x[i] - m) * s;
            float dnorm = g[i] * dy[i];
            dnorm_mean += dnorm;
            dnorm_norm_mean += dnorm * norm;
        }
        dnorm_mean /= C;
        dnorm_norm_mean /= C;
        for (int i = 0; i < C; i++) {
            float norm = (x[i] - m) * s;
            float dnorm = g[i] * dy[i];
            dx[i] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
        }
    }
    /* dg, db: sums over rows, kept serial so the result does not depend on threads. */
    if (dg || db)
        for (int n = 0; n < N; n++) {
            const float *x = inp + (size_t)n * C, *dy = dout + (size_t)n * C;
            float m = mean[n], s = rstd[n];
            for (int i = 0; i < C; i++) {
                if (dg) dg[i] += (x[i] - m) * s * dy[i];
                if (db) db[i] += dy[i];
            }
        }
}

/* Branch-free, in vectors of KW lanes (signs are random: a branch per element would be
 * mispredicted half the time; explicit vectors, since the arrays may alias and the
 * vectoriser would otherwise keep the loops scalar). */
/* x where pos > 0, else 0 */
static inline __attribute__((always_inline)) v16 where_pos(v16 pos, v16 x) { return (v16)((vi16)x & (pos > 0.0f)); }

HOT_KERNEL
void relu_forward(float *out, const float *inp, size_t n) {
    size_t i = 0;
    for (; i + KW <= n; i += KW) { v16 x = vld(inp + i); vst(out + i, where_pos(x, x)); }
    for (; i < n; i++) out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
}

HOT_KERNEL
void relu_backward(float *dinp, const float *dout, const float *inp, size_t n) {
    size_t i = 0;
    for (; i + KW <= n; i += KW) vst(dinp + i, vld(dinp + i) + where_pos(vld(inp + i), vld(dout + i)));
    for (; i < n; i++) dinp[i] += inp[i] > 0.0f ? dout[i] : 0.0f;
}

HOT_KERNEL
void relu_backward_inplace(float *d, const float *out, size_t n) {
    size_t i = 0;
    for (; i + KW <= n; i += KW) vst(d + i, where_pos(vld(out + i), vld(d + i)));
    for (; i < n; i++) d[i] = out[i] > 0.0f ? d[i] : 0.0f;
}

void residual_forward(float *out, const float *a, const float *b, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

void residual_backward(float *da, float *db, const float *dout, size_t n) {
    for (size_t i = 0; i < n; i++) { da[i] += dout[i]; db[i] += dout[i]; }
}

float mse_forward(const float *pred, int pred_stride, const float *target, int target_stride, int N, int D) {
    double sum = 0.0;   /* double: N*D can be millions of terms */
    for (int n = 0; n < N; n++) {
        const float *p = pred + (size_t)n * pred_stride, *t = target + (size_t)n * target_stride;
        for (int i = 0; i < D; i++) { double e = (double)p[i] - t[i]; sum += e * e; }
    }
    return (float)(sum / ((double)N * D));
}

void mse_backward(float *dpred, const float *pred, int pred_stride, const float *target, int target_stride, int N, int D) {
    float scale = (float)(2.0 / ((double)N * D));
    for (int n = 0; n < N; n++) {
        const float *p = pred + (size_t)n * pred_stride, *t = target + (size_t)n * target_stride;
        float *dp = dpred + (size_t)n * pred_stride;
        for (int i = 0; i < D; i++) dp[i] += scale * (p[i] - t[i]);
    }
}

void softmax_forward(float *p, int n) {
    float mx = -INFINITY;
    for (int u = 0; u < n; u++) if (p[u] > mx) mx = p[u];
    float sum = 0.0f;
    for (int u = 0; u < n; u++) { p[u] = expf(p[u] - mx); sum += p[u]; }
    float inv = 1.0f / sum;
    for (int u = 0; u < n; u++) p[u] *= inv;
}

void softmax_backward(float *ds, const float *dp, const float *p, int n) {
    float dot = 0.0f;
    for (int u = 0; u < n; u++) dot += p[u] * dp[u];
    for (int u = 0; u < n; u++) ds[u] = p[u] * (dp[u] - dot);
}

void uniform_init(float *w, size_t n, float bound, Rng *r) {
    for (size_t i = 0; i < n; i++) w[i] = (float)((2.0 * rng_uniform(r) - 1.0) * bound);
}
