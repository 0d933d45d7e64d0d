/* Unit tests of the training engine: finite-difference checks of every layer of nn.h
 * (nncheck.h), of the heads model's layers (possoftmax.h, tokatt.h) and of the attention
 * of model (6) (posattn.h),
 * Adam against a double-precision reference, checkpoint round trip and refusal, and
 * the AR data. */
#include "test.h"
#include "nncheck.h"
#include "adam.h"
#include "ardata.h"
#include "checkpoint.h"
#include "nn.h"
#include "posattn.h"
#include "possoftmax.h"
#include "rng.h"
#include "tokatt.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Properties beyond the gradients (which nncheck.h checks). */
static void test_layer_values(Rng *r) {
    int N = 7, C = 5, OC = 4;
    float *inp = nncheck_rand(r, 35, 1), *w = nncheck_rand(r, 20, 1), *probe = nncheck_rand(r, 28, 1);
    float *out = xmalloc(30 * sizeof(float)), *dw = xcalloc(20, sizeof(float));   /* 28 for linear, 2 x 15 for LayerNorm */
    linear_backward(NULL, dw, NULL, probe, inp, w, N, C, OC);
    float dw0 = dw[3];
    linear_backward(NULL, dw, NULL, probe, inp, w, N, C, OC);
    test_near("nn.linear_accumulates", dw[3], 2 * dw0, 1e-5 * fabs(dw0) + 1e-6);
    linear_forward(out, inp, w, NULL, N, C, OC);
    double s = 0; for (int i = 0; i < 5; i++) s += inp[i] * w[i];
    test_near("nn.linear_no_bias", out[0], s, 1e-5);

    float g[15], b[15], mean[2], rstd[2];
    for (int i = 0; i < 15; i++) { g[i] = 1; b[i] = 0; }
    layernorm_forward(out, mean, rstd, inp, g, b, 2, 15);
    double m = 0, v = 0;
    for (int i = 0; i < 15; i++) m += out[i];
    m /= 15;
    for (int i = 0; i < 15; i++) v += (out[i] - m) * (out[i] - m);
    test_near("nn.layernorm_normalises", m * m + fabs(v / 15 - 1), 0, 1e-3);

    float *pred = nncheck_rand(r, 63, 1), *target = nncheck_rand(r, 36, 1), *d = xcalloc(63, sizeof(float));
    mse_backward(d, pred, 7, target, 4, 9, 3);
    int untouched = 1;
    for (int n = 0; n < 9; n++) for (int i = 3; i < 7; i++) untouched &= d[n * 7 + i] == 0.0f;
    test_ok("nn.mse_only_first_d", untouched, "entries past D of each prediction row get no gradient");
    double sse = 0;
    for (int n = 0; n < 9; n++) for (int i = 0; i < 3; i++) {
        double e = pred[n * 7 + i] - target[n * 4 + i]; sse += e * e;
    }
    test_near("nn.mse_value", mse_forward(pred, 7, target, 4, 9, 3), sse / 27, 1e-6);
    free(inp); free(w); free(probe); free(out); free(dw); free(pred); free(target); free(d);
}

/* linear_forward and the dinp of linear_backward against the sums of their definitions,
 * for shapes of the narrow kernel (1 to 4 vectors per row, N not a multiple of its row
 * blocks; the accumulating dinp from a nonzero start) and of sgemm (70 outputs); and
 * nothing written past the output (a guard of 16 floats). */
