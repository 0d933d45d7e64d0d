/* Unit tests of the training engine: finite-difference checks of every layer of nn.h,
 * Adam against a double-precision reference, checkpoint round trip and refusal, and
 * the AR data. */
#include "test.h"
#include "gradcheck.h"
#include "adam.h"
#include "ardata.h"
#include "checkpoint.h"
#include "nn.h"
#include "rng.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GC_H 2e-2f    /* float32: larger steps keep rounding noise below truncation error */
#define GC_TOL 1e-2

static float *rand_vec(Rng *r, size_t n, float scale) {
    float *x = xmalloc(n * sizeof *x);
    rng_normals_f(r, x, n, scale);
    return x;
}

/* ---------- one context for every layer check ---------- */
typedef struct {
    int N, C, OC;
    float *inp, *w, *b, *g, *out, *mean, *rstd, *probe, *target;
} Ctx;

static double f_linear(void *p) {
    Ctx *c = p;
    linear_forward(c->out, c->inp, c->w, c->b, c->N, c->C, c->OC);
    return gc_probe(c->out, c->probe, (size_t)c->N * c->OC);
}

static void test_linear(Rng *r) {
    Ctx c = {.N = 7, .C = 5, .OC = 4};
    c.inp = rand_vec(r, 35, 1); c.w = rand_vec(r, 20, 1); c.b = rand_vec(r, 4, 1);
    c.probe = rand_vec(r, 28, 1); c.out = xmalloc(28 * sizeof(float));
    float *dinp = xcalloc(35, sizeof(float)), *dw = xcalloc(20, sizeof(float)), *db = xcalloc(4, sizeof(float));
    linear_backward(dinp, dw, db, c.probe, c.inp, c.w, c.N, c.C, c.OC);
    double e = fmax(gradcheck(c.inp, dinp, 35, f_linear, &c, GC_H, 1000),
               fmax(gradcheck(c.w, dw, 20, f_linear, &c, GC_H, 1000),
                    gradcheck(c.b, db, 4, f_linear, &c, GC_H, 1000)));
    test_below("nn.linear_gradcheck", e, GC_TOL);
    /* accumulation: a second backward doubles every gradient */
    float dw0 = dw[3];
    linear_backward(NULL, dw, NULL, c.probe, c.inp, c.w, c.N, c.C, c.OC);
    test_near("nn.linear_accumulates", dw[3], 2 * dw0, 1e-5 * fabs(dw0) + 1e-6);
    /* no bias */
    linear_forward(c.out, c.inp, c.w, NULL, c.N, c.C, c.OC);
    double s = 0; for (int i = 0; i < 5; i++) s += c.inp[i] * c.w[i];
    test_near("nn.linear_no_bias", c.out[0], s, 1e-5);
    free(c.inp); free(c.w); free(c.b); free(c.probe); free(c.out); free(dinp); free(dw); free(db);
}

static double f_layernorm(void *p) {
    Ctx *c = p;
    layernorm_forward(c->out, c->mean, c->rstd, c->inp, c->g, c->b, c->N, c->C);
    return gc_probe(c->out, c->probe, (size_t)c->N * c->C);
}

static void test_layernorm(Rng *r) {
    Ctx c = {.N = 6, .C = 15};
    size_t n = 90;
    c.inp = rand_vec(r, n, 1); c.g = rand_vec(r, 15, 1); c.b = rand_vec(r, 15, 1);
    c.probe = rand_vec(r, n, 1); c.out = xmalloc(n * sizeof(float));
    c.mean = xmalloc(6 * sizeof(float)); c.rstd = xmalloc(6 * sizeof(float));
    f_layernorm(&c);
    float *dinp = xcalloc(n, sizeof(float)), *dg = xcalloc(15, sizeof(float)), *db = xcalloc(15, sizeof(float));
    layernorm_backward(dinp, dg, db, c.probe, c.inp, c.g, c.mean, c.rstd, c.N, c.C);
    double e = fmax(gradcheck(c.inp, dinp, n, f_layernorm, &c, GC_H, 1000),
               fmax(gradcheck(c.g, dg, 15, f_layernorm, &c, GC_H, 1000),
                    gradcheck(c.b, db, 15, f_layernorm, &c, GC_H, 1000)));
    test_below("nn.layernorm_gradcheck", e, GC_TOL);
    /* unit affine: each output row has mean 0 and variance 1 - eps-ish */
    for (int i = 0; i < 15; i++) { c.g[i] = 1; c.b[i] = 0; }
    f_layernorm(&c);
    double m = 0, v = 0;
    for (int i = 0; i < 15; i++) m += c.out[i];
    m /= 15;
    for (int i = 0; i < 15; i++) v += (c.out[i] - m) * (c.out[i] - m);
    test_near("nn.layernorm_normalises", m * m + fabs(v / 15 - 1), 0, 1e-3);
    free(c.inp); free(c.g); free(c.b); free(c.probe); free(c.out); free(c.mean); free(c.rstd);
    free(dinp); free(dg); free(db);
}

static double f_relu(void *p) {
    Ctx *c = p;
    relu_forward(c->out, c->inp, (size_t)c->N);
    return gc_probe(c->out, c->probe, (size_t)c->N);
}

