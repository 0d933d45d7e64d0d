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

/* A candidate merge of adjacent symbols l = [l, r) and r = [r, rend) (byte indices). It is
 * stale, and skipped, once either symbol has changed: valid iff next[l] == r and
 * next[r] == rend. */
typedef struct {
    int rank;
    size_t l, r, rend;
} PairEntry;

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
    /* Scratch of encode_piece, grown as needed. A piece of n bytes starts as n symbols,
     * one per byte; symbol i (a byte index) spans bytes [i, next[i]) of the piece, that is
     * word[off[i], off[next[i]]). A merged-away symbol has next[i] = DEAD. */
    char *word, *key;
    size_t word_cap;
    size_t *off, *next, *prev;   /* [n + 1] */
    size_t piece_cap;
    PairEntry *heap, *round;     /* candidate merges; one round's worth */
    size_t heap_cap, nheap;
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

/* The vocabulary must be byte-level: every single byte's stand-in is a token (the start of
 * every encoding) and every token is made of stand-ins (so that every id decodes). */
static void check_vocab(Bpe *b, const char *path) {
    for (int c = 0; c < 256; c++)
        if (table_get(&b->vocab, b->byte_enc[c]) < 0)
            die("'%s' lacks the token '%s' of byte %d: not a byte-level BPE vocabulary", path,
                b->byte_enc[c], c);
    for (int id = 0; id < b->nvocab; id++)
        for (const unsigned char *p = (const unsigned char *)b->token[id]; *p;) {
            int cp = -1;
            if (*p < 0x80) cp = *p++;
            else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) { cp = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F); p += 2; }
            if (cp < 0 || cp >= 512 || b->byte_dec[cp] < 0)
                die("'%s': token %d ('%s') is not made of GPT-2's byte stand-ins", path, id, b->token[id]);
        }
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
    check_vocab(b, encoder_json);
    /* vocab.bpe: a "#version" line, then "first second" per line, by rank (a CRLF file
     * reads as LF: read_file). */
    int rank = 0;
    long lineno = 0;
    for (char *line = strtok(merges, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        size_t n = strlen(line);
        if (n == 0 || (lineno == 1 && line[0] == '#')) continue;
        char *sp = strchr(line, ' ');
        if (!sp || sp == line || !sp[1] || strchr(sp + 1, ' '))
            die("'%s' line %ld: expected two symbols separated by one space", vocab_bpe, lineno);
        /* every merge must make a token of the vocabulary, so that encoding never meets a
         * symbol without an id */
        char *joined = xmalloc(n);
        snprintf(joined, n, "%.*s%s", (int)(sp - line), line, sp + 1);
        if (table_get(&b->vocab, joined) < 0)
            die("'%s' line %ld: the merge '%s' makes '%s', which '%s' does not hold: the two "
                "files do not belong together", vocab_bpe, lineno, line, joined, encoder_json);
        free(joined);
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
    free(b->off);
    free(b->next);
    free(b->prev);
    free(b->heap);
    free(b->round);
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

#define DEAD ((size_t)-1)

/* Rank of merging the symbols [l, r) and [r, rend), or -1. */
static int pair_rank(Bpe *b, size_t l, size_t r, size_t rend) {
    size_t a = b->off[l], m = b->off[r], e = b->off[rend];
    memcpy(b->key, b->word + a, m - a);
    b->key[m - a] = ' ';
    memcpy(b->key + m - a + 1, b->word + m, e - m);
    b->key[e - a + 1] = 0;
    return table_get(&b->ranks, b->key);
}

/* The heap of candidate merges: lowest rank first, then leftmost. */
static int entry_before(const PairEntry *x, const PairEntry *y) {
    return x->rank < y->rank || (x->rank == y->rank && x->l < y->l);
}

static void heap_push(Bpe *b, size_t l, size_t r, size_t rend) {
    int rank = pair_rank(b, l, r, rend);
    if (rank < 0) return;
    size_t i = b->nheap++;
    b->heap[i] = (PairEntry){rank, l, r, rend};
    while (i > 0 && entry_before(&b->heap[i], &b->heap[(i - 1) / 2])) {
        PairEntry t = b->heap[i]; b->heap[i] = b->heap[(i - 1) / 2]; b->heap[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static PairEntry heap_pop(Bpe *b) {
    PairEntry top = b->heap[0];
    b->heap[0] = b->heap[--b->nheap];
    for (size_t i = 0;;) {
        size_t c = 2 * i + 1;
        if (c >= b->nheap) break;
        if (c + 1 < b->nheap && entry_before(&b->heap[c + 1], &b->heap[c])) c++;
        if (!entry_before(&b->heap[c], &b->heap[i])) break;
        PairEntry t = b->heap[i]; b->heap[i] = b->heap[c]; b->heap[c] = t;
        i = c;
    }
    return top;
}

static void grow_scratch(Bpe *b, size_t len) {
    if (2 * len + 2 > b->word_cap) {
        b->word_cap = 4 * len + 16;
        b->word = xrealloc(b->word, b->word_cap);
        b->key = xrealloc(b->key, b->word_cap + 2);
    }
    if (len + 1 > b->piece_cap) {
        b->piece_cap = 2 * len + 16;
        b->off = xrealloc(b->off, b->piece_cap * sizeof *b->off);
        b->next = xrealloc(b->next, b->piece_cap * sizeof *b->next);
        b->prev = xrealloc(b->prev, b->piece_cap * sizeof *b->prev);
        /* at most len - 1 pairs at the start and 2 new ones per merge (len - 1 merges) */
        b->heap_cap = 3 * b->piece_cap;
        b->heap = xrealloc(b->heap, b->heap_cap * sizeof *b->heap);
        b->round = xrealloc(b->round, b->heap_cap * sizeof *b->round);
    }
}

/* BPE of one pre-tokenized piece of LEN bytes, as encoder.py's loop: while some adjacent
 * pair has a rank, take the lowest-ranked pair and merge all its occurrences left to right.
 * Here the pairs wait in a heap (n log n instead of n^2 on a long piece): one round pops
 * every entry of the lowest rank (all the same pair, leftmost first) and merges those still
 * valid; the pairs a merge creates never have that rank (each holds the merged symbol), so
 * they wait for later rounds, as in encoder.py. */
static void encode_piece(Bpe *b, const unsigned char *piece, size_t len, Ids *out) {
    grow_scratch(b, len);
    size_t w = 0;
    for (size_t i = 0; i < len; i++) {
        b->off[i] = w;
        for (const char *c = b->byte_enc[piece[i]]; *c; c++) b->word[w++] = *c;
        b->next[i] = i + 1;
        b->prev[i] = i - 1;   /* DEAD for i = 0: no left neighbour */
    }
    b->off[len] = w;
    b->next[len] = DEAD;
    b->prev[len] = len - 1;
    b->word[w] = 0;
    b->nheap = 0;
    for (size_t i = 0; i + 1 < len; i++) heap_push(b, i, i + 1, i + 2);
    while (b->nheap > 0) {
        int rank = b->heap[0].rank;
        size_t n = 0;
        while (b->nheap > 0 && b->heap[0].rank == rank) b->round[n++] = heap_pop(b);
        for (size_t k = 0; k < n; k++) {
            PairEntry e = b->round[k];
            if (b->next[e.l] != e.r || b->next[e.r] != e.rend) continue;   /* stale */
            b->next[e.l] = e.rend;   /* l absorbs r */
            b->next[e.r] = DEAD;
            b->prev[e.rend] = e.l;
            if (b->prev[e.l] != DEAD) heap_push(b, b->prev[e.l], e.l, e.rend);
            if (e.rend < len) heap_push(b, e.l, e.rend, b->next[e.rend]);
        }
    }
    for (size_t i = 0; i < len; i = b->next[i]) {
        size_t a = b->off[i], e = b->off[b->next[i]];
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
    require_final_newline(path, text, len);
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
