#include "pending.h"
#include "atomic.h"
#include "err.h"
#include "provwrite.h"
#include "readfile.h"
#include "record.h"
#include "runwhere.h"
#include "tree.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sidecar of run file NAME in DIR (runwhere.h: DIR/RUN.where); malloc'd. */
static char *sidecar(const char *dir, const char *name) {
    char *run = path_in(dir, name), *where = runwhere_path(run, 0);
    free(run);
    return where;
}

/* The run files (*.csv, regular) directly in DIR, as names, sorted; none if no DIR. */
static void runs_of(const char *dir, Lines *out) {
    Lines all = {0};
    walk_tree(dir, ".csv", 0, &all);
    size_t n = strlen(dir);
    for (int i = 0; i < all.n; i++)
        if (!strchr(all.s[i] + n + 1, '/')) lines_add(out, all.s[i] + n + 1);
    lines_sort_unique(out);
    lines_free(&all);
}

/* The checkpoints (*.ckpt) under DIR, as paths relative to it, sorted. */
static void ckpts_of(const char *dir, Lines *out) {
    Lines all = {0};
    walk_tree(dir, ".ckpt", 0, &all);
    for (int i = 0; i < all.n; i++) lines_add(out, all.s[i] + strlen(dir) + 1);
    lines_free(&all);
}

int pending_restore(const char *pending, const char *runs, const char *ckpt, Lines *kept) {
    char *pckpt = path_in(pending, "ckpt"), *pruns = path_in(pending, "runs");
    Lines ckpts = {0}, names = {0};
    ckpts_of(pckpt, &ckpts);
    int copied = 0;
    for (int i = 0; i < ckpts.n; i++) {
        char *from = path_in(pckpt, ckpts.s[i]), *to = path_in(ckpt, ckpts.s[i]);
        if (!is_file(to) && !is_folder(to)) {
            copy_file(from, to);
            copied++;
        }
        free(from);
        free(to);
    }
    runs_of(pruns, &names);
    for (int i = 0; i < names.n; i++) {
        char *from = path_in(pruns, names.s[i]), *to = path_in(runs, names.s[i]);
        if (!is_file(to)) copy_file(from, to);
        if (!same_bytes(from, to)) die("'%s' differs from the kept run '%s': remove one of them", to, from);
        char *wfrom = sidecar(pruns, names.s[i]), *wto = sidecar(runs, names.s[i]);
        if (is_file(wfrom)) copy_file(wfrom, wto);   /* the machine it ran on goes with it */
        lines_add(kept, to);
        free(from);
        free(to);
        free(wfrom);
        free(wto);
    }
    lines_free(&ckpts);
    lines_free(&names);
    free(pckpt);
    free(pruns);
    return copied;
}

/* Appends BLOCK (lines) to PATH, written anew atomically. */
static void append_lines(const char *path, const Lines *block) {
    size_t len = 0;
    char *old = is_file(path) ? read_file(path, &len) : NULL;
    AtomicFile *f = atomic_open(path);
    if (old) fwrite(old, 1, len, f->fp);
    lines_print(block, f->fp, '\n');
    atomic_commit(f);
    free(old);
}

/* The runs of RUNS that PRUNS lacks, into ADDED; dies where a run PRUNS kept differs. */
static void runs_added(const char *runs, const char *pruns, Lines *added) {
    Lines names = {0};
    runs_of(runs, &names);
    for (int i = 0; i < names.n; i++) {
        char *here = path_in(runs, names.s[i]), *kept = path_in(pruns, names.s[i]);
        if (!is_file(kept)) lines_add(added, names.s[i]);
        else if (!same_bytes(here, kept)) die("'%s' differs from the kept '%s'", here, kept);
        free(here);
        free(kept);
    }
    lines_free(&names);
}