static void test_linear_values(Rng *r) {
    const int shapes[][3] = {{7, 5, 4}, {23, 15, 45}, {9, 60, 15}, {6, 15, 60}, {5, 3, 70}, {1, 15, 15}};
    double worst = 0;
    int guard_ok = 1;
    for (int k = 0; k < 6; k++) {
        int N = shapes[k][0], C = shapes[k][1], OC = shapes[k][2];
        float *inp = nncheck_rand(r, (size_t)N * C, 1), *w = nncheck_rand(r, (size_t)OC * C, 1);
        float *b = nncheck_rand(r, OC, 1), *dout = nncheck_rand(r, (size_t)N * OC, 1);
        float *out = xmalloc(((size_t)N * OC + 16) * sizeof(float));
        float *dinp = nncheck_rand(r, (size_t)N * C + 16, 1), *dinp0 = xmalloc(((size_t)N * C + 16) * sizeof(float));
        float *dw = xcalloc((size_t)OC * C, sizeof(float));
        memcpy(dinp0, dinp, ((size_t)N * C + 16) * sizeof(float));
        for (int i = 0; i < 16; i++) out[(size_t)N * OC + i] = 7.0f;
        linear_forward(out, inp, w, b, N, C, OC);
        linear_backward(dinp, dw, NULL, dout, inp, w, N, C, OC);
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < OC; o++) {
                double s = b[o];
                for (int c = 0; c < C; c++) s += (double)inp[n * C + c] * w[o * C + c];
                worst = fmax(worst, fabs(out[n * OC + o] - s) / (1 + fabs(s)));
            }
            for (int c = 0; c < C; c++) {
                double s = dinp0[n * C + c];
                for (int o = 0; o < OC; o++) s += (double)dout[n * OC + o] * w[o * C + c];
                worst = fmax(worst, fabs(dinp[n * C + c] - s) / (1 + fabs(s)));
            }
        }
        for (int i = 0; i < 16; i++)
            guard_ok &= out[(size_t)N * OC + i] == 7.0f && dinp[(size_t)N * C + i] == dinp0[(size_t)N * C + i];
        free(inp); free(w); free(b); free(dout); free(out); free(dinp); free(dinp0); free(dw);
    }
    test_below("nn.linear_matches_definition", worst, 1e-5);
    test_ok("nn.linear_stays_in_bounds", guard_ok, "no float written past the output rows");
}

/* The bias gradient of linear_backward is the plain sum over rows, in row order, for
 * widths that take each of its paths (one vector, blocks of 64 columns, a remainder). */
static void test_bias_sum(Rng *r) {
    const int widths[] = {5, 45, 60, 130}, N = 23;
    int same = 1;
    for (int k = 0; k < 4; k++) {
        int OC = widths[k], C = 2;
        float *dout = nncheck_rand(r, (size_t)N * OC, 1), *db = nncheck_rand(r, OC, 1);
        float *inp = nncheck_rand(r, (size_t)N * C, 1), *w = nncheck_rand(r, (size_t)OC * C, 1);
        float *dw = xcalloc((size_t)OC * C, sizeof(float)), *want = xmalloc(OC * sizeof(float));
        memcpy(want, db, OC * sizeof(float));
        for (int n = 0; n < N; n++) for (int o = 0; o < OC; o++) want[o] += dout[n * OC + o];
        linear_backward(NULL, dw, db, dout, inp, w, N, C, OC);
        same &= memcmp(db, want, OC * sizeof(float)) == 0;
        free(dout); free(db); free(inp); free(w); free(dw); free(want);
    }
    test_ok("nn.bias_grad_row_order", same, "db += sum over rows of dout, bit for bit as the row-order loop, widths 5, 45, 60, 130");
}

/* The checker itself: a gradient 3% off in one weight's array is reported. */
static double lin_f(void *p) {
    float **a = p;   /* inp[4,3], w[2,3], out[4,2], probe[4,2] */
    linear_forward(a[2], a[0], a[1], NULL, 4, 3, 2);
    return gc_probe(a[2], a[3], 8);
}

static void test_gradcheck_detects(Rng *r) {
    float *a[4] = {nncheck_rand(r, 12, 1), nncheck_rand(r, 6, 1), xmalloc(8 * sizeof(float)), nncheck_rand(r, 8, 1)};
    float dw[6] = {0};
    linear_backward(NULL, dw, NULL, a[3], a[0], a[1], 4, 3, 2);
    double ok = gradcheck(a[1], dw, 6, lin_f, a, NNCHECK_H, 6);
    for (int i = 0; i < 6; i++) dw[i] *= 1.03f;
    double bad = gradcheck(a[1], dw, 6, lin_f, a, NNCHECK_H, 6);
    test_ok("gradcheck.detects_wrong_gradient", ok < NNCHECK_TOL && bad > NNCHECK_TOL,
            "a right gradient passes, the same scaled by 1.03 fails");
    for (int i = 0; i < 4; i++) free(a[i]);
}

