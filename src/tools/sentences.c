/* icar-sentences — UTF-8 text -> one sentence per line (Figure 4, first stage).
 *
 *   icar-sentences --in TEXT.txt --out SENTENCES.txt [--no-cut] [--ascii]
 *
 * One sentence per line; newlines inside a sentence are written as \n (src/text/text.h).
 * Rule-based splitter (src/text/text.h: how it differs from NLTK punkt), then the authors'
 * rule: keep the text before the second '.' of each sentence (--no-cut skips it).
 * --ascii first folds typographic quotes and dashes to ASCII (a sensitivity check: the
 * edition's punctuation changes which GPT-2 tokens repeat inside a window).
 * Sentences that end up empty are dropped. Invalid UTF-8 or an empty text stops with
 * an error naming the file; the output appears whole or not at all. */
#include "readfile.h"
#include "atomic.h"
#include "err.h"
#include "opts.h"
#include "text.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *in = NULL, *out = NULL;
    int nocut = 0, ascii = 0;
    const Opt opts[] = {
        {"in", OPT_STRING, &in, .arg = "TEXT.txt", .required = 1, .help = "UTF-8 text to split"},
        {"out", OPT_OUTPUT, &out, .arg = "SENTENCES.txt", .required = 1,
         .help = "one sentence per line (inner newlines written as \\n, backslashes as \\\\)"},
        {"no-cut", OPT_FLAG, &nocut, .help = "keep whole sentences (default: keep the text before the second '.')"},
        {"ascii", OPT_FLAG, &ascii, .help = "fold typographic quotes and dashes to ASCII first (\u2019 -> ', \u2014 -> --, ...)"},
        {0}};
    opts_parse(opts, argc, argv, "icar-sentences", NULL);

    size_t len;
    char *text = read_file(in, &len);
    text_check(in, text, len);
    if (ascii) len = text_fold_ascii(text, len);
    Sentences s = {0};
    text_split_sentences(text, len, &s);
    AtomicFile *f = atomic_open(out);
    size_t kept = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!nocut) text_cut_second_period(s.s[i]);
        char *p = s.s[i];
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) continue;
        text_write_escaped(f->fp, p);
        kept++;
    }
    if (!kept) die("'%s' gives no sentence", in);
    atomic_commit(f);
    fprintf(stderr, "icar-sentences: %zu sentences from '%s'\n", kept, in);
    sentences_free(&s);
    free(text);
    return 0;
}
