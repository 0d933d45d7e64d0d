/* icar-bpe — sentences -> GPT-2 token ids, and back (Figure 4, second stage).
 *
 *   icar-bpe --encoder encoder.json --merges vocab.bpe --in SENTENCES.txt --out IDS.txt
 *   icar-bpe --encoder encoder.json --merges vocab.bpe --decode --in IDS.txt --out TEXT.txt
 *
 * Encode: each line of the input (a sentence, escaped as in src/text/text.h) is encoded on
 * its own (no BOS/EOS; the line's own newline is not part of it); the output has one
 * line of space-separated ids per input line.
 * Decode: the inverse, written escaped, so that ids round-trip to the sentence file. */
#include "readfile.h"
#include "atomic.h"
#include "bpe.h"
#include "err.h"
#include "opts.h"
#include "text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void encode_file(Bpe *b, const char *in, const char *out) {
    size_t len;
    char *text = read_file(in, &len);
    text_check(in, text, len);
    AtomicFile *f = atomic_open(out);
    Ids ids = {0};
    size_t lines = 0, tokens = 0;
    for (char *p = text, *end = text + len; p < end;) {
        char *eol = memchr(p, '\n', end - p);
        size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
        ids.n = 0;
        p[n] = 0;
        bpe_encode(b, p, text_unescape(p, n), &ids);
        for (size_t i = 0; i < ids.n; i++) fprintf(f->fp, i ? " %d" : "%d", ids.id[i]);
        fputc('\n', f->fp);
        lines++;
        tokens += ids.n;
        p += n + 1;
    }
    atomic_commit(f);
    fprintf(stderr, "icar-bpe: %zu lines -> %zu tokens\n", lines, tokens);
    ids_free(&ids);
    free(text);
}

static void decode_file(Bpe *b, const char *in, const char *out) {
    Ids ids = {0};
    size_t *ends, nlines;
    ids_read(in, &ids, &ends, &nlines);
    AtomicFile *f = atomic_open(out);
    for (size_t k = 0, start = 0; k < nlines; start = ends[k++]) {
        size_t n, bad;
        char *s = bpe_decode(b, ids.id + start, ends[k] - start, &n, &bad);
        if (!s)
            die("'%s' line %zu: token id %d is outside the vocabulary [0, %d)", in, k + 1,
                ids.id[start + bad], bpe_vocab_size(b));
        if (memchr(s, 0, n))
            die("'%s' line %zu decodes to a NUL byte, which a sentence file cannot hold", in, k + 1);
        text_write_escaped(f->fp, s);
        free(s);
    }
    atomic_commit(f);
    free(ends);
    ids_free(&ids);
}

int main(int argc, char **argv) {
    const char *enc = NULL, *merges = NULL, *in = NULL, *out = NULL;
    int decode = 0;
    const Opt opts[] = {
        {"encoder", OPT_STRING, &enc, .arg = "encoder.json", .required = 1,
         .help = "GPT-2 vocabulary (JSON object: token -> id)"},
        {"merges", OPT_STRING, &merges, .arg = "vocab.bpe", .required = 1,
         .help = "GPT-2 merges, one 'first second' pair per line by rank"},
        {"in", OPT_STRING, &in, .arg = "IN", .required = 1,
         .help = "UTF-8 text, one sentence per line (or ids with --decode)"},
        {"out", OPT_OUTPUT, &out, .arg = "OUT", .required = 1,
         .help = "one line of space-separated ids per input line (or text with --decode)"},
        {"decode", OPT_FLAG, &decode, .help = "ids -> text"},
        {0}};
    opts_parse(opts, argc, argv, "icar-bpe", NULL);
    Bpe *b = bpe_load(enc, merges);
    if (decode) decode_file(b, in, out);
    else encode_file(b, in, out);
    bpe_free(b);
    return 0;
}
