/* tokatt.c — see tokatt.h. */
#include "tokatt.h"
#include "simd.h"
#include <math.h>
#include <string.h>

#define L TOKATT_LANES
_Static_assert(TOKATT_LANES == KW, "the lanes of the token attention are one v16");
typedef v16 vf;

size_t tokatt_work_floats(int T) { return 2 * (size_t)T * T * L; }

/* Entry (e, t) of a feature-major array X is X + e*fs + t*L. The kernels work on blocks
 * of 4 x 4 (query times x key times, or times x features): per step, 8 loaded vectors
 * feed 16 multiply-adds held in registers. Every output is still the same chain of
 * multiply-adds, in the same order (features e = 0..E-1 for a score, times ascending for
 * a mix), as the one-at-a-time formula, so the result does not depend on the blocking.
 * Blocks run past the causal triangle, the last time and the last feature; the entries
 * out there are computed from clamped (valid) times and features and thrown away.
 * [T, T, L] arrays of work hold one vector of L lanes per (t, u), u <= t. */
enum { TB = 4 };

/* i, or n - 1 past the end: the clamped time or feature of a block's entry. */
static inline int clamp_index(int i, int n) { return i < n ? i : n - 1; }

/* A 4 x 4 block of vectors: zeroed, o[i][j] += a[i] b[j], and stored as times r0 + i
 * (those < T) of features e0 + j (those < E): out[e0 + j, r0 + i] = o[i][j]. */
static inline __attribute__((always_inline)) void block_zero(vf o[TB][TB]) {
#pragma GCC unroll 4
    for (int i = 0; i < TB; i++)
#pragma GCC unroll 4
        for (int j = 0; j < TB; j++) o[i][j] = (vf){0};
}
static inline __attribute__((always_inline)) void block_add_outer(vf o[TB][TB], const vf a[TB], const vf b[TB]) {
#pragma GCC unroll 4
    for (int i = 0; i < TB; i++)
#pragma GCC unroll 4
        for (int j = 0; j < TB; j++) o[i][j] += a[i] * b[j];
}
static inline __attribute__((always_inline)) void block_store(float *out, vf o[TB][TB], size_t fs, int e0, int r0,
                                                              int T, int E) {
#pragma GCC unroll 4
    for (int i = 0; i < TB; i++)
#pragma GCC unroll 4
        for (int j = 0; j < TB; j++)
            if (r0 + i < T && e0 + j < E) vst(out + (e0 + j) * fs + (size_t)(r0 + i) * L, o[i][j]);
}

/* s[i][j] = a_{t0+i} . b_{u0+j} = sum_e a[e, t0+i] b[e, u0+j], e ascending (times past
 * T - 1 clamped). */
static inline __attribute__((always_inline)) void dot4x4(vf s[TB][TB], const float *a, const float *b,
                                                         size_t fs, int t0, int u0, int T, int E) {
    const float *ar[TB], *br[TB];
#pragma GCC unroll 4
    for (int i = 0; i < TB; i++) {
        ar[i] = a + (size_t)clamp_index(t0 + i, T) * L;
        br[i] = b + (size_t)clamp_index(u0 + i, T) * L;
    }
    block_zero(s);
    for (int e = 0; e < E; e++) {
        vf x[TB], y[TB];
#pragma GCC unroll 4
        for (int i = 0; i < TB; i++) { x[i] = vld(ar[i] + e * fs); y[i] = vld(br[i] + e * fs); }
        block_add_outer(s, x, y);
    }
}

/* The score loop of both passes: A[t, u] = (q_t . k_u) (pi[t,u] scale) for t = t0..t0+3
 * (< T) and u <= t, or (q_t . k_u) scale when pi is NULL: A is [T, T, L]. (The
 * backward's other scores, dy_t . v_u, are this with q = dy, k = v and scale 1.) */