/* Copies run NAME and its sidecar from RUNS to PRUNS; returns the run's time. */
static long keep_run(const char *runs, const char *pruns, const char *name) {
    char *from = path_in(runs, name), *to = path_in(pruns, name), *wfrom = sidecar(runs, name), *wto = sidecar(pruns, name);
    if (is_file(wfrom)) copy_file(wfrom, wto);
    copy_file(from, to);
    long t = mtime_of(from);
    free(from), free(to), free(wfrom), free(wto);
    return t;
}

/* Puts the checkpoints CKPTS (paths under CKPT) in place of PENDING/ckpt (written aside,
 * then swapped); returns the latest of their times, or LAST if later. */
static long keep_checkpoints(const char *pending, const char *ckpt, const Lines *ckpts, long last) {
    char *pckpt = path_in(pending, "ckpt"), *fresh = path_in(pending, "ckpt.new");
    remove_tree(fresh);
    for (int i = 0; i < ckpts->n; i++) {
        char *from = path_in(ckpt, ckpts->s[i]), *to = path_in(fresh, ckpts->s[i]);
        copy_file(from, to);
        if (mtime_of(from) > last) last = mtime_of(from);
        free(from), free(to);
    }
    remove_tree(pckpt);
    if (is_folder(fresh)) move_path(fresh, pckpt);
    free(pckpt), free(fresh);
    return last;
}

int pending_save(const char *pending, const char *runs, const char *ckpt, long start, const char *build,
                 const Lines *provenance) {
    char *pruns = path_in(pending, "runs");
    Lines added = {0}, ckpts = {0}, sidecars = {0}, prov = {0}, block = {0};
    runs_added(runs, pruns, &added);
    ckpts_of(ckpt, &ckpts);
    if (!added.n && !ckpts.n) {
        printf("no run finished or checkpointed in this sitting; nothing kept\n");
        free(pruns);
        return 0;
    }
    for (int i = 0; i < added.n; i++) {   /* the machine of this sitting: its runs' */
        char *w = sidecar(runs, added.s[i]);
        if (is_file(w)) lines_add(&sidecars, w);
        free(w);
    }
    /* the provenance before the tracked pending folder changes: its own writes would
     * read as a dirty tree */
    provenance_compose(build, runs, &sidecars, provenance, &prov);
    long last = start;
    for (int i = 0; i < added.n; i++) {
        long t = keep_run(runs, pruns, added.s[i]);
        if (t > last) last = t;
    }
    last = keep_checkpoints(pending, ckpt, &ckpts, last);
    char *r = lines_join(&added), *c = lines_join(&ckpts), *path = path_in(pending, "sittings.txt");
    lines_add(&block, RECORD_SITTING);
    lines_addf(&block, "runs=%s", r);
    if (ckpts.n) lines_addf(&block, "checkpoints=%s", c);
    lines_addf(&block, "wall_seconds=%ld", last - start);
    for (int i = 0; i < prov.n; i++) lines_add(&block, prov.s[i]);
    append_lines(path, &block);
    printf("kept %d run(s) in %s: %s; %d checkpoint(s) of unfinished runs: %s (commit them with git add)\n", added.n,
           pending, r, ckpts.n, c);
    free(r), free(c), free(path), free(pruns);
    lines_free(&added), lines_free(&ckpts), lines_free(&sidecars), lines_free(&prov), lines_free(&block);
    return 1;
}

long pending_wall(const char *pending) {
    char *path = path_in(pending, "sittings.txt");
    long sum = 0;
    if (is_file(path)) {
        Records *rs = records_read(path, 1);
        for (int b = 0; b < rs->n; b++) {
            const char *w = record_value(&rs->r[b], "wall_seconds");
            if (w) sum += strtol(w, NULL, 10);
        }
        records_free(rs);
    }
    free(path);
    return sum;
}

int pending_sittings(const char *pending) {
    char *path = path_in(pending, "sittings.txt");
    int n = 0;
    if (is_file(path)) {
        Records *rs = records_read(path, 1);
        n = rs->n;
        records_free(rs);
    }
    free(path);
    return n;
}