/* Adam against a double-precision transcription of torch.optim.Adam. */
static void test_adam(Rng *r) {
    size_t n = 10;
    float *p = nncheck_rand(r, n, 1), *g = xmalloc(n * sizeof(float));
    double pd[10], m[10] = {0}, v[10] = {0}, lr = 5e-3, worst = 0;
    for (size_t i = 0; i < n; i++) pd[i] = p[i];
    Adam a;
    adam_init(&a, n, (float)lr);
    for (int t = 1; t <= 50; t++) {
        for (size_t i = 0; i < n; i++) g[i] = (float)(pd[i] * (i + 1) - 0.3);   /* a quadratic's gradient */
        adam_step(&a, p, g);
        for (size_t i = 0; i < n; i++) {
            m[i] = 0.9 * m[i] + 0.1 * g[i];
            v[i] = 0.999 * v[i] + 0.001 * (double)g[i] * g[i];
            double mh = m[i] / (1 - pow(0.9, t)), vh = v[i] / (1 - pow(0.999, t));
            pd[i] -= lr * mh / (sqrt(vh) + 1e-8);
        }
        for (size_t i = 0; i < n; i++) worst = fmax(worst, fabs(p[i] - pd[i]));
    }
    test_below("adam.matches_pytorch_formula", worst, 1e-5);
    adam_free(&a);
    free(p); free(g);
}

static void test_checkpoint(Rng *r) {
    char path[] = "/tmp/icar-test-ckpt-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    remove(path);
    float state[5] = {1, 2, 3, 4.5f, -1}, back[5];
    long epoch = -1;
    Rng r2;
    char *carried = NULL;
    test_ok("checkpoint.absent", checkpoint_load(path, 7, 100, &epoch, back, 5, &r2, &carried) == 0 && !carried,
            "a missing file means a fresh run");
    uint64_t fp = fingerprint_str("L=3 epochs=10");
    const char *where = "segment=epochs 1-42 of test; host=a\n";
    checkpoint_save(path, fp, 42, state, 5, r, where);
    int ok = checkpoint_load(path, fp, 100, &epoch, back, 5, &r2, &carried) == 1 && epoch == 42 &&
             memcmp(state, back, sizeof state) == 0 && memcmp(&r2, r, sizeof r2) == 0 && carried &&
             strcmp(carried, where) == 0;
    test_ok("checkpoint.round_trip", ok, "epoch, state, rng and the carried text come back bit for bit");
    free(carried);
    test_ok("checkpoint.fingerprint_differs", fp != fingerprint_str("L=4 epochs=10"), "settings change the fingerprint");
    char why[512] = "";
    int k = checkpoint_try_load(path, fp + 1, 100, &epoch, back, 5, &r2, NULL, why, sizeof why);
    test_ok("checkpoint.refuses_other_settings", k == CKPT_REFUSED && strstr(why, "other settings"),
            "a checkpoint made with other settings is refused with a clear reason");
    k = checkpoint_try_load(path, fp, 100, &epoch, back, 6, &r2, NULL, why, sizeof why);
    test_ok("checkpoint.refuses_other_size", k == CKPT_REFUSED, "a checkpoint of another state size is refused");
    /* A damaged file (one flipped byte in the state) is refused too. */
    FILE *f = fopen(path, "r+b");
    fseek(f, 130, SEEK_SET);   /* inside the state (the header is 128 bytes) */
    fputc(0x55, f);
    fclose(f);
    k = checkpoint_try_load(path, fp, 100, &epoch, back, 5, &r2, NULL, why, sizeof why);
    test_ok("checkpoint.refuses_damaged", k == CKPT_REFUSED && strstr(why, "damaged"), "a checksum mismatch is refused");
    /* A carried text with a NUL byte, behind a valid checksum, is refused: its first byte
     * (after the 128-byte header, 5 floats and its 8-byte length) made 0. */
    checkpoint_save(path, fp, 42, state, 5, r, where);
    unsigned char file[512];
    f = fopen(path, "r+b");
    size_t len = fread(file, 1, sizeof file, f);
    file[128 + 5 * sizeof(float) + 8] = 0;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i + 8 < len; i++) { h ^= file[i]; h *= 0x100000001b3ULL; }
    memcpy(file + len - 8, &h, 8);
    rewind(f);
    fwrite(file, 1, len, f);
    fclose(f);
    k = checkpoint_try_load(path, fp, 100, &epoch, back, 5, &r2, NULL, why, sizeof why);
    test_ok("checkpoint.refuses_carried_nul", len == 128 + 5 * sizeof(float) + 8 + strlen(where) + 8 && k == CKPT_REFUSED &&
            strstr(why, "NUL"), why);
    remove(path);
}

static void test_ardata(Rng *r) {
    int n = 20, len = 51, d = 5;
    float *s = xmalloc((size_t)n * len * d * sizeof(float));
    ar_sequences(s, n, len, d, r);
    double worst = 0, first = 0;
    for (int k = 0; k < n; k++)
        for (int t = 0; t < len; t++) {
            double q = 0;
            for (int i = 0; i < d; i++) q += s[((size_t)k * len + t) * d + i] * s[((size_t)k * len + t) * d + i];
            worst = fmax(worst, fabs(q - 1));
        }
    for (int i = 0; i < d; i++) first = fmax(first, fabs(s[i] - 1 / sqrt(5.0)));
    test_below("ardata.norm_preserved", worst, 1e-5);
    test_below("ardata.start_token", first, 1e-7);
    free(s);
}

