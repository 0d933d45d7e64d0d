/* Fuzz the text checks, the sentence splitter and the sentence-file escapes
 * (src/text/text.h). Properties: every sentence is non-empty and ends in no whitespace;
 * folding and cutting only shorten it; a written sentence is one line that reads back
 * (text_unescape) as the sentence itself. Any input is also read as a sentence file line. */
#include "harness.h"
#include "err.h"
#include "text.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *buf;
    size_t len;
} Text;

static void check_sentence(const char *s) {
    size_t n = strlen(s);
    FUZZ_CHECK(n > 0 && !isspace((unsigned char)s[n - 1]));
    char *line = NULL;
    size_t cap = 0;
    FILE *fp = open_memstream(&line, &cap);
    text_write_escaped(fp, s);
    fclose(fp);
    size_t m = strlen(line);
    FUZZ_CHECK(m > 0 && line[m - 1] == '\n' && !memchr(line, '\n', m - 1) && !strchr(line, '\r'));
    line[m - 1] = '\0';
    FUZZ_CHECK(text_unescape(line, m - 1) == n && memcmp(line, s, n) == 0);
    free(line);
    char *copy = xstrdup(s);
    FUZZ_CHECK(text_fold_ascii(copy, n) <= n);
    text_cut_second_period(copy);
    FUZZ_CHECK(strlen(copy) <= n);
    free(copy);
}

static void split(void *arg) {
    const Text *t = arg;
    text_check("input.txt", t->buf, t->len);
    Sentences s = {0};
    text_split_sentences(t->buf, t->len, &s);
    for (size_t i = 0; i < s.n; i++) check_sentence(s.s[i]);
    sentences_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    Text t = {buf, size};
    fuzz_run(split, &t);
    /* A line of a sentence file: unescaping only shortens it. */
    FUZZ_CHECK(text_unescape(buf, strlen(buf)) <= size);
    free(buf);
    return 0;
}
