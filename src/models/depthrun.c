/* depthrun.c — see depthrun.h. */
#include "depthrun.h"
#include "args.h"
#include "err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const DEPTH_MODELS[] = {"linear", "full", NULL};

void depthargs_init(DepthArgs *a) {
    *a = (DepthArgs){.f = {.seed = 1, .profile = "custom"}};
}

void depthrun_opts(DepthArgs *a, Opt *t) {
    const Opt opts[] = {
        OPTS_TOOL("icar-depth"),
        DEPTHARG_MODEL(*a),
        TRAINFLAG_PROFILE(a->f),
        TRAINFLAG_SEED(a->f),
        DEPTHARG_D(*a),
        DEPTHARG_T(*a),
        TRAINFLAG_TRAIN(a->f),
        TRAINFLAG_TEST(a->f),
        TRAINFLAG_EPOCHS(a->f),
        TRAINFLAG_BATCH(a->f),
        TRAINFLAG_LR_FLOAT(a->f),
        {.kind = OPT_TEXT, .key = "optimizer", .text = "Adam (PyTorch defaults: betas 0.9/0.999, eps 1e-8)"},
        DEPTHARG_HEADS(*a),
        DEPTHARG_FFN(*a),
        {"L", OPT_INT, &a->L, 1, 64, .required = 1, .help = "depth (layers)", .key = "L"},
        TRAINFLAG_CHECKPOINT(a->f),
        {"out", OPT_OUTPUT, &a->out, .arg = "FILE", .required = 1, .help = "the run file"},
        {0}};
    _Static_assert(sizeof opts / sizeof *opts <= DEPTHRUN_NOPTS, "DEPTHRUN_NOPTS too small");
    memcpy(t, opts, sizeof opts);
}

void depthargs_done(DepthArgs *a, DepthOpts *o) {
    trainflags_check(&a->f);
    a->full = a->model == DEPTH_FULL;
    if (a->full && !a->heads) die("--heads is required with --model full");
    if (a->full && !a->ffn) die("--ffn is required with --model full");
    if (a->full && (3 * a->d) % a->heads)
        die("--heads %d must divide the token width 3d = %d", a->heads, 3 * a->d);
    *o = (DepthOpts){.model = a->model, .d = a->d, .T = a->T, .ntrain = a->f.ntrain, .ntest = a->f.ntest,
                     .heads = a->heads, .ffn = a->ffn, .train = trainflags_opts(&a->f, NULL, NULL)};
}

void depthrun_write(const char *path, const Opt *t, const DepthOpts *o, const DepthRun *r) {
    CsvOut *c = csv_create(path);
    opts_settings(c, t);
    csv_setting(c, "nparams", "%zu", r->nparams);
    csv_header(c, "series,index,value");
    csv_str(c, "init_test_mse"); csv_int(c, 0); csv_num(c, r->mse_init); csv_endrow(c);
    for (int k = 0; k < 2; k++)
        for (int e = 0; e < o->train.epochs; e++) {
            csv_str(c, k ? "test_mse" : "train_mse"); csv_int(c, e + 1); csv_num(c, r->curve[2 * e + k]);
            csv_endrow(c);
        }
    for (int t = 0; t < o->T; t++) {
        csv_str(c, "position_mse"); csv_int(c, t + 1); csv_num(c, r->mse_pos[t]);
        csv_endrow(c);
    }
    csv_close(c);
}

void depthrun_read(const char *path, DepthRunFile *f) {
    memset(f, 0, sizeof *f);
    CsvTable *t = table_read(path);
    f->table = t;
    DepthArgs a;
    Opt opts[DEPTHRUN_NOPTS];
    depthargs_init(&a);
    depthrun_opts(&a, opts);
    opts_read_settings(opts, t, "model seed d T train test epochs batch lr L");
    if (a.model == DEPTH_FULL) opts_read_settings(opts, t, "heads ffn");
    DepthOpts *o = &f->o;
    depthargs_done(&a, o);
    const char *np = table_setting(t, "nparams");
    if (!np) die("'%s' records no setting 'nparams' (not a run file of icar-depth?)", path);
    DepthRun *r = &f->run;
    r->L = a.L;
    r->nparams = (size_t)arg_long("setting 'nparams'", np, 1, 1L << 40);
    r->curve = xmalloc(2 * (size_t)o->train.epochs * sizeof *r->curve);
    r->mse_pos = xmalloc(o->T * sizeof *r->mse_pos);
    /* the rows in the order depthrun_write puts them */
    int expect = 1 + 2 * o->train.epochs + o->T;
    if (t->nrows != expect)
        die("'%s': %d rows, expected %d (1 + 2 x %d epochs + %d positions): an incomplete or foreign run file",
            path, t->nrows, expect, o->train.epochs, o->T);
    int cs = table_col(t, "series"), ci = table_col(t, "index"), cv = table_col(t, "value");
    for (int row = 0; row < t->nrows; row++) {
        const char *want;
        long index;
        double *dst_d = NULL;
        float *dst_f = NULL;
        if (row == 0) { want = "init_test_mse"; index = 0; dst_d = &r->mse_init; }
        else if (row <= 2 * o->train.epochs) {
            int k = (row - 1) / o->train.epochs, e = (row - 1) % o->train.epochs;
            want = k ? "test_mse" : "train_mse"; index = e + 1; dst_f = &r->curve[2 * e + k];
        } else { int tt = row - 1 - 2 * o->train.epochs; want = "position_mse"; index = tt + 1; dst_d = &r->mse_pos[tt]; }
        if (strcmp(table_cell(t, row, cs), want) != 0 || table_num(t, row, ci) != index)
            die("'%s' row %d: expected series '%s' index %ld, found '%s' index '%s'", path, row + 1, want, index,
                table_cell(t, row, cs), table_cell(t, row, ci));
        double v = table_num(t, row, cv);
        if (!isfinite(v) || v < 0) die("'%s' row %d: %s %g is not a finite non-negative MSE", path, row + 1, want, v);
        if (dst_d) *dst_d = v; else *dst_f = (float)v;
    }
}

void depthrun_free(DepthRunFile *f) {
    depth_run_free(&f->run);
    table_free(f->table);
    memset(f, 0, sizeof *f);
}