/* The heads model's layers (possoftmax.h, tokatt.h) on T = 6 times of E = 4 features:
 * finite-difference gradients, tokatt against its formula, and their product (pi from
 * the positional softmax, the gradient down to qp and kp). */
enum { AT_T = 6, AT_E = 4, AT_LN = TOKATT_LANES, AT_FS = AT_T * AT_LN, AT_NQ = 3 * AT_E * AT_FS };


/* ---- positional softmax alone: loss = sum pi * r ---- */
typedef struct { float *qp, *kp, *pi, *r; } PsCtx;
static double ps_loss(void *vctx) {
    PsCtx *c = vctx;
    possoftmax_forward(c->pi, c->qp, c->kp, AT_E, AT_T, AT_E);
    return gc_probe(c->pi, c->r, AT_T * AT_T);
}

static void test_possoftmax(Rng *rng) {
    float qp[AT_T * AT_E], kp[AT_T * AT_E], pi[AT_T * AT_T], r[AT_T * AT_T], dq[AT_T * AT_E] = {0}, dk[AT_T * AT_E] = {0};
    rng_normals_f(rng, qp, AT_T * AT_E, 1.0f);
    rng_normals_f(rng, kp, AT_T * AT_E, 1.0f);
    rng_normals_f(rng, r, AT_T * AT_T, 1.0f);
    PsCtx c = {qp, kp, pi, r};
    ps_loss(&c);
    double rowerr = 0, upper = 0;
    for (int t = 0; t < AT_T; t++) {
        double s = 0;
        for (int u = 0; u < AT_T; u++) { s += pi[t * AT_T + u]; if (u > t) upper += fabs(pi[t * AT_T + u]); }
        rowerr = fmax(rowerr, fabs(s - 1));
    }
    test_below("nn.possoftmax_rows_sum_to_1", rowerr, 1e-6);
    test_ok("nn.possoftmax_causal", upper == 0, "entries above the diagonal are exactly 0");
    possoftmax_backward(dq, dk, AT_E, r, pi, qp, kp, AT_E, AT_T, AT_E);
    test_below("nn.possoftmax_grad_q", gradcheck(qp, dq, AT_T * AT_E, ps_loss, &c, 1e-2f, 200), 1e-2);
    test_below("nn.possoftmax_grad_k", gradcheck(kp, dk, AT_T * AT_E, ps_loss, &c, 1e-2f, 200), 1e-2);
}

/* ---- token attention, LANES sequences side by side, feature-major ---- */
typedef struct { float *qkv, *pi, *y, *r, *work; float *qp, *kp; int with_pos; } TaCtx;
static double ta_loss(void *vctx) {
    TaCtx *c = vctx;
    if (c->with_pos) possoftmax_forward(c->pi, c->qp, c->kp, AT_E, AT_T, AT_E);
    tokatt_forward(c->y, c->qkv, c->qkv + AT_E * AT_FS, c->qkv + 2 * AT_E * AT_FS, AT_FS, c->pi, AT_T, AT_E, c->work);
    return gc_probe(c->y, c->r, AT_E * AT_FS);
}