static double f_residual(void *p) {
    Ctx *c = p;
    residual_forward(c->out, c->inp, c->w, (size_t)c->N);
    return gc_probe(c->out, c->probe, (size_t)c->N);
}

static void test_pointwise(Rng *r) {
    Ctx c = {.N = 40};
    c.inp = rand_vec(r, 40, 1); c.w = rand_vec(r, 40, 1);
    for (int i = 0; i < 40; i++)   /* keep inputs away from the kink at 0 */
        if (fabsf(c.inp[i]) < 0.05f) c.inp[i] = c.inp[i] < 0 ? -0.1f : 0.1f;
    c.probe = rand_vec(r, 40, 1); c.out = xmalloc(40 * sizeof(float));
    float *d1 = xcalloc(40, sizeof(float)), *d2 = xcalloc(40, sizeof(float));
    relu_backward(d1, c.probe, c.inp, 40);
    test_below("nn.relu_gradcheck", gradcheck(c.inp, d1, 40, f_relu, &c, GC_H, 1000), GC_TOL);
    memset(d1, 0, 40 * sizeof(float));
    residual_backward(d1, d2, c.probe, 40);
    double e = fmax(gradcheck(c.inp, d1, 40, f_residual, &c, GC_H, 1000),
                    gradcheck(c.w, d2, 40, f_residual, &c, GC_H, 1000));
    test_below("nn.residual_gradcheck", e, GC_TOL);
    free(c.inp); free(c.w); free(c.probe); free(c.out); free(d1); free(d2);
}

static double f_mse(void *p) {
    Ctx *c = p;   /* pred rows of stride C, targets of stride OC, compare the first N... */
    return mse_forward(c->inp, c->C, c->target, c->OC, c->N, 3);
}

static void test_mse(Rng *r) {
    Ctx c = {.N = 9, .C = 7, .OC = 4};
    c.inp = rand_vec(r, 63, 1); c.target = rand_vec(r, 36, 1);
    float *d = xcalloc(63, sizeof(float));
    mse_backward(d, c.inp, c.C, c.target, c.OC, c.N, 3);
    test_below("nn.mse_gradcheck", gradcheck(c.inp, d, 63, f_mse, &c, GC_H, 1000), GC_TOL);
    int untouched = 1;
    for (int n = 0; n < 9; n++) for (int i = 3; i < 7; i++) untouched &= d[n * 7 + i] == 0.0f;
    test_ok("nn.mse_only_first_d", untouched, "entries past D of each prediction row get no gradient");
    double s = 0;
    for (int n = 0; n < 9; n++) for (int i = 0; i < 3; i++) {
        double e = c.inp[n * 7 + i] - c.target[n * 4 + i]; s += e * e;
    }
    test_near("nn.mse_value", f_mse(&c), s / 27, 1e-6);
    free(c.inp); free(c.target); free(d);
}

/* Adam against a double-precision transcription of torch.optim.Adam. */
static void test_adam(Rng *r) {
    size_t n = 10;
    float *p = rand_vec(r, n, 1), *g = xmalloc(n * sizeof(float));
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
    test_ok("checkpoint.absent", checkpoint_load(path, 7, &epoch, back, 5, &r2) == 0, "a missing file means a fresh run");
    uint64_t fp = fingerprint_str("L=3 epochs=10");
    checkpoint_save(path, fp, 42, state, 5, r);
    int ok = checkpoint_load(path, fp, &epoch, back, 5, &r2) == 1 && epoch == 42 &&
             memcmp(state, back, sizeof state) == 0 && memcmp(&r2, r, sizeof r2) == 0;
    test_ok("checkpoint.round_trip", ok, "epoch, state and rng come back bit for bit");
    test_ok("checkpoint.fingerprint_differs", fp != fingerprint_str("L=4 epochs=10"), "settings change the fingerprint");
    char why[512] = "";
    int k = checkpoint_try_load(path, fp + 1, &epoch, back, 5, &r2, why, sizeof why);
    test_ok("checkpoint.refuses_other_settings", k == -1 && strstr(why, "other settings"),
            "a checkpoint made with other settings is refused with a clear reason");
    k = checkpoint_try_load(path, fp, &epoch, back, 6, &r2, why, sizeof why);
    test_ok("checkpoint.refuses_other_size", k == -1, "a checkpoint of another state size is refused");
    /* A damaged file (one flipped byte in the state) is refused too. */
    FILE *f = fopen(path, "r+b");
    fseek(f, 68, SEEK_SET);
    fputc(0x55, f);
    fclose(f);
    k = checkpoint_try_load(path, fp, &epoch, back, 5, &r2, why, sizeof why);
    test_ok("checkpoint.refuses_damaged", k == -1 && strstr(why, "damaged"), "a checksum mismatch is refused");
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

int main(int argc, char **argv) {
    test_begin(argc, argv);
    Rng r;
    rng_init(&r, 11, RNG_TRAIN);
    test_linear(&r);
    test_layernorm(&r);
    test_pointwise(&r);
    test_mse(&r);
    test_adam(&r);
    test_checkpoint(&r);
    test_ardata(&r);
    return test_end();
}
