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
#include "args.h"
#include "atomic.h"
#include "err.h"
#include "text.h"
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *USAGE =
    "usage: icar-sentences --in TEXT.txt --out SENTENCES.txt [--no-cut] [--ascii]\n"
    "  --in      UTF-8 text to split\n"
    "  --out     one sentence per line (inner newlines written as \\n, backslashes as \\\\)\n"
    "  --no-cut  keep whole sentences (default: keep the text before the second '.')\n"
    "  --ascii   fold typographic quotes and dashes to ASCII first (’ -> ', — -> --, ...)\n";

int main(int argc, char **argv) {
    err_set_program(argv[0]);
    const char *in = NULL, *out = NULL;
    int cut = 1, ascii = 0;
    static struct option opts[] = {{"in", required_argument, 0, 'i'},
                                   {"out", required_argument, 0, 'o'},
                                   {"no-cut", no_argument, 0, 'n'},
                                   {"ascii", no_argument, 0, 'a'},
                                   {"help", no_argument, 0, 'h'},
                                   {0, 0, 0, 0}};
    for (int c; (c = getopt_long(argc, argv, "", opts, NULL)) != -1;) {
        switch (c) {
        case 'i': in = optarg; break;
        case 'o': out = optarg; break;
        case 'n': cut = 0; break;
        case 'a': ascii = 1; break;
        default: usage_exit(USAGE);
        }
    }
    if (!in || !out || optind != argc) usage_exit(USAGE);

    size_t len;
    char *text = read_file(in, &len);
    text_check(in, text, len);
    if (ascii) len = text_fold_ascii(text, len);
    Sentences s = {0};
    text_split_sentences(text, len, &s);
    AtomicFile *f = atomic_open(out);
    size_t kept = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (cut) text_cut_second_period(s.s[i]);
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