static void test_tokatt(Rng *rng) {
    static float qkv[AT_NQ], dqkv[AT_NQ], y[AT_E * AT_FS], r[AT_E * AT_FS];
    float pi[AT_T * AT_T], dpi[AT_T * AT_T] = {0};
    float qp[AT_T * AT_E], kp[AT_T * AT_E], dqp[AT_T * AT_E] = {0}, dkp[AT_T * AT_E] = {0};
    float *work = xmalloc(tokatt_work_floats(AT_T) * sizeof(float));
    rng_normals_f(rng, qkv, AT_NQ, 1.0f);
    rng_normals_f(rng, r, AT_E * AT_FS, 1.0f);
    rng_normals_f(rng, qp, AT_T * AT_E, 1.0f);
    rng_normals_f(rng, kp, AT_T * AT_E, 1.0f);
    /* a generic lower-triangular pi (not a softmax) tests the product with pi alone */
    rng_normals_f(rng, pi, AT_T * AT_T, 1.0f);
    for (int t = 0; t < AT_T; t++) for (int u = t + 1; u < AT_T; u++) pi[t * AT_T + u] = 0;
    TaCtx c = {qkv, pi, y, r, work, qp, kp, 0};
    ta_loss(&c);
    /* against the formula, written out naively in double for every lane */
#define AT(j, e, t, l) qkv[(j) * AT_E * AT_FS + (e) * AT_FS + (t) * AT_LN + (l)]
    double err = 0;
    for (int l = 0; l < AT_LN; l++)
        for (int t = 0; t < AT_T; t++)
            for (int e = 0; e < AT_E; e++) {
                double s = 0;
                for (int u = 0; u <= t; u++) {
                    double g = 0;
                    for (int i = 0; i < AT_E; i++) g += (double)AT(0, i, t, l) * AT(1, i, u, l);
                    s += g / sqrt((double)AT_E) * pi[t * AT_T + u] * AT(2, e, u, l);
                }
                err = fmax(err, fabs(s - y[e * AT_FS + t * AT_LN + l]));
            }
#undef AT
    test_below("nn.tokatt_forward_matches_formula", err, 1e-5);
    memset(dqkv, 0, sizeof dqkv);
    tokatt_backward(dqkv, dqkv + AT_E * AT_FS, dqkv + 2 * AT_E * AT_FS, dpi, r, qkv, qkv + AT_E * AT_FS,
                    qkv + 2 * AT_E * AT_FS, AT_FS, pi, AT_T, AT_E, work);
    test_below("nn.tokatt_grad_qkv", gradcheck(qkv, dqkv, AT_NQ, ta_loss, &c, 1e-2f, 400), 1e-2);
    /* gradient w.r.t. pi (summed over the lanes) */
    test_below("nn.tokatt_grad_pi", gradcheck(pi, dpi, AT_T * AT_T, ta_loss, &c, 1e-2f, 300), 1e-2);

    /* the product: pi from the positional softmax, gradient down to qp, kp */
    c.with_pos = 1;
    ta_loss(&c);
    memset(dpi, 0, sizeof dpi);
    memset(dqkv, 0, sizeof dqkv);
    tokatt_backward(dqkv, dqkv + AT_E * AT_FS, dqkv + 2 * AT_E * AT_FS, dpi, r, qkv, qkv + AT_E * AT_FS,
                    qkv + 2 * AT_E * AT_FS, AT_FS, pi, AT_T, AT_E, work);
    possoftmax_backward(dqp, dkp, AT_E, dpi, pi, qp, kp, AT_E, AT_T, AT_E);
    test_below("nn.possoftmax_tokatt_grad_qp", gradcheck(qp, dqp, AT_T * AT_E, ta_loss, &c, 1e-2f, 200), 1e-2);
    test_below("nn.possoftmax_tokatt_grad_kp", gradcheck(kp, dkp, AT_T * AT_E, ta_loss, &c, 1e-2f, 200), 1e-2);
    test_below("nn.possoftmax_tokatt_grad_qkv", gradcheck(qkv, dqkv, AT_NQ, ta_loss, &c, 1e-2f, 400), 1e-2);
    free(work);
}

/* ---- the attention of model (6) (posattn.h), one sequence: R = 5 queries over T = 7
 * keys of D = 3 features, shift 1, so that the last key is seen by no query; loss =
 * sum z * r ---- */
enum { PA_R = 5, PA_T = 7, PA_D = 3, PA_SHIFT = 1 };
typedef struct { PosAttn pa; float *q, *k, *v, *P, *z, *r, *work; } PaCtx;
static double pa_loss(void *vctx) {
    PaCtx *c = vctx;
    memset(c->z, 0, PA_R * PA_D * sizeof(float));
    posattn_forward(&c->pa, c->z, c->q, c->k, c->v, c->P, c->work);
    return gc_probe(c->z, c->r, PA_R * PA_D);
}

