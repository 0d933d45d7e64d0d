#define PCRE2_CODE_UNIT_WIDTH 8
#include "readfile.h"
#include "bpe.h"
#include "err.h"
#include "text.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <search.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct Bpe {
    struct hsearch_data vocab;   /* vocabulary string -> id + 1 */
    struct hsearch_data ranks;   /* "first second" -> merge rank + 1 */
    char **token;                /* [nvocab] id -> vocabulary string (UTF-8) */
    int nvocab;
    char **keys;                 /* every key string owned by the two tables */
    size_t nkeys;
    char byte_enc[256][3];       /* byte -> UTF-8 of its printable stand-in character */
    int byte_dec[512];           /* code point of a stand-in character -> byte, or -1 */
    pcre2_code *re;
    pcre2_match_data *md;
    char *word, *key;            /* scratch, grown as needed */
    size_t word_cap, key_cap;
    size_t *sym, *tmp;           /* symbol boundaries: symbol k = word[sym[k], sym[k+1]) */
    size_t sym_cap;
};

/* JavaScript's \s (the reference encoder is JavaScript). */
#define WS "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
static const char *PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^" WS
                             "\\p{L}\\p{N}]+|[" WS "]+(?![^" WS "])|[" WS "]+";

/* GPT-2's bytes_to_unicode(): printable bytes stand for themselves, the others are
 * shifted to code points 256, 257, ... in byte order. */
static void byte_maps(Bpe *b) {
    int n = 0;
    for (int i = 0; i < 512; i++) b->byte_dec[i] = -1;
    for (int c = 0; c < 256; c++) {
        int printable = (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE);
        int cp = printable ? c : 256 + n++;
        b->byte_dec[cp] = c;
        if (cp < 0x80) { b->byte_enc[c][0] = (char)cp; b->byte_enc[c][1] = 0; }
        else {
            b->byte_enc[c][0] = (char)(0xC0 | (cp >> 6));
            b->byte_enc[c][1] = (char)(0x80 | (cp & 0x3F));
            b->byte_enc[c][2] = 0;
        }
    }
}

static void table_put(Bpe *b, struct hsearch_data *h, char *key, int value, const char *path) {
    ENTRY e = {key, (void *)(intptr_t)(value + 1)}, *found;
    if (!hsearch_r(e, ENTER, &found, h)) die("'%s': too many entries for the hash table", path);
    b->keys[b->nkeys++] = key;
}

static int table_get(struct hsearch_data *h, char *key) {
    ENTRY e = {key, NULL}, *found;
    if (!hsearch_r(e, FIND, &found, h)) return -1;
    return (int)(intptr_t)found->data - 1;
}

Bpe *bpe_load(const char *encoder_json, const char *vocab_bpe) {
    Bpe *b = xcalloc(1, sizeof *b);
    byte_maps(b);
    size_t len;
    char *text = read_file(encoder_json, &len);
    cJSON *root = cJSON_ParseWithLength(text, len);
    if (!root || !cJSON_IsObject(root))
        die("'%s' is not a JSON object (expected GPT-2's encoder.json)", encoder_json);
    int n = cJSON_GetArraySize(root);
    char *merges = read_file(vocab_bpe, &len);
    size_t nlines = 0;
    for (size_t i = 0; i < len; i++) nlines += merges[i] == '\n';
    b->keys = xmalloc((n + nlines + 1) * sizeof *b->keys);
    if (!hcreate_r(2 * (size_t)n + 16, &b->vocab) || !hcreate_r(2 * nlines + 16, &b->ranks))
        die("out of memory for the BPE tables");
    b->nvocab = n;
    b->token = xcalloc(n, sizeof *b->token);
    for (cJSON *it = root->child; it; it = it->next) {
        if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble >= n ||
            it->valuedouble != (int)it->valuedouble || b->token[(int)it->valuedouble])
            die("'%s': entry \"%s\" is not a distinct integer id in [0, %d)", encoder_json,
                it->string, n);
        int id = (int)it->valuedouble;
        b->token[id] = xstrdup(it->string);
        table_put(b, &b->vocab, xstrdup(it->string), id, encoder_json);
    }
    cJSON_Delete(root);
    free(text);
    /* vocab.bpe: a "#version" line, then "first second" per line, by rank. */
    int rank = 0;
    long lineno = 0;
    for (char *line = strtok(merges, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        if (lineno == 1 && line[0] == '#') continue;
        char *sp = strchr(line, ' ');
        if (!sp || sp == line || !sp[1] || strchr(sp + 1, ' '))
            die("'%s' line %ld: expected two symbols separated by one space", vocab_bpe, lineno);
        table_put(b, &b->ranks, xstrdup(line), rank++, vocab_bpe);
    }
    free(merges);
    if (rank == 0) die("'%s' holds no merges", vocab_bpe);
    int errcode;
    PCRE2_SIZE erroff;
    b->re = pcre2_compile((PCRE2_SPTR)PATTERN, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                          &errcode, &erroff, NULL);
    if (!b->re) die("internal: the GPT-2 pattern does not compile (PCRE2 error %d)", errcode);
    pcre2_jit_compile(b->re, PCRE2_JIT_COMPLETE);   /* falls back to the interpreter */
    b->md = pcre2_match_data_create_from_pattern(b->re, NULL);
    return b;
}

