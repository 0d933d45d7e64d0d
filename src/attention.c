/* attention.c — see attention.h. The inner loops run over contiguous rows of E floats
 * so that the compiler vectorises them; the models split sequences over the cores. */
#include "attention.h"
#include "err.h"
#include "simd.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Fast path for E <= KW: q, k, v rows copied into zero-padded arrays of KW floats so
 * that every loop has the fixed length KW; the outer loops are unrolled so that the
 * KW x KW state stays in vector registers. Forward keeps S[i][j]; the backward keeps
 * the transposed state St[j][i] for dq (a sum over j of rows of St) and both G and
 * its transpose for dv and dk. Sums over 16 terms run as KP interleaved partial sums. */
#define KP 4
/* dst[KW] = scale * src[0..n), zero padded; with wide != 0 the buffer holds KW floats
 * from src on, read as one vector (lanes past n belong to the next row and are dropped). */
static inline __attribute__((always_inline)) void pad_row(float *dst, const float *src, int n, int wide, float scale) {
    if (wide) for (int j = 0; j < KW; j++) { float x = src[j] * scale; dst[j] = j < n ? x : 0.0f; }
    else      for (int j = 0; j < n; j++) dst[j] = src[j] * scale;
}
HOT_KERNEL
static void linattn_forward_kw(float *att, const float *qkv, int T, int E) {
    float S[KW * KW] = {0};
    float scale = 1.0f / sqrtf((float)E);
    for (int t = 0; t < T; t++) {
        const float *q = qkv + (size_t)t * 3 * E, *k = q + E, *v = q + 2 * E;
        float qp[KW] = {0}, kp[KW] = {0}, vp[KW] = {0}, a[KP][KW] = {{0}};
        int wide = (size_t)t * 3 * E + 2 * E + KW <= (size_t)T * 3 * E;
        pad_row(qp, q, E, wide, scale); pad_row(kp, k, E, wide, 1.0f); pad_row(vp, v, E, wide, 1.0f);
        #pragma GCC unroll 16
        for (int i = 0; i < KW; i++)            /* KP partial sums: short dependency chains */
            for (int j = 0; j < KW; j++) {
                S[i * KW + j] += kp[i] * vp[j];
                a[i % KP][j] += qp[i] * S[i * KW + j];
            }
        for (int j = 0; j < E; j++) att[(size_t)t * E + j] = (a[0][j] + a[1][j]) + (a[2][j] + a[3][j]);
    }
}
HOT_KERNEL
static void linattn_backward_kw(float *dqkv, const float *datt, const float *qkv, int T, int E) {
    float scale = 1.0f / sqrtf((float)E);
    float M[KW * KW] = {0};
    for (int t = 0; t < T; t++) {
        const float *k = qkv + (size_t)t * 3 * E + E, *v = k + E, *da = datt + (size_t)t * E;
        float *dq = dqkv + (size_t)t * 3 * E;
        float kp[KW] = {0}, vp[KW] = {0}, dp[KW] = {0}, acc[KP][KW] = {{0}};
        int wide = (size_t)t * 3 * E + 2 * E + KW <= (size_t)T * 3 * E && (size_t)t * E + KW <= (size_t)T * E;
        pad_row(kp, k, E, wide, 1.0f); pad_row(vp, v, E, wide, 1.0f); pad_row(dp, da, E, wide, scale);
        #pragma GCC unroll 16
        for (int j = 0; j < KW; j++)
            for (int i = 0; i < KW; i++) { M[j * KW + i] += vp[j] * kp[i]; acc[j % KP][i] += dp[j] * M[j * KW + i]; }
        for (int i = 0; i < E; i++) dq[i] += (acc[0][i] + acc[1][i]) + (acc[2][i] + acc[3][i]);
    }
    float G[KW * KW] = {0}, Gt[KW * KW] = {0};
    for (int t = T - 1; t >= 0; t--) {
        const float *q = qkv + (size_t)t * 3 * E, *k = q + E, *v = q + 2 * E, *da = datt + (size_t)t * E;
        float *dk = dqkv + (size_t)t * 3 * E + E, *dv = dk + E;
        float qp[KW] = {0}, kp[KW] = {0}, vp[KW] = {0}, dp[KW] = {0}, a1[KP][KW] = {{0}}, a2[KP][KW] = {{0}};
        int wide = (size_t)t * 3 * E + 2 * E + KW <= (size_t)T * 3 * E && (size_t)t * E + KW <= (size_t)T * E;
        pad_row(qp, q, E, wide, 1.0f); pad_row(kp, k, E, wide, 1.0f);
        pad_row(vp, v, E, wide, 1.0f); pad_row(dp, da, E, wide, scale);
        #pragma GCC unroll 16
        for (int i = 0; i < KW; i++)
            for (int j = 0; j < KW; j++) { G[i * KW + j] += qp[i] * dp[j]; a2[i % KP][j] += kp[i] * G[i * KW + j]; }
        #pragma GCC unroll 16
        for (int j = 0; j < KW; j++)
            for (int i = 0; i < KW; i++) { Gt[j * KW + i] += dp[j] * qp[i]; a1[j % KP][i] += vp[j] * Gt[j * KW + i]; }
        for (int i = 0; i < E; i++) {
            dk[i] += (a1[0][i] + a1[1][i]) + (a1[2][i] + a1[3][i]);
            dv[i] += (a2[0][i] + a2[1][i]) + (a2[2][i] + a2[3][i]);
        }
    }
}
void linattn_forward(float *att, const float *qkv, int T, int E) {
    if (E <= KW) { linattn_forward_kw(att, qkv, T, E); return; }
    float *S = calloc((size_t)E * E, sizeof *S);   /* running state S_t = sum_{t'<=t} k_t' v_t'^T */
    if (!S) die("out of memory in linattn_forward");
    float scale = 1.0f / sqrtf((float)E);
    for (int t = 0; t < T; t++) {
        const float *q = qkv + (size_t)t * 3 * E, *k = q + E, *v = q + 2 * E;
        float *a = att + (size_t)t * E;
        for (int i = 0; i < E; i++)
            for (int j = 0; j < E; j++) S[i * E + j] += k[i] * v[j];
        for (int j = 0; j < E; j++) a[j] = 0.0f;
        for (int i = 0; i < E; i++) {
            float qi = q[i] * scale;
            for (int j = 0; j < E; j++) a[j] += qi * S[i * E + j];
        }
    }
    free(S);
}