/* z - z0 after the forward from z0 (it accumulates), against the formula in double. */
static double posattn_formula_error(PaCtx *c, Rng *rng) {
    float z0[PA_R * PA_D];
    rng_normals_f(rng, z0, PA_R * PA_D, 1.0f);
    memcpy(c->z, z0, sizeof z0);
    posattn_forward(&c->pa, c->z, c->q, c->k, c->v, c->P, c->work);
    double err = 0;
    for (int i = 0; i < PA_R; i++) {
        int n = i + PA_SHIFT + 1;
        double w[PA_T], mx = -INFINITY, sum = 0;
        for (int j = 0; j < n; j++) {
            w[j] = 0;
            for (int e = 0; e < PA_D; e++) w[j] += (double)c->q[i * PA_D + e] * c->k[j * PA_D + e];
            mx = fmax(mx, w[j]);
        }
        if (c->pa.softmax) {
            for (int j = 0; j < n; j++) sum += w[j] = exp(w[j] - mx);
            for (int j = 0; j < n; j++) w[j] /= sum;
        }
        for (int e = 0; e < PA_D; e++) {
            double zi = 0;
            for (int j = 0; j < n; j++) zi += c->P[i * PA_T + j] * w[j] * c->v[j * PA_D + e];
            err = fmax(err, fabs(zi - ((double)c->z[i * PA_D + e] - z0[i * PA_D + e])));
        }
    }
    return err;
}

/* The check's id: nn.posattn_<variant>_<what> (used before the next call). */
static const char *pa_name(int softmax, const char *what) {
    static char name[64];
    snprintf(name, sizeof name, "nn.posattn_%s_%s", softmax ? "softmax" : "linear", what);
    return name;
}

static void test_posattn(Rng *rng, int softmax) {
    float q[PA_R * PA_D], k[PA_T * PA_D], v[PA_T * PA_D], P[PA_R * PA_T], z[PA_R * PA_D], r[PA_R * PA_D];
    float dq[PA_R * PA_D] = {0}, dk[PA_T * PA_D] = {0}, dv[PA_T * PA_D] = {0}, dP[PA_R * PA_T] = {0};
    PosAttn pa = {.R = PA_R, .T = PA_T, .D = PA_D, .shift = PA_SHIFT, .softmax = softmax};
    float *work = xmalloc(posattn_work_floats(&pa) * sizeof(float));
    rng_normals_f(rng, q, PA_R * PA_D, 1.0f);
    rng_normals_f(rng, k, PA_T * PA_D, 1.0f);
    rng_normals_f(rng, v, PA_T * PA_D, 1.0f);
    rng_normals_f(rng, P, PA_R * PA_T, 1.0f);
    rng_normals_f(rng, r, PA_R * PA_D, 1.0f);
    PaCtx c = {pa, q, k, v, P, z, r, work};
    test_below(pa_name(softmax, "forward_matches_formula"), posattn_formula_error(&c, rng), 1e-5);
    pa_loss(&c);
    posattn_backward(&pa, dq, dk, dv, dP, r, q, k, v, P, work);
    double unseen = 0;   /* entries of P right of i + shift: not read, no gradient */
    for (int i = 0; i < PA_R; i++)
        for (int j = i + PA_SHIFT + 1; j < PA_T; j++) unseen += fabs(dP[i * PA_T + j]);
    test_ok(pa_name(softmax, "unseen_keys_no_grad"), unseen == 0, "dP is exactly 0 right of column i + shift");
    test_below(pa_name(softmax, "grad_q"), gradcheck(q, dq, PA_R * PA_D, pa_loss, &c, 1e-2f, 200), 1e-2);
    test_below(pa_name(softmax, "grad_k"), gradcheck(k, dk, PA_T * PA_D, pa_loss, &c, 1e-2f, 200), 1e-2);
    test_below(pa_name(softmax, "grad_v"), gradcheck(v, dv, PA_T * PA_D, pa_loss, &c, 1e-2f, 200), 1e-2);
    test_below(pa_name(softmax, "grad_P"), gradcheck(P, dP, PA_R * PA_T, pa_loss, &c, 1e-2f, 200), 1e-2);
    free(work);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    Rng r;
    rng_init(&r, 11, RNG_TRAIN);
    test_below("nn.linear_gradcheck", check_linear(&r), NNCHECK_TOL);
    test_below("nn.layernorm_gradcheck", check_layernorm(&r, 15), NNCHECK_TOL);
    test_below("nn.layernorm_gradcheck_wide", check_layernorm(&r, 20), NNCHECK_TOL);
    test_below("nn.relu_residual_gradcheck", check_pointwise(&r), NNCHECK_TOL);
    test_below("nn.mse_gradcheck", check_mse(&r), NNCHECK_TOL);
    test_bias_sum(&r);
    test_linear_values(&r);
    test_layer_values(&r);
    test_gradcheck_detects(&r);
    test_adam(&r);
    test_checkpoint(&r);
    test_ardata(&r);
    test_possoftmax(&r);
    test_tokatt(&r);
    test_posattn(&r, 0);
    test_posattn(&r, 1);
    return test_end();
}
