/* attention.c — see attention.h. The inner loops run over contiguous rows of E floats
 * so that the compiler vectorises them; the models split sequences over the cores. */
#include "attention.h"
#include "err.h"
#include "simd.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Causal linear attention, forward and backward, is four prefix sums over the sequence,
 * each an instance of one sweep:
 *     out_t += scale * sum_i a_t[i] R_t[i],   R_t[i] = sum_{t' <= t} b_t'[i] c_t'   (rows),
 * or with t' >= t when the sweep runs backwards in time. The rows a, b, c are rows of
 * q, k, v or datt, read through Rows views. */
typedef struct { const float *p; size_t stride, len; } Rows;         /* row t at p + t*stride; len floats from p */
typedef struct { float *p; size_t stride, len; } OutRows;

/* Fast path for E <= KW: every row is held as one vector of KW lanes (lanes >= E zero);
 * the KW rows of the state R stay in vector registers, the sum over i runs as KP
 * interleaved partial sums. */
typedef float v16 __attribute__((vector_size(KW * sizeof(float))));
typedef int32_t vi16 __attribute__((vector_size(KW * sizeof(int32_t))));
#define KP 4

/* x = row t of r as KW lanes, lanes >= E zero: one vector load where the array holds
 * KW floats from the row on (the lanes past E are masked off), else a copy of E floats. */
static inline __attribute__((always_inline)) void row_load(v16 *x, Rows r, int t, int E, vi16 keep) {
    const float *src = r.p + (size_t)t * r.stride;
    if ((size_t)t * r.stride + KW <= r.len) { memcpy(x, src, sizeof *x); *x = (v16)((vi16)*x & keep); }
    else { *x = (v16){0}; memcpy(x, src, E * sizeof(float)); }
}
/* Row t of o += x, the lanes >= E of the destination (the next floats) left as they were. */
static inline __attribute__((always_inline)) void row_store(OutRows o, int t, int E, vi16 keep, v16 x) {
    float *dst = o.p + (size_t)t * o.stride;
    if ((size_t)t * o.stride + KW <= o.len) {
        v16 old;
        memcpy(&old, dst, sizeof old);
        x = (v16)(((vi16)(old + x) & keep) | ((vi16)old & ~keep));
        memcpy(dst, &x, sizeof x);
    } else {
        float tmp[KW];
        memcpy(tmp, &x, sizeof tmp);
        for (int j = 0; j < E; j++) dst[j] += tmp[j];
    }
}
HOT_KERNEL
static void sweep_kw(OutRows out, Rows a, Rows b, Rows c, int T, int E, float scale, int reverse) {
    vi16 keep;
    for (int j = 0; j < KW; j++) keep[j] = j < E ? -1 : 0;
    v16 R[KW] = {{0}};
    for (int s = 0; s < T; s++) {
        int t = reverse ? T - 1 - s : s;
        v16 av, bv, cv;
        row_load(&av, a, t, E, keep); row_load(&bv, b, t, E, keep); row_load(&cv, c, t, E, keep);
        float ar[KW], br[KW];
        memcpy(ar, &av, sizeof ar); memcpy(br, &bv, sizeof br);
        v16 part[KP] = {{0}};
        #pragma GCC unroll 16
        for (int i = 0; i < KW; i++) {
            R[i] += br[i] * cv;
            part[i % KP] += ar[i] * R[i];
        }
        row_store(out, t, E, keep, ((part[0] + part[1]) + (part[2] + part[3])) * scale);
    }
}

/* Any E: the state R[E, E] in scratch. */
static void sweep_any(OutRows out, Rows a, Rows b, Rows c, int T, int E, float scale, int reverse, float *R) {
    memset(R, 0, (size_t)E * E * sizeof *R);
    for (int s = 0; s < T; s++) {
        int t = reverse ? T - 1 - s : s;
        const float *ar = a.p + t * a.stride, *br = b.p + t * b.stride, *cr = c.p + t * c.stride;
        float *o = out.p + t * out.stride;
        for (int i = 0; i < E; i++) {
            float ai = ar[i] * scale;
            for (int j = 0; j < E; j++) {
                R[i * E + j] += br[i] * cr[j];
                o[j] += ai * R[i * E + j];
            }
        }
    }
}

static void sweep(OutRows out, Rows a, Rows b, Rows c, int T, int E, int reverse, float *scratch) {
    float scale = 1.0f / sqrtf((float)E);
    if (E <= KW) sweep_kw(out, a, b, c, T, E, scale, reverse);
    else sweep_any(out, a, b, c, T, E, scale, reverse, scratch);
}

/* Part 0, 1, 2 (q, k, v) of the rows of qkv[T, 3E], as Rows or as OutRows. */
static Rows qkv_rows(const float *qkv, int part, int T, int E) {
    return (Rows){qkv + part * E, 3 * (size_t)E, (size_t)T * 3 * E - part * E};
}
static OutRows dqkv_rows(float *dqkv, int part, int T, int E) {
    return (OutRows){dqkv + part * E, 3 * (size_t)E, (size_t)T * 3 * E - part * E};
}

void linattn_forward(float *att, const float *qkv, int T, int E) {
    float *scratch = E <= KW ? NULL : xmalloc((size_t)E * E * sizeof(float));
    memset(att, 0, (size_t)T * E * sizeof *att);
    sweep((OutRows){att, E, (size_t)T * E}, qkv_rows(qkv, 0, T, E), qkv_rows(qkv, 1, T, E),
          qkv_rows(qkv, 2, T, E), T, E, 0, scratch);   /* att_t = sum_i q_t[i] (sum_{t'<=t} k_t'[i] v_t') */
    free(scratch);
}

void linattn_backward(float *dqkv, const float *datt, const float *qkv, int T, int E, float *scratch) {
    Rows q = qkv_rows(qkv, 0, T, E), k = qkv_rows(qkv, 1, T, E), v = qkv_rows(qkv, 2, T, E);
    Rows d = {datt, E, (size_t)T * E};
    sweep(dqkv_rows(dqkv, 0, T, E), d, v, k, T, E, 0, scratch);   /* dq_t  = sum_j d_t[j] (sum_{t'<=t} v_t'[j] k_t') */
    sweep(dqkv_rows(dqkv, 2, T, E), k, q, d, T, E, 1, scratch);   /* dv_t' = sum_i k_t'[i] (sum_{t>=t'} q_t[i] d_t) */
    sweep(dqkv_rows(dqkv, 1, T, E), v, d, q, T, E, 1, scratch);   /* dk_t' = sum_j v_t'[j] (sum_{t>=t'} d_t[j] q_t) */
}

/* Softmax attention fast path (T <= TMAX, head width <= HMAX): per head, keys and values
 * are transposed into [HMAX][TMAX] arrays so that every loop runs over blocks of TB keys
 * (only the blocks that hold keys t' <= t), which vectorise; exp is evaluated by exp_neg. */
#define TB KW          /* keys per block: one v16 */
#define TMAX 64
#define HMAX 8

/* x[j] <- exp(x[j] - shift) for TB lanes (GCC vector extensions, so that it vectorises on
 * every target), the argument clamped to [-87, 0]: x = n ln2 + r, exp(r) by a degree-6
 * polynomial (Cephes expf), 2^n through the exponent bits; relative error about 1e-7. */
static inline void exp_neg(float *xs, float shift) {
    v16 x;
    memcpy(&x, xs, sizeof x);
    x = x - shift;
    v16 lo = x * 0.0f - 87.0f, hi = x * 0.0f;
    x = (v16)(((vi16)x & ~(x < lo)) | ((vi16)lo & (x < lo)));
    x = (v16)(((vi16)x & ~(x > hi)) | ((vi16)hi & (x > hi)));
    vi16 ni = __builtin_convertvector(x * 1.44269504088896341f + 128.5f, vi16) - 128;  /* round */
    v16 n = __builtin_convertvector(ni, v16);
    v16 r = x - n * 0.693359375f + n * 2.12194440e-4f;
    v16 p = r * 1.9875691500E-4f + 1.3981999507E-3f;
    p = p * r + 8.3334519073E-3f;
    p = p * r + 4.1665795894E-2f;
    p = p * r + 1.6666665459E-1f;
    p = p * r + 5.0000001201E-1f;
    p = p * r * r + r + 1.0f;
    x = p * (v16)((ni + 127) << 23);
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