void bpe_free(Bpe *b) {
    if (!b) return;
    hdestroy_r(&b->vocab);
    hdestroy_r(&b->ranks);
    for (size_t i = 0; i < b->nkeys; i++) free(b->keys[i]);
    for (int i = 0; i < b->nvocab; i++) free(b->token[i]);
    free(b->keys);
    free(b->token);
    pcre2_match_data_free(b->md);
    pcre2_code_free(b->re);
    free(b->word);
    free(b->key);
    free(b->sym);
    free(b->tmp);
    free(b);
}

int bpe_vocab_size(const Bpe *b) { return b->nvocab; }

void ids_push(Ids *v, int id) {
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 256;
        v->id = xrealloc(v->id, v->cap * sizeof *v->id);
    }
    v->id[v->n++] = id;
}

void ids_free(Ids *v) {
    free(v->id);
    v->id = NULL;
    v->n = v->cap = 0;
}

/* Rank of merging symbols k and k+1 of the current word, or -1. */
static int pair_rank(Bpe *b, size_t k) {
    size_t a = b->sym[k], m = b->sym[k + 1], e = b->sym[k + 2];
    memcpy(b->key, b->word + a, m - a);
    b->key[m - a] = ' ';
    memcpy(b->key + m - a + 1, b->word + m, e - m);
    b->key[e - a + 1] = 0;
    return table_get(&b->ranks, b->key);
}

static int same_symbol(const Bpe *b, size_t k, const char *s, size_t n) {
    return b->sym[k + 1] - b->sym[k] == n && memcmp(b->word + b->sym[k], s, n) == 0;
}

