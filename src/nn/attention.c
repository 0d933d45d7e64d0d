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

Tensor *attn_tensors(Tensor *t, int layer, int E, AttnParams *v) {
#define V(f) (v ? &v->f : NULL)
    t = tensors_linear(t, "wqkv", "bqkv", layer, 3 * (size_t)E, E, V(wqkv), V(bqkv));
    t = tensors_linear(t, "wo", "bo", layer, E, E, V(wo), V(bo));
    return tensors_layernorm(t, "lng", "lnb", layer, E, V(lng), V(lnb));
#undef V
}

/* ---------- causal softmax attention, SA_LANES sequences at once ---------- */

_Static_assert(SA_LANES == KW, "the lanes of the softmax attention are one v16");
#define LN SA_LANES
static inline __attribute__((always_inline)) v16 vmax(v16 a, v16 b) {
    vi16 gt = a > b;
    return (v16)(((vi16)a & gt) | ((vi16)b & ~gt));
}

/* exp(x) for x <= 0 in every lane (GCC vector extensions, so that it vectorises on every
 * target), the argument clamped to [-87, 0]: x = n ln2 + r, exp(r) by a degree-6
 * polynomial (Cephes expf), 2^n through the exponent bits; relative error about 1e-7. */
static inline __attribute__((always_inline)) v16 exp_neg(v16 x) {
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
    return p * (v16)((ni + 127) << 23);
}

static size_t tri(int t) { return (size_t)t * (t + 1) / 2; }   /* rows 0..t-1 of a lower triangle */

size_t softattn_prob_size(int T, int NH) { return (size_t)NH * tri(T) * LN; }
size_t softattn_scratch_size(int T) { return tri(T) * LN; }

/* Every function below works on whole vectors of LN lanes, one sequence per lane, in the
 * order of the plain scalar algorithm: nothing is summed across lanes. The heads take
 * the head width hd as an argument and are inlined with hd = 5 (Figure 10: E = 15,
 * 3 heads) as a constant, so that their per-feature loops (unrolled) keep q, k, v and
 * the sums in vector registers. */

/* Head h, forward. Entry (t, c) of a lane-major array X of row width W is X + (t*W + c)*LN.
 * Its softmax is softmax_forward of nn.h (max, exp, sum in order, times the inverse) in
 * every lane, with exp_neg for expf; the backward's ds is softmax_backward of nn.h. */
static inline __attribute__((always_inline)) void forward_head(float *att, float *prob, const float *qkv,
                                                               int T, int E, int h, int hd) {
    const size_t row = 3 * (size_t)E * LN;
    const float *q0 = qkv + (size_t)h * hd * LN, *k0 = q0 + (size_t)E * LN, *v0 = k0 + (size_t)E * LN;
    float scale = 1.0f / sqrtf((float)hd);
    for (int t = 0; t < T; t++) {
        v16 q[SA_HMAX] = {{0}}, a[SA_HMAX] = {{0}};
        #pragma GCC unroll 16
        for (int i = 0; i < hd; i++) q[i] = vld(q0 + t * row + i * LN) * scale;
        float *p = prob + (h * tri(T) + tri(t)) * LN;       /* row t: keys u = 0..t */
        v16 mx = (v16){0} - INFINITY;
        for (int u = 0; u <= t; u++) {                      /* scores */
            const float *k = k0 + u * row;
            v16 s = {0};
            #pragma GCC unroll 16
            for (int i = 0; i < hd; i++) s += q[i] * vld(k + i * LN);
            vst(p + u * LN, s);
            mx = vmax(mx, s);
        }
        v16 sum = {0};
        for (int u = 0; u <= t; u++) {                      /* softmax */
            v16 e = exp_neg(vld(p + u * LN) - mx);
            vst(p + u * LN, e);
            sum += e;
        }
        v16 inv = 1.0f / sum;
        for (int u = 0; u <= t; u++) {                      /* att_t = sum_u p_u v_u */
            v16 pu = vld(p + u * LN) * inv;
            vst(p + u * LN, pu);
            const float *v = v0 + u * row;
            #pragma GCC unroll 16
            for (int i = 0; i < hd; i++) a[i] += pu * vld(v + i * LN);
        }
        #pragma GCC unroll 16
        for (int i = 0; i < hd; i++) vst(att + ((size_t)t * E + h * hd + i) * LN, a[i]);
    }
}

/* Head h, backward, with ds[tri(T), LN] the gradient of the scores:
 *     dp_tu = datt_t . v_u,   ds_tu = p_tu (dp_tu - sum_u' p_tu' dp_tu') / sqrt(hd),
 *     dq_t = sum_{u<=t} ds_tu k_u,  dk_u = sum_{t>=u} ds_tu q_t,  dv_u = sum_{t>=u} p_tu datt_t;
 * a sweep over queries t (ds, dq), then one over keys u (dk, dv), each with its sums in
 * registers. */