static inline __attribute__((always_inline)) void scores4(float *A, const float *q, const float *k, size_t fs,
                                                          const float *pi, float scale, int t0, int T, int E) {
    for (int u0 = 0; u0 <= t0; u0 += TB) {
        vf g[TB][TB];
        dot4x4(g, q, k, fs, t0, u0, T, E);
#pragma GCC unroll 4
        for (int i = 0; i < TB; i++)
#pragma GCC unroll 4
            for (int j = 0; j < TB; j++) {
                size_t t = t0 + i, u = u0 + j;
                if (t < (size_t)T && u <= t) vst(A + (t * T + u) * L, g[i][j] * (pi ? pi[t * T + u] * scale : scale));
            }
    }
}

/* out[e, t] = sum_{u <= t} w[t, u] x[e, u], u ascending, for t = t0..t0+3 (< T) and
 * every feature e: w is [T, T, L]; out and x are feature-major. The forward's y from
 * the attention weights and v, the backward's dq from the score gradients and k. */
static inline __attribute__((always_inline)) void causal_mix4(float *out, const float *w, const float *x,
                                                              size_t fs, int t0, int T, int E) {
    const float *wr[TB];
#pragma GCC unroll 4
    for (int i = 0; i < TB; i++) wr[i] = w + (size_t)clamp_index(t0 + i, T) * T * L;
    int ulast = clamp_index(t0 + TB - 1, T);
    for (int e = 0; e < E; e += TB) {
        const float *xc[TB];
#pragma GCC unroll 4
        for (int c = 0; c < TB; c++) xc[c] = x + clamp_index(e + c, E) * fs;
        vf o[TB][TB];   /* [time i][feature c] */
        block_zero(o);
        for (int u = 0; u <= t0; u++) {
            vf wu[TB], xu[TB];
#pragma GCC unroll 4
            for (int i = 0; i < TB; i++) { wu[i] = vld(wr[i] + (size_t)u * L); xu[i] = vld(xc[i] + (size_t)u * L); }
            block_add_outer(o, wu, xu);
        }
        for (int u = t0 + 1; u <= ulast; u++)          /* the triangle: times t >= u */
#pragma GCC unroll 4
            for (int i = 1; i < TB; i++)
                if (t0 + i >= u) {
                    vf wu = vld(wr[i] + (size_t)u * L);
#pragma GCC unroll 4
                    for (int c = 0; c < TB; c++) o[i][c] += wu * vld(xc[c] + (size_t)u * L);
                }
        block_store(out, o, fs, e, t0, T, E);
    }
}

/* out[e, u] = sum_{t >= u} w[t, u] x[e, t], t ascending, for u = u0..u0+3 (< T) and
 * every feature e: w is [T, T, L]. The backward's dk (from the score gradients and q)
 * and dv (from the attention weights and dy). */
static inline __attribute__((always_inline)) void anticausal_mix4(float *out, const float *w, const float *x,
                                                                  size_t fs, int u0, int T, int E) {
    for (int e = 0; e < E; e += TB) {
        const float *xc[TB];
#pragma GCC unroll 4
        for (int c = 0; c < TB; c++) xc[c] = x + clamp_index(e + c, E) * fs;
        vf o[TB][TB];   /* [key time j][feature c] */
        block_zero(o);
        for (int t = u0; t < u0 + TB - 1 && t < T; t++)   /* the triangle: keys u <= t */
#pragma GCC unroll 4
            for (int j = 0; j < TB - 1; j++)
                if (u0 + j <= t) {
                    vf wt = vld(w + ((size_t)t * T + u0 + j) * L);
#pragma GCC unroll 4
                    for (int c = 0; c < TB; c++) o[j][c] += wt * vld(xc[c] + (size_t)t * L);
                }
        for (int t = u0 + TB - 1; t < T; t++) {
            vf wt[TB], xt[TB];
#pragma GCC unroll 4
            for (int j = 0; j < TB; j++) { wt[j] = vld(w + ((size_t)t * T + u0 + j) * L); xt[j] = vld(xc[j] + (size_t)t * L); }
            block_add_outer(o, wt, xt);
        }
        block_store(out, o, fs, e, u0, T, E);
    }
}

/* Load one word of every cache line of the feature-major array x (E rows of T vectors at
 * stride fs), in address order. The kernels visit a head's arrays in block order, which
 * the hardware prefetchers do not follow: with many heads per chunk the head's inputs and
 * outputs are out of cache, and this sweep first brings them in at streaming speed
 * (measured on the 2-core reference machine: a fifth less time per head at H = 64 and
 * E = 20, no change at H = 4; software prefetch hints did not help). */
