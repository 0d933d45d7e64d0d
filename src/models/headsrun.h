/* headsrun.h — training runs of the heads model, shared by icar-fig7, icar-fig8 and
 * icar-bench-heads: AR data as token/target sets, one run from initialisation to the
 * trained model through the common trainer (train.h), and the flags that choose between
 * the paper's text and the authors' published code. */
#ifndef ICAR_HEADSRUN_H
#define ICAR_HEADSRUN_H
#include "csvio.h"
#include "opts.h"
#include "heads.h"
#include "train.h"
#include <stddef.h>

/* n AR sequences of T+1 tokens in R^d (ardata.h, drawn from rng) as a set of tokens
 * x[n, T, E] (E = 2d duplicated when dup) and targets y[n, T, d]. Free with
 * heads_data_free. */
void heads_data(SeqSet *s, int n, int T, int d, int dup, Rng *rng);
void heads_data_free(SeqSet *s);

/* Create m (groups <= 0: automatic chunk), initialise it from rng_init(seed, stream)
 * (same_heads > 0: Figure 8's identical heads plus noise), optionally keep a copy of
 * the initial parameters (init, may be NULL, [m->nparams]) and train it with o. */
void heads_run(Heads *m, const HeadsConfig *c, float same_heads, uint64_t seed, uint64_t stream,
               const SeqSet *train, const SeqSet *test, const TrainOpts *o, float *init,
               TrainResult *res);

/* The choices the paper's text leaves to the implementation, where the authors'
 * published code of model (6) differs from our reading of the text:
 *
 *   choice          paper (the text)                 authors (the published code)
 *   query           previous token (tau = T-1)       current token
 *   loss positions  t >= 1 (the loss starts at T=2)  every t
 *   head output     W_O over the concatenated heads  heads summed, one shared E x E map
 *
 * --variant sets them all; each flag alone then overrides its one choice, whatever the
 * order of the flags. The two also differ in Figure 7's d (the authors' code takes half
 * the paper's, with tokens duplicated to the same E): a setting of the figure, given as
 * --d (specs/fig7.mk). (Figure 8 takes one d in both, as the paper's text says.) */
typedef struct {
    const char *variant;   /* "paper" or "authors" (set by headsvariant_done) */
    int which;             /* the variant's index: 0 "paper", 1 "authors" */
    int query_prev;        /* HeadsConfig.query_prev */
    int loss_from;         /* HeadsConfig.loss_from */
    int shared_out;        /* HeadsConfig.shared_out */
} HeadsVariant;

/* The accepted values of each flag (NULL-terminated), in the order of the value they
 * stand for: HEADS_VARIANTS[which], HEADS_QUERY[query_prev], HEADS_LOSS[loss_from],
 * HEADS_HEAD_OUT[shared_out]. */
extern const char *const HEADS_VARIANTS[], *const HEADS_QUERY[], *const HEADS_LOSS[], *const HEADS_HEAD_OUT[];

/* The flags as entries of an option table (opts.h); the settings variant, query,
 * loss_positions, head_out. Call headsvariant_done after opts_parse. */
#define HEADSVARIANT_OPTS(v) \
    {"variant", OPT_WORD, &(v).which, .words = HEADS_VARIANTS, .key = "variant", \
     .help = "every choice below as in the paper's text or in the authors' published code"}, \
    {"query", OPT_WORD, &(v).query_prev, .words = HEADS_QUERY, .key = "query", \
     .help = "token-score query from the current token (authors) or the previous one (paper)"}, \
    {"loss-positions", OPT_WORD, &(v).loss_from, .words = HEADS_LOSS, .key = "loss_positions", \
     .help = "loss over every t (authors) or t >= 1 (paper)"}, \
    {"head-out", OPT_WORD, &(v).shared_out, .words = HEADS_HEAD_OUT, .key = "head_out", \
     .help = "W_O over the concatenated heads (paper) or the heads summed, then one shared E x E map (authors)"}

/* The variants, in the order tables list them: 0 "paper", 1 "authors". */
enum { HEADS_NVARIANTS = 2 };
const char *headsvariant_name(int i);
/* Index of the variant called name, or -1. */
int headsvariant_index(const char *name);
/* Every choice unset (-1); the variant "paper". */
void headsvariant_init(HeadsVariant *v);
/* After the flags: every choice still unset takes the variant's value. */
void headsvariant_done(HeadsVariant *v);
/* The variant's choices in a HeadsConfig (query_prev, loss_from, shared_out). */
void headsvariant_apply(const HeadsVariant *v, HeadsConfig *c);

/* The token kinds of Figure 7, NULL-terminated: "plain" (e_t = s_t) and "dup" (e_t = (s_t, s_t)). */
extern const char *const HEADS_KINDS[3];
/* 0 for "plain", 1 for "dup"; dies with a message naming where (a file) on anything else. */
int heads_kind_parse(const char *where, const char *arg);
#endif