void linattn_backward(float *dqkv, const float *datt, const float *qkv, int T, int E, float *scratch) {
    if (E <= KW) { linattn_backward_kw(dqkv, datt, qkv, T, E); return; }
    float scale = 1.0f / sqrtf((float)E);
    float *S = scratch;
    /* forward sweep: dq_t = S_t datt_t / sqrt(E) */
    memset(S, 0, (size_t)E * E * sizeof *S);
    for (int t = 0; t < T; t++) {
        const float *k = qkv + (size_t)t * 3 * E + E, *v = k + E, *da = datt + (size_t)t * E;
        float *dq = dqkv + (size_t)t * 3 * E;
        for (int i = 0; i < E; i++) {
            float acc = 0.0f;
            for (int j = 0; j < E; j++) {
                S[i * E + j] += k[i] * v[j];
                acc += S[i * E + j] * da[j];
            }
            dq[i] += scale * acc;
        }
    }
    /* backward sweep: G = sum_{t >= t'} q_t datt_t^T / sqrt(E); dk = G v, dv = G^T k */
    float *G = scratch;
    memset(G, 0, (size_t)E * E * sizeof *G);
    for (int t = T - 1; t >= 0; t--) {
        const float *q = qkv + (size_t)t * 3 * E, *k = q + E, *v = q + 2 * E, *da = datt + (size_t)t * E;
        float *dk = dqkv + (size_t)t * 3 * E + E, *dv = dk + E;
        for (int i = 0; i < E; i++) {
            float qi = q[i] * scale, acc = 0.0f;
            for (int j = 0; j < E; j++) {
                G[i * E + j] += qi * da[j];
                acc += G[i * E + j] * v[j];
            }
            dk[i] += acc;
        }
        for (int i = 0; i < E; i++) {
            float ki = k[i];
            for (int j = 0; j < E; j++) dv[j] += G[i * E + j] * ki;
        }
    }
}

