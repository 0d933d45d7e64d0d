/* depthrun.c — see depthrun.h. */
#include "depthrun.h"
#include "args.h"
#include "err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void depthrun_write(const char *path, const DepthOpts *o, const char *profile, const DepthRun *r) {
    CsvOut *c = csv_create(path);
    csv_setting(c, "tool", "icar-depth");
    csv_setting(c, "model", "%s", depth_model_name(o->model));
    csv_setting(c, "profile", "%s", profile);
    csv_setting(c, "seed", "%llu", (unsigned long long)o->seed);
    csv_setting(c, "d", "%d", o->d);
    csv_setting(c, "T", "%d", o->T);
    csv_setting(c, "train", "%d", o->ntrain);
    csv_setting(c, "test", "%d", o->ntest);
    csv_setting(c, "epochs", "%d", o->epochs);
    csv_setting(c, "batch", "%d", o->batch);
    csv_setting(c, "lr", "%.9g", o->lr);
    csv_setting(c, "optimizer", "Adam (PyTorch defaults: betas 0.9/0.999, eps 1e-8)");
    if (o->model == DEPTH_FULL) {
        csv_setting(c, "heads", "%d", o->heads);
        csv_setting(c, "ffn", "%d", o->ffn);
    }
    csv_setting(c, "L", "%d", r->L);
    csv_setting(c, "nparams", "%zu", r->nparams);
    csv_header(c, "series,index,value");
    csv_str(c, "init_test_mse"); csv_int(c, 0); csv_num(c, r->mse_init); csv_endrow(c);
    for (int k = 0; k < 2; k++)
        for (int e = 0; e < o->epochs; e++) {
            csv_str(c, k ? "test_mse" : "train_mse"); csv_int(c, e + 1); csv_num(c, r->curve[2 * e + k]);
            csv_endrow(c);
        }
    for (int t = 0; t < o->T; t++) {
        csv_str(c, "position_mse"); csv_int(c, t + 1); csv_num(c, r->mse_pos[t]);
        csv_endrow(c);
    }
    csv_close(c);
}

/* A setting of the run file as an integer in [lo, hi]. */
static long setting_long(const CsvTable *t, const char *key, long lo, long hi) {
    const char *v = table_setting(t, key);
    if (!v) die("'%s' records no setting '%s' (not a run file of icar-depth?)", t->path, key);
    char flag[512];
    snprintf(flag, sizeof flag, "setting '%s' of '%s'", key, t->path);
    return arg_long(flag, v, lo, hi);
}

void depthrun_read(const char *path, DepthRunFile *f) {
    memset(f, 0, sizeof *f);
    CsvTable *t = table_read(path);
    f->table = t;
    DepthOpts *o = &f->o;
    const char *model = table_setting(t, "model"), *seed = table_setting(t, "seed"), *lr = table_setting(t, "lr");
    if (!model || !seed || !lr) die("'%s' records no model, seed or lr (not a run file of icar-depth?)", path);
    if (strcmp(model, "linear") == 0) o->model = DEPTH_LINEAR;
    else if (strcmp(model, "full") == 0) o->model = DEPTH_FULL;
    else die("'%s': model '%s' is neither 'linear' nor 'full'", path, model);
    o->seed = arg_seed(seed);
    o->lr = (float)arg_double("setting 'lr'", lr, 1e-8, 10);
    o->d = (int)setting_long(t, "d", 1, 64);
    o->T = (int)setting_long(t, "T", 1, 4096);
    o->ntrain = (int)setting_long(t, "train", 1, 1 << 22);
    o->ntest = (int)setting_long(t, "test", 1, 1 << 22);
    o->epochs = (int)setting_long(t, "epochs", 1, 1000000);
    o->batch = (int)setting_long(t, "batch", 1, 1 << 16);
    if (o->model == DEPTH_FULL) {
        o->heads = (int)setting_long(t, "heads", 1, 64);
        o->ffn = (int)setting_long(t, "ffn", 1, 4096);
    }
    DepthRun *r = &f->run;
    r->L = (int)setting_long(t, "L", 1, 64);
    r->nparams = (size_t)setting_long(t, "nparams", 1, 1L << 40);
    r->curve = xmalloc(2 * (size_t)o->epochs * sizeof *r->curve);
    r->mse_pos = xmalloc(o->T * sizeof *r->mse_pos);
    /* the rows in the order depthrun_write puts them */
    int expect = 1 + 2 * o->epochs + o->T;
    if (t->nrows != expect)
        die("'%s': %d rows, expected %d (1 + 2 x %d epochs + %d positions): an incomplete or foreign run file",
            path, t->nrows, expect, o->epochs, o->T);
    int cs = table_col(t, "series"), ci = table_col(t, "index"), cv = table_col(t, "value");
    for (int row = 0; row < t->nrows; row++) {
        const char *want;
        long index;
        double *dst_d = NULL;
        float *dst_f = NULL;
        if (row == 0) { want = "init_test_mse"; index = 0; dst_d = &r->mse_init; }
        else if (row <= 2 * o->epochs) {
            int k = (row - 1) / o->epochs, e = (row - 1) % o->epochs;
            want = k ? "test_mse" : "train_mse"; index = e + 1; dst_f = &r->curve[2 * e + k];
        } else { int tt = row - 1 - 2 * o->epochs; want = "position_mse"; index = tt + 1; dst_d = &r->mse_pos[tt]; }
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
