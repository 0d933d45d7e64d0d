#include "rerun.h"
#include "err.h"
#include "identity.h"
#include "provwrite.h"
#include "record.h"
#include "runwhere.h"
#include "tree.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* TEXT in single quotes for the shell; malloc'd. */
static char *quoted(const char *text) {
    char *buf;
    size_t n;
    FILE *f = open_memstream(&buf, &n);
    fputc('\'', f);
    for (const char *p = text; *p; p++)
        if (*p == '\'') fputs("'\\''", f);
        else fputc(*p, f);
    fputc('\'', f);
    fclose(f);
    return buf;
}

/* Writes to OUT the header of JOBS and its rows whose second field is one of RUNS (every
 * row when RUNS is empty). */
static void jobs_only(const char *jobs, const Lines *runs, const char *out) {
    FILE *in = fopen(jobs, "r"), *f = fopen(out, "w");
    if (!in) die("cannot read '%s'", jobs);
    if (!f) die("cannot write '%s'", out);
    char *line = NULL;
    size_t cap = 0;
    for (int row = 0; getline(&line, &cap, in) > 0; row++) {
        const char *second = strchr(line, ',');
        char name[1024] = "";
        if (second) snprintf(name, sizeof name, "%.*s", (int)strcspn(second + 1, ",\n"), second + 1);
        if (row == 0 || !runs->n || lines_find(runs, name) >= 0) fputs(line, f);
    }
    free(line);
    fclose(in);
    if (fclose(f) != 0) die("cannot write '%s'", out);
}

/* The first line COMMAND prints into buf[n]; dies naming WHAT if it fails or prints none. */
static void first_line(const char *command, char *buf, size_t n, const char *what) {
    FILE *p = popen(command, "r");
    if (!p) die("cannot run '%s'", command);
    int got = fgets(buf, (int)n, p) != NULL;
    while (fgetc(p) != EOF) {}
    if (pclose(p) != 0 || !got) die("%s", what);
    buf[strcspn(buf, "\n")] = 0;
}

static int shell(const char *command) { return system(command); }

/* The sidecar of RUN of FIG under BASE (an archive, or the rerun's results): that of
 * FIG/runs/RUN, or of the folder FIG for a figure that runs as one command (RUN is FIG). */
static char *run_sidecar(const char *base, const char *fig, const char *run) {
    char *out, *path;
    int one = strcmp(run, fig) == 0;
    if ((one ? asprintf(&out, "%s/%s", base, fig) : asprintf(&out, "%s/%s/runs/%s", base, fig, run)) < 0)
        die("out of memory");
    path = runwhere_path(out, one);
    free(out);
    return path;
}

/* The files compared, as paths under the archive (./FIG/runs/RUN, or every CSV of a
 * figure that runs as one command). */
static void compared_files(const char *arch, const char *fig, const char *run, Lines *files) {
    if (strcmp(run, fig) != 0) {
        lines_addf(files, "./%s/runs/%s", fig, run);
        return;
    }
    Lines all = {0};
    walk_tree(arch, ".csv", 0, &all);
    for (int i = 0; i < all.n; i++) lines_addf(files, ".%s", all.s[i] + strlen(arch));
    lines_free(&all);
}

/* The make words of ARCH's profile: PROFILE=paper SEED=... OVERRIDES; malloc'd. */
static char *profile_of(const char *arch) {
    char *prov, *out;
    if (asprintf(&prov, "%s/provenance.txt", arch) < 0) die("out of memory");
    Records *r = records_read(prov, 0);
    const char *seed = record_value(&r->r[0], "seed"), *over = record_value(&r->r[0], "overrides");
    if (asprintf(&out, "PROFILE=paper SEED=%s %s", seed ? seed : "", over ? over : "") < 0) die("out of memory");
    records_free(r);
    free(prov);
    return out;
}