/* Softmax attention fast path (T <= TMAX, head width <= HMAX): per head, keys and values
 * are transposed into [HMAX][TMAX] arrays so that every loop runs over blocks of TB keys
 * (only the blocks that hold keys t' <= t), which vectorise; exp is evaluated by exp_neg. */
#define TB 16          /* keys per block */
#define TMAX 64
#define HMAX 8

/* exp(x) for x <= 0 (softmax after subtracting the max), Cephes-style: x = n ln2 + r,
 * exp(r) by a degree-6 polynomial, 2^n by the exponent bits; relative error ~2e-7;
 * exp(x) = 0 below -87. Written element-wise so that loops over it vectorise. */
typedef float vf16 __attribute__((vector_size(TB * sizeof(float))));
typedef int32_t vi16 __attribute__((vector_size(TB * sizeof(int32_t))));

/* x[j] <- exp(x[j] - shift) for TB lanes (GCC vector extensions, so that it vectorises on
 * every target), the argument clamped to [-87, 0]: x = n ln2 + r, exp(r) by a degree-6
 * polynomial (Cephes expf), 2^n through the exponent bits; relative error about 1e-7. */
static inline void exp_neg(float *xs, float shift) {
    vf16 x;
    memcpy(&x, xs, sizeof x);
    x = x - shift;
    vf16 lo = x * 0.0f - 87.0f, hi = x * 0.0f;
    x = (vf16)(((vi16)x & ~(x < lo)) | ((vi16)lo & (x < lo)));
    x = (vf16)(((vi16)x & ~(x > hi)) | ((vi16)hi & (x > hi)));
    vi16 ni = __builtin_convertvector(x * 1.44269504088896341f + 128.5f, vi16) - 128;  /* round */
    vf16 n = __builtin_convertvector(ni, vf16);
    vf16 r = x - n * 0.693359375f + n * 2.12194440e-4f;
    vf16 p = r * 1.9875691500E-4f + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    p = p * r * r + r + 1.0f;
    x = p * (vf16)((ni + 127) << 23);
    memcpy(xs, &x, sizeof x);
}

