/* text.h — UTF-8 text in, sentences out (Figure 4).
 *
 * The splitter is rule based (the authors used NLTK's punkt; paper/30-fig4.md lists
 * the differences). Like punkt it returns spans of the source text, internal newlines
 * included, with the whitespace between sentences dropped:
 *   - a sentence ends after a run of '.', '?' or '!' (plus any closing quotes or
 *     brackets) that is followed by whitespace or the end of the text;
 *   - except after a single '.' that ends a known abbreviation (Mr., Mrs., Dr., St., ...,
 *     a fixed list where punkt learns one) or a one-letter capital initial ("J.", not "I.");
 *   - punkt's orthographic heuristics (is the next word capitalised? is a number or an
 *     initial a sentence end?) and its collocation detection are not used.
 * Then the authors' rule: keep only the text before the second '.' of each sentence.
 *
 * Sentence files hold one sentence per line; a newline inside a sentence is written
 * as the two characters \n, a carriage return as \r and a backslash as \\
 * (text_escape / text_unescape; tools/gpt2-encode.js undoes the same escapes). */
#ifndef ICAR_TEXT_H
#define ICAR_TEXT_H
#include <stddef.h>
#include <stdio.h>


/* Dies naming PATH, the byte offset and the line if BUF is not valid UTF-8 (checked by
 * PCRE2), holds a NUL byte or nothing but whitespace. */
void text_check(const char *path, const char *buf, size_t len);

typedef struct {
    char **s;      /* [n] NUL-terminated UTF-8 sentences (source spans, newlines kept) */
    size_t n, cap;
} Sentences;

/* Split BUF (valid UTF-8) into sentences, appended to OUT. */
void text_split_sentences(const char *buf, size_t len, Sentences *out);
/* Fold typographic punctuation to ASCII in place (the text only shrinks):
 * ’ ‘ -> '   “ ” -> "   — -> --   – -> -   … -> ...  Returns the new length. */
size_t text_fold_ascii(char *s, size_t n);
/* The authors' cut: truncate S in place at its second '.', if it has one. */
void text_cut_second_period(char *s);
void sentences_free(Sentences *s);
/* Write S as one line of a sentence file (escaped, newline appended). */
void text_write_escaped(FILE *fp, const char *s);
/* Undo the escapes of one line in place; returns its new length. */
size_t text_unescape(char *s, size_t n);
#endif
