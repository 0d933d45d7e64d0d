#include "train.h"
#include "adam.h"
#include "checkpoint.h"
#include "err.h"
#include "progress.h"
#include "rng.h"
#include "runwhere.h"
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void train_single_threaded_blas(void) { openblas_set_num_threads(1); }

/* Sequences [0, B) in chunks of `chunk`, run in parallel by pass; their sums of squared
 * errors, and with backward grads[nparams] += their gradients, added in chunk order.
 * cgrads: [ceil(B/chunk)][nparams]. */
static double train_chunks(void *model, ChunkPass pass, int B, int chunk, size_t nparams, float *grads,
                           float *cgrads, int backward) {
    int nchunks = (B + chunk - 1) / chunk;
    double *sse = xmalloc(nchunks * sizeof *sse);
    #pragma omp parallel for schedule(dynamic, 1)
    for (int k = 0; k < nchunks; k++) {
        int b0 = k * chunk, nb = B - b0 < chunk ? B - b0 : chunk;
        float *cg = cgrads + (size_t)k * nparams;
        if (backward) memset(cg, 0, nparams * sizeof(float));
        sse[k] = pass(model, k, b0, nb, cg, backward);
    }
    double total = 0.0;
    for (int k = 0; k < nchunks; k++) total += sse[k];
    if (backward)
        for (int k = 0; k < nchunks; k++) {
            const float *cg = cgrads + (size_t)k * nparams;
            for (size_t i = 0; i < nparams; i++) grads[i] += cg[i];
        }
    free(sse);
    return total;
}

int chunk_size(const ChunkRun *r, int B) {
    if (r->min_chunks <= 0) return r->chunk;
    int groups = (B + r->lanes - 1) / r->lanes, per = groups / r->min_chunks;
    if (per > r->chunk / r->lanes) per = r->chunk / r->lanes;
    return (per < 1 ? 1 : per) * r->lanes;
}

int chunk_count_max(const ChunkRun *r, int maxB) {
    int most = 0;
    for (int B = 1; B <= maxB; B++) {
        int chunk = chunk_size(r, B), n = (B + chunk - 1) / chunk;
        if (n > most) most = n;
    }
    return most;
}

float chunk_batch(void *model, const float *x, const float *y, int B, int backward) {
    ChunkRun *r = model;
    if (B > r->t.maxB) die("internal: batch of %d sequences for a model sized for %d", B, r->t.maxB);
    r->x = x; r->y = y; r->B = B;
    if (r->before) r->before(model, backward);
    double sse = train_chunks(model, r->pass, B, chunk_size(r, B), r->t.nparams + r->extra, r->t.grads,
                              r->cgrads, backward);
    if (backward && r->after_backward) r->after_backward(model);
    return (float)(sse / ((double)B * r->terms));
}

void chunk_free(void *model) {
    ChunkRun *r = model;
    free(r->t.params);
    free(r->t.grads);
    free(r->acts);
    memset(r, 0, sizeof *r);
}

double train_eval(Trainable *m, const SeqSet *s) {
    double sum = 0.0;
    for (int b0 = 0; b0 < s->n; b0 += m->maxB) {
        int B = s->n - b0 < m->maxB ? s->n - b0 : m->maxB;
        sum += (double)m->batch(m->model, s->x + (size_t)b0 * s->xs, s->y + (size_t)b0 * s->ys, B, 0) * B;
    }
    return sum / s->n;
}

/* The loss history a checkpoint carries (its state after params, m and v): curve[2e],
 * curve[2e + 1] for each of the DONE epochs trained, NaN for every later one, so that
 * a checkpoint shows what it trained. */
static void pack_history(float *hist, const float *curve, int epochs, long done) {
    memcpy(hist, curve, 2 * (size_t)done * sizeof(float));
    for (size_t i = 2 * (size_t)done; i < 2 * (size_t)epochs; i++) hist[i] = NAN;
}

/* The epochs a packed history records: its leading finite pairs; -1 if an entry after
 * them is not NaN. */
static long history_epochs(const float *hist, int epochs) {
    long done = 0;
    while (done < epochs && isfinite(hist[2 * done]) && isfinite(hist[2 * done + 1])) done++;
    for (size_t i = 2 * (size_t)done; i < 2 * (size_t)epochs; i++)
        if (!isnan(hist[i])) return -1;
    return done;
}

/* A checkpoint at EPOCH must carry the history of exactly that many epochs: one whose
 * epoch was moved (its checksum made valid again) would resume with epochs never trained. */