HOT_KERNEL
static void softattn_forward_fast(float *att, float *prob, const float *qkv, int T, int E, int NH) {
    int hd = E / NH;
    float scale = 1.0f / sqrtf((float)hd);
    float kT[HMAX][TMAX], vT[HMAX][TMAX];
    for (int h = 0; h < NH; h++) {
        for (int u = 0; u < TMAX; u++)
            for (int i = 0; i < HMAX; i++) {
                kT[i][u] = (u < T && i < hd) ? qkv[(size_t)u * 3 * E + E + h * hd + i] : 0.0f;
                vT[i][u] = (u < T && i < hd) ? qkv[(size_t)u * 3 * E + 2 * E + h * hd + i] : 0.0f;
            }
        for (int t = 0; t < T; t++) {
            const float *q = qkv + (size_t)t * 3 * E + h * hd;
            float *p = prob + ((size_t)h * T + t) * T;
            int nb = t / TB + 1;
            float s[TMAX];
            for (int b = 0; b < nb; b++) {
                float acc[TB] = {0};
                for (int i = 0; i < hd; i++) {
                    float qi = q[i] * scale;
                    for (int j = 0; j < TB; j++) acc[j] += qi * kT[i][b * TB + j];
                }
                for (int j = 0; j < TB; j++) s[b * TB + j] = acc[j];
            }
            float mx = -INFINITY;
            for (int u = 0; u <= t; u++) mx = s[u] > mx ? s[u] : mx;
            float sum = 0.0f;
            for (int b = 0; b < nb; b++) {
                exp_neg(s + b * TB, mx);
                for (int j = 0; j < TB; j++) {
                    s[b * TB + j] = b * TB + j <= t ? s[b * TB + j] : 0.0f;
                    sum += s[b * TB + j];
                }
            }
            float inv = 1.0f / sum;
            for (int u = 0; u < nb * TB; u++) s[u] *= inv;
            memcpy(p, s, (size_t)(t + 1) * sizeof(float));
            for (int u = t + 1; u < T; u++) p[u] = 0.0f;
            float *a = att + (size_t)t * E + h * hd;
            for (int i = 0; i < hd; i++) {
                float acc[TB] = {0};
                for (int b = 0; b < nb; b++)
                    for (int j = 0; j < TB; j++) acc[j] += s[b * TB + j] * vT[i][b * TB + j];
                float r = 0.0f;
                for (int j = 0; j < TB; j++) r += acc[j];
                a[i] = r;
            }
        }
    }
}

HOT_KERNEL
static void softattn_backward_fast(float *dqkv, const float *datt, const float *qkv, const float *prob, int T, int E, int NH) {
    int hd = E / NH;
    float scale = 1.0f / sqrtf((float)hd);
    float kT[HMAX][TMAX], vT[HMAX][TMAX], dkT[HMAX][TMAX], dvT[HMAX][TMAX];
    for (int h = 0; h < NH; h++) {
        for (int u = 0; u < TMAX; u++)
            for (int i = 0; i < HMAX; i++) {
                kT[i][u] = (u < T && i < hd) ? qkv[(size_t)u * 3 * E + E + h * hd + i] : 0.0f;
                vT[i][u] = (u < T && i < hd) ? qkv[(size_t)u * 3 * E + 2 * E + h * hd + i] : 0.0f;
                dkT[i][u] = 0.0f;
                dvT[i][u] = 0.0f;
            }
        for (int t = 0; t < T; t++) {
            const float *pr = prob + ((size_t)h * T + t) * T;
            const float *da = datt + (size_t)t * E + h * hd;
            const float *q = qkv + (size_t)t * 3 * E + h * hd;
            float *dq = dqkv + (size_t)t * 3 * E + h * hd;
            int nb = t / TB + 1;
            float p[TMAX], dp[TMAX];
            for (int u = 0; u < nb * TB; u++) p[u] = u <= t ? pr[u] : 0.0f;
            for (int b = 0; b < nb; b++) {
                float acc[TB] = {0};
                for (int i = 0; i < hd; i++) {
                    float di = da[i];
                    for (int j = 0; j < TB; j++) {
                        acc[j] += di * vT[i][b * TB + j];
                        dvT[i][b * TB + j] += di * p[b * TB + j];
                    }
                }
                for (int j = 0; j < TB; j++) dp[b * TB + j] = acc[j];
            }
            float dot = 0.0f;
            {
                float acc[TB] = {0};
                for (int b = 0; b < nb; b++)
                    for (int j = 0; j < TB; j++) acc[j] += dp[b * TB + j] * p[b * TB + j];
                for (int j = 0; j < TB; j++) dot += acc[j];
            }
            for (int u = 0; u < nb * TB; u++) dp[u] = p[u] * (dp[u] - dot) * scale;   /* d score */
            for (int i = 0; i < hd; i++) {
                float qi = q[i], acc[TB] = {0};
                for (int b = 0; b < nb; b++)
                    for (int j = 0; j < TB; j++) {
                        acc[j] += dp[b * TB + j] * kT[i][b * TB + j];
                        dkT[i][b * TB + j] += qi * dp[b * TB + j];
                    }
                float r = 0.0f;
                for (int j = 0; j < TB; j++) r += acc[j];
                dq[i] += r;
            }
        }
        for (int u = 0; u < T; u++)
            for (int i = 0; i < hd; i++) {
                dqkv[(size_t)u * 3 * E + E + h * hd + i] += dkT[i][u];
                dqkv[(size_t)u * 3 * E + 2 * E + h * hd + i] += dvT[i][u];
            }
    }
}

