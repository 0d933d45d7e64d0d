/* train.h — the training loop shared by every model (Figures 5, 7-10) and the model
 * interface it sees (Trainable): Adam on mini-batches of a shuffled training set, the
 * test MSE after every epoch, progress on stderr, and checkpoints from which a stopped
 * run resumes bit-for-bit.
 *
 * Resumption is exact because everything the rest of the run depends on is saved:
 * the parameters, Adam's m and v (its step count is epoch * batches), the training
 * curve so far and the shuffling rng. The checkpoint's fingerprint is the caller's
 * settings string (model, sizes, seed, lr, epochs ...): other settings are refused. The
 * curve is the checkpoint's proof of what it trained: one finite train loss and test MSE
 * per epoch it claims, NaN after; a checkpoint whose epoch disagrees is refused. The
 * checkpoint also carries where its epochs were trained (runwhere.h's segment lines), and
 * every training is recorded for the run's sidecar (runwhere_trained). */
#ifndef ICAR_TRAIN_H
#define ICAR_TRAIN_H
#include "checkpoint.h"   /* EXIT_STOPPED, checkpoint_remove_all for the tools that train */
#include <stddef.h>
#include <stdint.h>

/* A model as the trainer and the experiments see it: its flat parameters and
 * gradients, and a function that returns the mean loss over B sequences and, with
 * backward != 0, ADDS the gradient of that mean to grads (the trainer zeroes grads
 * before each step). */
typedef struct {
    void *model;
    size_t nparams;
    float *params, *grads;
    float (*batch)(void *model, const float *x, const float *y, int B, int backward);
    int maxB;      /* largest B the model accepts */
    /* The model's outputs after its last batch, [B, T, width] row-major (Figures 5 and
     * 10: width E, the first d the prediction); NULL where the model keeps none. */
    const float *(*outputs)(const void *model);
    void (*free)(void *model);   /* frees what the model holds (not the struct itself) */
} Trainable;

/* n sequences, xs floats of input and ys floats of target each (row-major). */
typedef struct {
    const float *x, *y;
    int n;
    size_t xs, ys;
} SeqSet;

typedef struct {
    int epochs, batch;
    float lr;
    uint64_t seed;              /* shuffling stream: rng_init(seed, RNG_SHUFFLE) */
    const char *checkpoint;     /* NULL: none */
    int checkpoint_every;       /* epochs between saves (and always at the end) */
    const char *settings;       /* fingerprinted into the checkpoint */
    int stop_after;             /* > 0: stop after this epoch (a checkpoint is saved) */
    const char *label;          /* progress label */
} TrainOpts;

typedef struct {
    int epochs_done;            /* epochs completed, counting resumed ones */
    float *curve;               /* [epochs][2]: mean train loss, test MSE after the epoch */
    double train_seconds;       /* time in training steps in this process */
    int epochs_timed;           /* epochs trained in this process */
} TrainResult;

/* One chunk of a batch: sequences b0..b0+nb-1 (chunk k), run by one thread; returns the
 * chunk's SUM of squared errors and (with backward) writes its gradient into cgrad (zeroed
 * by the caller). */
typedef double (*ChunkPass)(void *model, int k, int b0, int nb, float *cgrad, int backward);

/* The first member of every model (Figures 5, 7-10): what the trainer sees of it (t:
 * t.model is the model itself, t.batch chunk_batch), its one block of activations, and
 * how its batches run. */
typedef struct {
    Trainable t;
    float *acts;             /* every activation and work array (tensors_alloc) */
    ChunkPass pass;          /* one chunk's forward (and backward) */
    int chunk;               /* sequences per chunk (at most, with min_chunks) */
    /* min_chunks > 0: a batch runs in at least this many chunks where it is large enough,
     * each a multiple of `lanes` sequences and at most `chunk` (chunk_size), so that every
     * core has work; 0: chunks of `chunk` */
    int min_chunks, lanes;
    size_t extra;            /* floats of each chunk's gradient after the nparams that are
                                summed likewise, into t.grads[nparams..] (0: none) */
    /* NULL, or the batch's work before its chunks (with backward: zero the extra part of
     * t.grads) and after their backward: what is computed once per batch, not per chunk */
    void (*before)(void *model, int backward);
    void (*after_backward)(void *model);
    double terms;            /* squared errors per sequence in the mean loss */
    float *cgrads;           /* [chunk_count_max][nparams + extra] per-chunk gradients */
    const float *x, *y;      /* the batch being run */
    int B;
} ChunkRun;
/* Sequences per chunk of a batch of B (the rule above); it depends on B and the fields
 * only, never on the thread count, so that results do not either. */
int chunk_size(const ChunkRun *r, int B);
/* The most chunks of any batch of 1..maxB sequences: the rows of cgrads to allocate. */
int chunk_count_max(const ChunkRun *r, int maxB);
/* The batch function of a model whose first member is a ChunkRun: checks B against
 * maxB, keeps the batch (x, y, B) for pass, runs before, then the chunks of
 * chunk_size(B) sequences in parallel (OpenMP), each by pass into its own row of cgrads,
 * and with backward after_backward; returns the mean loss sse / (B * terms). The chunks'
 * sums and gradients are added in chunk order, so the result does not depend on the
 * number of threads. */
float chunk_batch(void *model, const float *x, const float *y, int B, int backward);
/* Frees what the ChunkRun of such a model holds: parameters, gradient, activations. */
void chunk_free(void *model);

/* Give the cores to the models' own OpenMP loops: OpenBLAS runs single-threaded
 * inside them (call once at the start of a tool that trains). */
void train_single_threaded_blas(void);

/* Train m; res->curve is allocated here (free it). Dies if the loss is not finite. */
void train_run(Trainable *m, const SeqSet *train, const SeqSet *test, const TrainOpts *o, TrainResult *res);
/* Mean loss over a set, in batches of at most m->maxB sequences (weighted by size). */
double train_eval(Trainable *m, const SeqSet *s);
#endif