int rerun_check(const Rerun *r) {
    remove(r->claims);
    char *only, *cmd, *q;
    if (asprintf(&only, "%s.jobs.csv", r->scratch) < 0) die("out of memory");
    jobs_only(r->jobs, r->runs, only);
    char pick[2048], fig[256], run[512];
    double cpu;
    q = quoted(only);
    if (asprintf(&cmd, "%s --jobs %s --cheapest %s", r->plan, q, r->names) < 0) die("out of memory");
    first_line(cmd, pick, sizeof pick, "icar-plan found no run to rerun");
    free(cmd), free(q);
    if (sscanf(pick, "%255s %511s %lf", fig, run, &cpu) != 3) die("icar-plan printed '%s', not FIGURE RUN SECONDS", pick);
    char *arch, *id;
    if (asprintf(&arch, "%s/%s", r->root, fig) < 0 || asprintf(&id, "%s@%s", r->id, fig) < 0) die("out of memory");
    printf("%s: %s %s (estimated %g CPU seconds)\n", id, fig, run, cpu);
    fflush(stdout);
    if (lround(cpu) > lround(r->max_seconds))
        die("%s: the cheapest run takes about %g s, above %g s: not rerun", id, cpu, r->max_seconds);
    remove_tree(r->scratch);
    char *qs = quoted(r->scratch), *qb = quoted(r->build), *prof = profile_of(arch), *target;
    if (asprintf(&cmd, "tools/scratch-build %s %s", qb, qs) < 0) die("out of memory");
    if (shell(cmd) != 0) die("'%s' failed", cmd);
    free(cmd);
    if (strcmp(run, fig) == 0) {
        if (asprintf(&target, "archive-files FIG=%s", fig) < 0) die("out of memory");
    } else if (asprintf(&target, "%s/results/%s/runs/%s", qs, fig, run) < 0)
        die("out of memory");
    if (asprintf(&cmd, "%s -s --no-print-directory %s BUILD=%s RESULTS=%s/results %s > %s/make.log 2>&1 || { cat %s/make.log; exit 1; }",
                 r->make, prof, qs, qs, target, qs, qs) < 0)
        die("out of memory");
    if (shell(cmd) != 0) die("the rerun of %s %s failed", fig, run);
    free(cmd);
    /* the programs that made the files compared: of the whole archive, or of the run */
    Lines files = {0}, programs = {0}, this = {0}, made = {0};
    compared_files(arch, fig, run, &files);
    char *made_path, *results, *mine, *theirs;
    if (strcmp(run, fig) == 0) made_path = xstrdup(arch);
    else if (asprintf(&made_path, "%s/%s/runs/%s", arch, fig, run) < 0) die("out of memory");
    if (asprintf(&results, "%s/results", r->scratch) < 0) die("out of memory");
    identity_programs(made_path, &programs);
    provenance_identity(r->build, made_path, &this);
    int known = identity_run_kernel(&this, mine = run_sidecar(results, fig, run));
    identity_of_run(arch, run, &made);
    known &= identity_run_kernel(&made, theirs = run_sidecar(arch, fig, run));
    int exact = known && identity_same(&this, &made, &programs);
    if (exact) printf("%s: compared byte for byte (same code and kernels)\n", id);
    else printf("%s: compared within %s (other code or kernels)\n", id, r->rtol);
    fflush(stdout);
    char *qc = quoted(r->claims);
    size_t len;
    FILE *c = open_memstream(&cmd, &len);
    fprintf(c, "%s/icar-archivecheck compare --id %s --claims %s %s %s", qb, id, qc, exact ? "--exact" : "--rtol",
            exact ? "" : r->rtol);
    for (int i = 0; i < files.n; i++) {
        char *a, *b, *qa, *qb2;
        if (asprintf(&a, "%s/%s", arch, files.s[i]) < 0 || asprintf(&b, "%s/%s", results, files.s[i]) < 0) die("out of memory");
        fprintf(c, " %s %s", qa = quoted(a), qb2 = quoted(b));
        free(a), free(b), free(qa), free(qb2);
    }
    fclose(c);
    int status = shell(cmd);
    lines_free(&files), lines_free(&programs), lines_free(&this), lines_free(&made);
    free(cmd), free(only), free(arch), free(id), free(qs), free(qb), free(qc), free(prof), free(target),
        free(made_path), free(results), free(mine), free(theirs);
    return status;
}
