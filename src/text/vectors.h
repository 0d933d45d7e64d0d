/* vectors.h — token vectors for Figure 4: a GPT-2 embedding table or the seeded stand-in.
 *
 *   - safetensors (Hugging Face model.safetensors): 8-byte little-endian header length N,
 *     N bytes of JSON header, then the data. The header is validated through cJSON:
 *     tensor "wte.weight" (or "transformer.wte.weight"), dtype F32, F16, BF16 (or F64),
 *     2-D shape, data_offsets inside the file and matching the shape. Memory-mapped.
 *   - npy: format versions 1, 2 and 3, dtype '<f4' or '<f8', C order, 2-D; the header
 *     dictionary is parsed exactly and the file ends where the table does. Memory-mapped.
 *   The format is told by the file's first bytes, not by its name; the file must be a
 *   regular file (a FIFO is refused at once rather than waited on).
 *   - stand-in (no file): row `id` is N(0, I_d) drawn from the stream
 *     (seed, RNG_VECTORS << 32 | id), so a row never depends on which other ids are used.
 * Every error names the file, says what is wrong and exits non-zero. Little-endian hosts. */
#ifndef ICAR_VECTORS_H
#define ICAR_VECTORS_H
#include <stddef.h>
#include <stdint.h>

enum { VEC_STANDIN, VEC_SAFETENSORS, VEC_NPY };
enum { VDT_F32, VDT_F16, VDT_BF16, VDT_F64 };
#define STANDIN_ROWS 50257   /* GPT-2's vocabulary */
#define STANDIN_DIM 1280     /* gpt2-large's width */

typedef struct {
    int kind;                    /* VEC_* */
    char *path;                  /* NULL for the stand-in */
    const char *tensor;          /* tensor name used (safetensors) */
    long rows, dim;
    int dtype;                   /* VDT_* */
    const unsigned char *data;   /* row 0 inside the mapping */
    void *map;
    size_t map_len;
    uint64_t seed;               /* stand-in only */
} Vectors;

/* PATH NULL or "" -> the stand-in (STANDIN_ROWS x DIM). DIM > 0: the width the table
 * must have (dies otherwise); DIM 0: any width (the stand-in then uses STANDIN_DIM). */
Vectors *vectors_open(const char *path, long dim, uint64_t seed);
void vectors_close(Vectors *v);
/* "stand-in" or "gpt2" — the label every output carries. */
const char *vectors_label(const Vectors *v);
/* Row ID as doubles (out: [dim]); dies naming the file if ID is outside the table. */
void vectors_row(const Vectors *v, long id, double *out);

/* The distinct ids of IDS[0..n) as a compact table of unit-norm rows:
 * returns table [*ntab * dim] (float) and sets idx[i] = row of ids[i] in it.
 * Dies naming the file on an id outside the table or a zero row. */
float *vectors_unit_table(const Vectors *v, const int *ids, long n, int *idx, long *ntab);

/* IEEE half and bfloat16 to float. */
float half_to_float(uint16_t h);
float bf16_to_float(uint16_t h);
#endif
