#define PCRE2_CODE_UNIT_WIDTH 8
#include "text.h"
#include "err.h"
#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static long line_of(const char *buf, size_t off) {
    long line = 1;
    for (size_t i = 0; i < off; i++) line += buf[i] == '\n';
    return line;
}

void text_check(const char *path, const char *buf, size_t len) {
    const char *nul = memchr(buf, '\0', len);
    if (nul)
        die("'%s' contains a NUL byte at offset %zu (line %ld): not a text file", path,
            (size_t)(nul - buf), line_of(buf, nul - buf));
    /* PCRE2 validates the whole subject before matching in UTF mode. */
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR) "x", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode,
                                   &erroff, NULL);
    if (!re) die("internal: PCRE2 could not compile the UTF-8 check");
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)buf, len, 0, 0, md, NULL);
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, sizeof msg);
        size_t off = pcre2_get_startchar(md);
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        die("'%s' is not valid UTF-8 at byte %zu (line %ld): %s; convert it to UTF-8 first "
            "(e.g. iconv -f latin1 -t utf-8)", path, off, line_of(buf, off), (char *)msg);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    size_t i = 0;
    while (i < len && isspace((unsigned char)buf[i])) i++;
    if (i == len) die("'%s' is empty: it holds no text to split into sentences", path);
}

/* ---------- the splitter ---------- */

static void push(Sentences *out, const char *s, size_t n) {
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (!n) return;
    if (out->n == out->cap) {
        out->cap = out->cap ? 2 * out->cap : 1024;
        out->s = xrealloc(out->s, out->cap * sizeof *out->s);
    }
    out->s[out->n++] = strndup(s, n);
}

/* Abbreviations after which a single '.' does not end a sentence (lower case, without
 * the final period). A fixed list where punkt learns one from its training corpus. */
static const char *ABBREV[] = {"mr", "mrs", "messrs", "dr", "st", "capt", "esq", "jr", "sr",
                               "rev", "prof", "gen", "col", "lieut", "vs", "viz", "e.g", "i.e"};

/* Is the word that ends just before P[i] (a '.') an abbreviation or an initial? */
static int is_abbreviation(const char *p, size_t start, size_t i) {
    size_t b = i;
    while (b > start && !isspace((unsigned char)p[b - 1])) b--;
    /* skip opening punctuation: ( [ " ' and the UTF-8 quotes “ ‘ */
    for (;;) {
        if (b < i && strchr("([\"'", p[b])) b++;
        else if (b + 3 <= i && (memcmp(p + b, "\xe2\x80\x9c", 3) == 0 ||
                                memcmp(p + b, "\xe2\x80\x98", 3) == 0)) b += 3;
        else break;
    }
    size_t n = i - b;
    if (n == 1 && isupper((unsigned char)p[b]) && p[b] != 'I') return 1;   /* "J." */
    for (size_t k = 0; k < sizeof ABBREV / sizeof *ABBREV; k++)
        if (strlen(ABBREV[k]) == n && strncasecmp(ABBREV[k], p + b, n) == 0) return 1;
    return 0;
}

/* Length of the closing quote or bracket at P (0 if none): " ' ) ] ’ ” » */
static size_t closer_len(const char *p) {
    if (*p && strchr("\"')]", *p)) return 1;
    const unsigned char *u = (const unsigned char *)p;   /* && stops at the final NUL */
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x99 || u[2] == 0x9D)) return 3;
    if (u[0] == 0xC2 && u[1] == 0xBB) return 2;
    return 0;
}

void text_split_sentences(const char *p, size_t m, Sentences *out) {
    size_t start = 0, i;
    while (start < m && isspace((unsigned char)p[start])) start++;
    for (i = start; i < m;) {
        if (!p[i] || !strchr(".?!", p[i])) { i++; continue; }
        size_t j = i;
        while (j < m && p[j] && strchr(".?!", p[j])) j++;
        int single_period = j - i == 1 && p[i] == '.';
        for (size_t c; j < m && (c = closer_len(p + j)); j += c) {}
        if ((j == m || isspace((unsigned char)p[j])) &&
            !(single_period && is_abbreviation(p, start, i))) {
            push(out, p + start, j - start);
            start = j;
            while (start < m && isspace((unsigned char)p[start])) start++;
        }
        i = j > start ? j : start;
    }
    if (start < m) push(out, p + start, m - start);
}

size_t text_fold_ascii(char *s, size_t n) {
    static const struct { const char *from, *to; } map[] = {
        {"\xe2\x80\x99", "'"}, {"\xe2\x80\x98", "'"}, {"\xe2\x80\x9c", "\""},
        {"\xe2\x80\x9d", "\""}, {"\xe2\x80\x94", "--"}, {"\xe2\x80\x93", "-"},
        {"\xe2\x80\xa6", "..."}};
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t k = 0, nk = sizeof map / sizeof *map;
        while (k < nk && !(i + 3 <= n && memcmp(s + i, map[k].from, 3) == 0)) k++;
        if (k < nk) {
            for (const char *t = map[k].to; *t; t++) s[m++] = *t;
            i += 3;
        } else s[m++] = s[i++];
    }
    s[m] = 0;
    return m;
}

void text_cut_second_period(char *s) {
    char *first = strchr(s, '.');
    if (!first) return;
    char *second = strchr(first + 1, '.');
    if (second) *second = '\0';
}

void sentences_free(Sentences *s) {
    for (size_t i = 0; i < s->n; i++) free(s->s[i]);
    free(s->s);
    s->s = NULL;
    s->n = s->cap = 0;
}

void text_write_escaped(FILE *fp, const char *s) {
    for (; *s; s++) {
        if (*s == '\n') fputs("\\n", fp);
        else if (*s == '\r') fputs("\\r", fp);
        else if (*s == '\\') fputs("\\\\", fp);
        else fputc(*s, fp);
    }
    fputc('\n', fp);
}

size_t text_unescape(char *s, size_t n) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            s[m++] = c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        } else s[m++] = s[i];
    }
    s[m] = 0;
    return m;
}