static void check_history(const char *path, const float *hist, int epochs, long epoch) {
    long done = history_epochs(hist, epochs);
    if (done < 0)
        die("checkpoint '%s' holds losses for epochs it has not trained: damaged or forged; delete it "
            "to start afresh", path);
    if (done != epoch)
        die("checkpoint '%s' claims %ld trained epochs, but its loss history records %ld: damaged or "
            "forged; delete it to start afresh", path, epoch, done);
}

void train_run(Trainable *m, const SeqSet *train, const SeqSet *test, const TrainOpts *o, TrainResult *res) {
    size_t P = m->nparams;
    int nb = (train->n + o->batch - 1) / o->batch;
    if (o->batch > m->maxB) die("internal: batch %d above the model's maximum %d", o->batch, m->maxB);
    Adam adam;
    adam_init(&adam, P, o->lr);
    Rng rng;
    rng_init(&rng, o->seed, RNG_SHUFFLE);
    memset(res, 0, sizeof *res);
    res->curve = xcalloc(2 * (size_t)o->epochs, sizeof(float));
    /* checkpoint state: params | m | v | loss history (pack_history) */
    size_t nstate = 3 * P + 2 * (size_t)o->epochs;
    float *state = xmalloc(nstate * sizeof(float));
    uint64_t fp = fingerprint_str(o->settings);
    long epoch = 0;
    char *carried = NULL;   /* where the checkpoint's epochs were trained (runwhere.h) */
    if (o->checkpoint && checkpoint_load(o->checkpoint, fp, o->epochs, &epoch, state, nstate, &rng, &carried)) {
        check_history(o->checkpoint, state + 3 * P, o->epochs, epoch);
        memcpy(m->params, state, P * sizeof(float));
        memcpy(adam.m, state + P, P * sizeof(float));
        memcpy(adam.v, state + 2 * P, P * sizeof(float));
        memcpy(res->curve, state + 3 * P, 2 * (size_t)epoch * sizeof(float));
        adam.t = epoch * nb;
        fprintf(stderr, "%s: resumed from '%s' at epoch %ld\n", o->label, o->checkpoint, epoch);
    }
    size_t *perm = xmalloc(train->n * sizeof *perm);
    float *bx = xmalloc((size_t)o->batch * train->xs * sizeof(float));
    float *by = xmalloc((size_t)o->batch * train->ys * sizeof(float));
    Progress pr;
    progress_start(&pr, o->label, o->epochs - epoch);
    char note[96] = "";
    long first = epoch;
    for (; epoch < o->epochs; epoch++) {
        double t0 = now_seconds(), loss_sum = 0.0;
        rng_permutation(&rng, perm, train->n);
        for (int b = 0; b < nb; b++) {
            int i0 = b * o->batch, B = train->n - i0 < o->batch ? train->n - i0 : o->batch;
            for (int i = 0; i < B; i++) {
                memcpy(bx + (size_t)i * train->xs, train->x + perm[i0 + i] * train->xs, train->xs * sizeof(float));
                memcpy(by + (size_t)i * train->ys, train->y + perm[i0 + i] * train->ys, train->ys * sizeof(float));
            }
            memset(m->grads, 0, P * sizeof(float));
            float loss = m->batch(m->model, bx, by, B, 1);
            check_finite(loss, "the training loss");
            adam_step(&adam, m->params, m->grads);
            loss_sum += (double)loss * B;
        }
        res->train_seconds += now_seconds() - t0;
        res->epochs_timed++;
        float test_mse = (float)train_eval(m, test);
        check_finite(test_mse, "the test MSE");
        res->curve[2 * epoch] = (float)(loss_sum / train->n);
        res->curve[2 * epoch + 1] = test_mse;
        int stop = o->stop_after > 0 && epoch + 1 >= o->stop_after && epoch + 1 < o->epochs;
        if (o->checkpoint && ((epoch + 1) % o->checkpoint_every == 0 || epoch + 1 == o->epochs || stop)) {
            memcpy(state, m->params, P * sizeof(float));
            memcpy(state + P, adam.m, P * sizeof(float));
            memcpy(state + 2 * P, adam.v, P * sizeof(float));
            pack_history(state + 3 * P, res->curve, o->epochs, epoch + 1);
            char *where = runwhere_segments(carried, o->label, first, epoch + 1);
            checkpoint_save(o->checkpoint, fp, epoch + 1, state, nstate, &rng, where);
            free(where);
        }
        snprintf(note, sizeof note, "epoch %ld train %.3e test %.3e", epoch + 1, res->curve[2 * epoch], test_mse);
        progress_update(&pr, epoch + 1 - first, note);
        if (stop) { epoch++; break; }
    }
    progress_end(&pr, note);
    runwhere_trained(carried, o->label, first, epoch);
    free(carried);
    res->epochs_done = (int)epoch;
    free(perm); free(bx); free(by); free(state);
    adam_free(&adam);
}