static inline void sweep_into_cache(const float *x, size_t fs, int T, int E) {
    unsigned acc = 0;
    for (int e = 0; e < E; e++) {
        const float *row = x + e * fs;
        size_t n = (size_t)T * L;
        for (size_t i = 0; i < n; i += 64 / sizeof(float)) {
            unsigned w;
            memcpy(&w, row + i, sizeof w);
            acc ^= w;
        }
        unsigned last;
        memcpy(&last, row + n - 1, sizeof last);   /* the row's last line when not aligned */
        acc ^= last;
    }
    __asm__ __volatile__("" : : "r"(acc));   /* keeps the loads */
}

HOT_KERNEL void tokatt_forward(float *y, const float *q, const float *k, const float *v, size_t fs,
                           const float *pi, int T, int E, float *work) {
    float scale = 1.0f / sqrtf((float)E);
    const float *arrays[] = {q, k, v, y};
    for (int i = 0; i < 4; i++) sweep_into_cache(arrays[i], fs, T, E);
    float *A = work;   /* [T, T, L] attention weights a[t, u] = (q_t . k_u) pi[t,u] / sqrt(E) */
    for (int t0 = 0; t0 < T; t0 += TB) {
        scores4(A, q, k, fs, pi, scale, t0, T, E);
        causal_mix4(y, A, v, fs, t0, T, E);   /* y[e, t] = sum_u a[t, u] v[e, u] */
    }
}

/* The backward's step between the score products and the mixes, on the triangle u <= t
 * of [T, T, L] arrays: from the scaled scores g[t,u] = q_t . k_u / sqrt(E) in A and
 * da[t,u] = dy_t . v_u in DG, dpi[t,u] += the sum over the lanes of g da (in lane order);
 * then A := g pi (the attention weights) and DG := da pi / sqrt(E) (d loss / d (q_t . k_u)). */
static inline __attribute__((always_inline)) void weights_backward(float *A, float *DG, float *dpi, const float *pi,
                                                                   float scale, int T) {
    for (int t = 0; t < T; t++)
        for (int u = 0; u <= t; u++) {
            size_t tu = (size_t)t * T + u;
            vf g = vld(A + tu * L), da = vld(DG + tu * L), gd = g * da;
            float p = pi[tu], sum = 0.0f;
            for (int l = 0; l < L; l++) sum += gd[l];
            dpi[tu] += sum;
            vst(A + tu * L, g * p);
            vst(DG + tu * L, da * (p * scale));
        }
}

HOT_KERNEL void tokatt_backward(float *dq, float *dk, float *dv, float *dpi, const float *dy,
                            const float *q, const float *k, const float *v, size_t fs,
                            const float *pi, int T, int E, float *work) {
    float scale = 1.0f / sqrtf((float)E);
    const float *arrays[] = {q, k, v, dy, dq, dk, dv};
    for (int i = 0; i < 7; i++) sweep_into_cache(arrays[i], fs, T, E);
    float *A = work, *DG = work + (size_t)T * T * L;   /* [T, T, L] */
    for (int t0 = 0; t0 < T; t0 += TB) {
        scores4(A, q, k, fs, NULL, scale, t0, T, E);   /* A[t,u] = q_t . k_u / sqrt(E) */
        scores4(DG, dy, v, fs, NULL, 1.0f, t0, T, E);  /* DG[t,u] = dy_t . v_u */
    }
    weights_backward(A, DG, dpi, pi, scale, T);
    for (int t0 = 0; t0 < T; t0 += TB) causal_mix4(dq, DG, k, fs, t0, T, E);       /* dq_t = sum_{u<=t} DG[t,u] k_u */
    for (int u0 = 0; u0 < T; u0 += TB) {
        anticausal_mix4(dk, DG, q, fs, u0, T, E);   /* dk_u = sum_{t>=u} DG[t,u] q_t */
        anticausal_mix4(dv, A, dy, fs, u0, T, E);   /* dv_u = sum_{t>=u} A[t,u] dy_t */
    }
}