/* BPE of one pre-tokenized piece of LEN bytes. */
static void encode_piece(Bpe *b, const unsigned char *piece, size_t len, Ids *out) {
    if (2 * len + 2 > b->word_cap) {
        b->word_cap = 4 * len + 16;
        b->word = xrealloc(b->word, b->word_cap);
        b->key = xrealloc(b->key, b->word_cap + 2);
    }
    if (len + 2 > b->sym_cap) {
        b->sym_cap = 2 * len + 16;
        b->sym = xrealloc(b->sym, b->sym_cap * sizeof *b->sym);
        b->tmp = xrealloc(b->tmp, b->sym_cap * sizeof *b->tmp);
    }
    size_t w = 0, nsym = len;
    for (size_t i = 0; i < len; i++) {
        b->sym[i] = w;
        for (const char *c = b->byte_enc[piece[i]]; *c; c++) b->word[w++] = *c;
    }
    b->sym[len] = w;
    b->word[w] = 0;
    while (nsym > 1) {
        int best = INT_MAX;
        size_t bk = 0;
        for (size_t k = 0; k + 1 < nsym; k++) {
            int r = pair_rank(b, k);
            if (r >= 0 && r < best) { best = r; bk = k; }
        }
        if (best == INT_MAX) break;
        /* Merge every occurrence of the best pair, left to right (encoder.py). */
        size_t fa = b->sym[bk], fn = b->sym[bk + 1] - fa, sa = b->sym[bk + 1],
               sn = b->sym[bk + 2] - sa;
        char first[fn + 1], second[sn + 1];
        memcpy(first, b->word + fa, fn);
        memcpy(second, b->word + sa, sn);
        size_t m = 0;
        for (size_t k = 0; k < nsym;) {
            b->tmp[m++] = b->sym[k];
            if (k + 1 < nsym && same_symbol(b, k, first, fn) && same_symbol(b, k + 1, second, sn))
                k += 2;
            else
                k += 1;
        }
        b->tmp[m] = b->sym[nsym];
        size_t *t = b->sym; b->sym = b->tmp; b->tmp = t;
        nsym = m;
    }
    for (size_t k = 0; k < nsym; k++) {
        size_t a = b->sym[k], e = b->sym[k + 1];
        char save = b->word[e];
        b->word[e] = 0;
        int id = table_get(&b->vocab, b->word + a);
        if (id < 0) die("internal: BPE symbol '%s' is not in the vocabulary", b->word + a);
        b->word[e] = save;
        ids_push(out, id);
    }
}

void bpe_encode(Bpe *b, const char *text, size_t len, Ids *out) {
    size_t off = 0;
    while (off < len) {
        int rc = pcre2_match(b->re, (PCRE2_SPTR)text, len, off, PCRE2_NO_UTF_CHECK, b->md, NULL);
        if (rc < 0) break;   /* cannot happen: every character matches one branch */
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(b->md);
        if (ov[1] <= off) break;
        encode_piece(b, (const unsigned char *)text + ov[0], ov[1] - ov[0], out);
        off = ov[1];
    }
}

char *bpe_decode(const Bpe *b, const int *ids, size_t n, size_t *len, size_t *bad) {
    size_t cap = 64, m = 0;
    char *s = xmalloc(cap);
    for (size_t i = 0; i < n; i++) {
        if (ids[i] < 0 || ids[i] >= b->nvocab) { free(s); *bad = i; return NULL; }
        for (const unsigned char *p = (const unsigned char *)b->token[ids[i]]; *p;) {
            int cp;
            if (*p < 0x80) cp = *p++;
            else if (p[1]) { cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F); p += 2; }
            else { cp = -1; p++; }
            if (cp < 0 || cp >= 512 || b->byte_dec[cp] < 0)
                die("internal: vocabulary entry %d ('%s') is not byte-level BPE", ids[i],
                    b->token[ids[i]]);
            if (m + 2 > cap) s = xrealloc(s, cap *= 2);
            s[m++] = (char)b->byte_dec[cp];
        }
    }
    s[m] = 0;
    *len = m;
    return s;
}

void ids_read(const char *path, Ids *out, size_t **ends, size_t *nlines) {
    size_t len, nl = 0, cap = 0;
    char *text = read_file(path, &len);
    if (ends) *ends = NULL;
    long lineno = 0;
    for (char *p = text, *end = text + len; p < end;) {
        char *eol = memchr(p, '\n', end - p);
        if (eol) *eol = 0;
        lineno++;
        for (char *q = p, *e; *q; q = e) {
            while (*q == ' ') q++;
            if (!*q) break;
            errno = 0;
            long v = strtol(q, &e, 10);
            if (e == q || errno || (*e && *e != ' ') || v < 0 || v > INT_MAX)
                die("'%s' line %ld: '%.20s' is not a token id", path, lineno, q);
            ids_push(out, (int)v);
        }
        if (ends) {
            if (nl == cap) *ends = xrealloc(*ends, (cap = cap ? 2 * cap : 1024) * sizeof **ends);
            (*ends)[nl] = out->n;
        }
        nl++;
        p = eol ? eol + 1 : end;
    }
    if (nlines) *nlines = nl;
    free(text);
}