static inline __attribute__((always_inline)) void backward_head(float *dqkv, const float *datt, const float *qkv,
                                                                const float *prob, int T, int E, int h, int hd,
                                                                float *ds) {
    const size_t row = 3 * (size_t)E * LN;
    const size_t qo = (size_t)h * hd * LN, ko = qo + (size_t)E * LN, vo = ko + (size_t)E * LN;
    const float *pr = prob + h * tri(T) * LN;
    float scale = 1.0f / sqrtf((float)hd);
    for (int t = 0; t < T; t++) {
        v16 da[SA_HMAX] = {{0}}, dq[SA_HMAX] = {{0}};
        #pragma GCC unroll 16
        for (int i = 0; i < hd; i++) da[i] = vld(datt + ((size_t)t * E + h * hd + i) * LN);
        const float *p = pr + tri(t) * LN;
        float *g = ds + tri(t) * LN;
        v16 dot = {0};
        for (int u = 0; u <= t; u++) {                      /* dp_tu, into g */
            const float *v = qkv + u * row + vo;
            v16 dp = {0};
            #pragma GCC unroll 16
            for (int i = 0; i < hd; i++) dp += da[i] * vld(v + i * LN);
            vst(g + u * LN, dp);
            dot += dp * vld(p + u * LN);
        }
        for (int u = 0; u <= t; u++) {                      /* ds_tu, dq_t */
            v16 s = vld(p + u * LN) * (vld(g + u * LN) - dot) * scale;
            vst(g + u * LN, s);
            const float *k = qkv + u * row + ko;
            #pragma GCC unroll 16
            for (int i = 0; i < hd; i++) dq[i] += s * vld(k + i * LN);
        }
        float *o = dqkv + t * row + qo;
        #pragma GCC unroll 16
        for (int i = 0; i < hd; i++) vst(o + i * LN, vld(o + i * LN) + dq[i]);
    }
    for (int u = 0; u < T; u++) {
        v16 dk[SA_HMAX] = {{0}}, dv[SA_HMAX] = {{0}};
        for (int t = u; t < T; t++) {
            v16 s = vld(ds + (tri(t) + u) * LN), p = vld(pr + (tri(t) + u) * LN);
            const float *q = qkv + t * row + qo, *d = datt + ((size_t)t * E + h * hd) * LN;
            #pragma GCC unroll 16
            for (int i = 0; i < hd; i++) {
                dk[i] += s * vld(q + i * LN);
                dv[i] += p * vld(d + i * LN);
            }
        }
        float *ok = dqkv + u * row + ko, *ov = dqkv + u * row + vo;
        #pragma GCC unroll 16
        for (int i = 0; i < hd; i++) {
            vst(ok + i * LN, vld(ok + i * LN) + dk[i]);
            vst(ov + i * LN, vld(ov + i * LN) + dv[i]);
        }
    }
}

static int head_width(int E, int NH) {
    if (NH <= 0 || E % NH || E / NH > SA_HMAX)
        die("internal: softmax attention needs NH heads dividing E into widths of at most %d (E = %d, NH = %d)",
            SA_HMAX, E, NH);
    return E / NH;
}

HOT_KERNEL
void softattn_forward(float *att, float *prob, const float *qkv, int T, int E, int NH) {
    int hd = head_width(E, NH);
    for (int h = 0; h < NH; h++)
        if (hd == 5) forward_head(att, prob, qkv, T, E, h, 5);
        else forward_head(att, prob, qkv, T, E, h, hd);
}

HOT_KERNEL
void softattn_backward(float *dqkv, const float *datt, const float *qkv, const float *prob, int T, int E, int NH, float *scratch) {
    int hd = head_width(E, NH);
    for (int h = 0; h < NH; h++)
        if (hd == 5) backward_head(dqkv, datt, qkv, prob, T, E, h, 5, scratch);
        else backward_head(dqkv, datt, qkv, prob, T, E, h, hd, scratch);
}

/* r[16][16] transposed in registers: for w = 1, 2, 4, 8 the rows i, i + w (bit w of i
 * clear) exchange their entries at columns with and without bit w, which swaps bit w of
 * the row and the column index; after all four every (i, l) has become (l, i). */
static inline __attribute__((always_inline)) void transpose16(v16 r[LN]) {
    static const vi16 lo[4] = {{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30},
                               {0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29},
                               {0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27},
                               {0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}};
    static const vi16 hi[4] = {{1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31},
                               {2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31},
                               {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31},
                               {8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31}};
    #pragma GCC unroll 4
    for (int b = 0; b < 4; b++) {
        int w = 1 << b;
        #pragma GCC unroll 16
        for (int i = 0; i < LN; i++)
            if (!(i & w)) {
                v16 x = r[i], y = r[i + w];
                r[i] = __builtin_shuffle(x, y, lo[b]);
                r[i + w] = __builtin_shuffle(x, y, hi[b]);
            }
    }
}

/* Both conversions go in blocks of LN x LN floats through transpose16; the last n % LN
 * columns one float at a time. */
HOT_KERNEL
void lanes_from_rows(float *dst, const float *src, int nrows, size_t n) {
    size_t j = 0;
    for (; j + LN <= n; j += LN) {
        v16 r[LN];
        for (int s = 0; s < LN; s++) r[s] = s < nrows ? vld(src + s * n + j) : (v16){0};
        transpose16(r);
        for (int c = 0; c < LN; c++) vst(dst + (j + c) * LN, r[c]);
    }
    for (; j < n; j++)
        for (int s = 0; s < LN; s++) dst[j * LN + s] = s < nrows ? src[s * n + j] : 0.0f;
}

HOT_KERNEL
void rows_from_lanes(float *dst, const float *src, int nrows, size_t n) {
    size_t j = 0;
    for (; j + LN <= n; j += LN) {
        v16 r[LN];
        for (int c = 0; c < LN; c++) r[c] = vld(src + (j + c) * LN);
        transpose16(r);
        for (int s = 0; s < nrows; s++) vst(dst + s * n + j, r[s]);
    }
    for (; j < n; j++)
        for (int s = 0; s < nrows; s++) dst[s * n + j] = src[j * LN + s];
}
