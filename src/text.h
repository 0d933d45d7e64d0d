/* text.h — UTF-8 text in, sentences out (Figure 4).
 *
 * The splitter is rule based (the authors used NLTK's punkt; the differences are listed
 * in paper/30-fig4.md and below):
 *   - a sentence ends after a run of '.', '?' or '!' (plus any closing quotes or
 *     brackets) that is followed by whitespace or the end of the paragraph;
 *   - except after a single '.' that ends a known abbreviation (Mr., Mrs., Dr., St., ...,
 *     a fixed list instead of punkt's learned one) or a one-letter initial ("J.");
 *   - a blank line (paragraph break) always ends a sentence (punkt does not split there);
 *   - inside a sentence every run of ASCII whitespace, newlines included, becomes one
 *     space (punkt keeps the newlines of the source text);
 *   - punkt's orthographic heuristics (is the next word capitalised?) and collocation
 *     detection are not used.
 * Then the authors' rule: keep only the text before the second '.' of each sentence. */
#ifndef ICAR_TEXT_H
#define ICAR_TEXT_H
#include <stddef.h>

/* Whole file into memory, NUL-terminated; *len its size. Dies naming the file. */
char *text_read_file(const char *path, size_t *len);

/* Dies naming PATH, the byte offset and the line if BUF is not valid UTF-8 (checked by
 * PCRE2) or holds nothing but whitespace. */
void text_check(const char *path, const char *buf, size_t len);

typedef struct {
    char **s;      /* [n] NUL-terminated UTF-8 sentences, no newline inside */
    size_t n, cap;
} Sentences;

/* Split BUF (valid UTF-8) into sentences, appended to OUT. */
void text_split_sentences(const char *buf, size_t len, Sentences *out);
/* The authors' cut: truncate S in place at its second '.', if it has one. */
void text_cut_second_period(char *s);
void sentences_free(Sentences *s);
#endif