void softattn_forward(float *att, float *prob, const float *qkv, int T, int E, int NH) {
    int hd = E / NH;
    if (T <= TMAX && hd <= HMAX) { softattn_forward_fast(att, prob, qkv, T, E, NH); return; }
    float scale = 1.0f / sqrtf((float)hd);
    for (int h = 0; h < NH; h++)
        for (int t = 0; t < T; t++) {
            const float *q = qkv + (size_t)t * 3 * E + h * hd;
            float *p = prob + ((size_t)h * T + t) * T;
            float mx = -INFINITY;
            for (int u = 0; u <= t; u++) {
                const float *k = qkv + (size_t)u * 3 * E + E + h * hd;
                float s = 0.0f;
                for (int i = 0; i < hd; i++) s += q[i] * k[i];
                p[u] = s * scale;
                if (p[u] > mx) mx = p[u];
            }
            float sum = 0.0f;
            for (int u = 0; u <= t; u++) { p[u] = expf(p[u] - mx); sum += p[u]; }
            float inv = 1.0f / sum;
            for (int u = 0; u <= t; u++) p[u] *= inv;
            for (int u = t + 1; u < T; u++) p[u] = 0.0f;
            float *a = att + (size_t)t * E + h * hd;
            for (int i = 0; i < hd; i++) a[i] = 0.0f;
            for (int u = 0; u <= t; u++) {
                const float *v = qkv + (size_t)u * 3 * E + 2 * E + h * hd;
                for (int i = 0; i < hd; i++) a[i] += p[u] * v[i];
            }
        }
}

void softattn_backward(float *dqkv, const float *datt, const float *qkv, const float *prob, int T, int E, int NH, float *scratch) {
    int hd = E / NH;
    if (T <= TMAX && hd <= HMAX) { softattn_backward_fast(dqkv, datt, qkv, prob, T, E, NH); return; }
    float scale = 1.0f / sqrtf((float)hd);
    float *dp = scratch;   /* [T] gradient of one row of probabilities, then of scores */
    for (int h = 0; h < NH; h++)
        for (int t = 0; t < T; t++) {
            const float *p = prob + ((size_t)h * T + t) * T;
            const float *da = datt + (size_t)t * E + h * hd;
            const float *q = qkv + (size_t)t * 3 * E + h * hd;
            float *dq = dqkv + (size_t)t * 3 * E + h * hd;
            float dot = 0.0f;
            for (int u = 0; u <= t; u++) {
                const float *v = qkv + (size_t)u * 3 * E + 2 * E + h * hd;
                float *dv = dqkv + (size_t)u * 3 * E + 2 * E + h * hd;
                float g = 0.0f;
                for (int i = 0; i < hd; i++) { g += da[i] * v[i]; dv[i] += p[u] * da[i]; }
                dp[u] = g;
                dot += g * p[u];
            }
            for (int u = 0; u <= t; u++) {    /* softmax backward, then the scores */
                float ds = p[u] * (dp[u] - dot) * scale;
                const float *k = qkv + (size_t)u * 3 * E + E + h * hd;
                float *dk = dqkv + (size_t)u * 3 * E + E + h * hd;
                for (int i = 0; i < hd; i++) { dq[i] += ds * k[i]; dk[i] += ds * q[i]; }
            }
        }
}
