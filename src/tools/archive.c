/* icar-archive — an archive folder (data/paper-profile/NAME/) as evidence: what each of
 * its files holds (MANIFEST, manifest.h) and how it was made (provenance.h).
 *
 *   icar-archive manifest DIR
 *       writes DIR/MANIFEST: every file under DIR with its size and sha256. Only the tools
 *       that write an archive run it (make archive, make archive-save); an intended change
 *       to an archive goes through them, never by hand.
 *   icar-archive verify DIR --claims OUT
 *       every file listed in DIR/MANIFEST is there with that size and sha256, and every
 *       file there is listed; each problem printed, naming the file. Claim
 *       archive.manifest@NAME (NAME: the folder's name; pending-NAME for a pending
 *       folder, data/paper-profile/pending/NAME/), the number of problems.
 *   icar-archive provenance DIR --claims OUT [--commits FILE]
 *       DIR/provenance.txt and DIR/sittings.txt hold only known keys, every required
 *       one, each value of its form; with --commits (the output of git rev-list --all)
 *       every commit is one of the history's. Claim archive.provenance@NAME, the number
 *       of problems.
 *   icar-archive keys
 *       prints the known keys of a provenance, with what each means.
 *
 * What make knows of the archives, and the reruns make check asks for (identity.h):
 *   icar-archive index ROOT --out FILE
 *       the archives under ROOT as make variables (archindex.h).
 *   icar-archive status ROOT --out FILE FIG=RUN,RUN... ...
 *       what of the paper profile is archived, kept, or not run (archstatus.h); RUN:
 *       the figure's runs at the paper profile, paths under its archive (none: a
 *       figure that runs as one command).
 *   icar-archive earlier DIR
 *       the runs of archive DIR that an earlier sitting made with other code than its
 *       last, one per line: runs no later code made again.
 *   icar-archive tolerance DIR --rtol X [--atol Y]
 *       how the files derived again from DIR's runs compare with the archived ones, as
 *       icar-archivecheck compare's flag: --exact where this build runs the CPU kernels
 *       the provenance records for the machine that assembled them, else --rtol X (and
 *       --atol Y where given: numbers at the rounding level, Figure 4's fit errors).
 *   icar-archive identity PATH [--build DIR]
 *       this tree's and build's identity lines for the runs at PATH (provwrite.h).
 *   icar-archive rerun --id ID --claims OUT --scratch DIR --root ROOT --jobs JOBS
 *                      --names NAME,... --plan CMD --make CMD --rtol X --max SECONDS [RUN...]
 *       a run of the archives NAMES made again and compared with the archive (rerun.h;
 *       CMD: the icar-plan command with its estimate's options, the make command).
 *   icar-archive programs PATH
 *       the programs that made the CSVs at PATH, one per line.
 *   icar-archive record PATH [--build DIR] --set K=V...
 *       the provenance of the runs at PATH (a folder, or a run's CSV), as finish
 *       writes it (provwrite.h).
 *
 * Making an archive (make archive, make archive-save: WORK its build folder,
 * build/paper/NAME; PENDING its pending folder, pending.h):
 *   icar-archive start --work WORK --pending PENDING
 *       a sitting begins: the pending folder, verified against its MANIFEST, is taken
 *       up; prints "-o RUN" for each kept run, the arguments of the archive's make.
 *   icar-archive finish --work WORK --pending PENDING --root ROOT --name NAME --set K=V...
 *       copies the files WORK/archive-files.txt lists (under WORK/results) and their
 *       runs' sidecars into ROOT/NAME, with the pending folder's sittings.txt, writes
 *       provenance.txt (the pairs K=V, wall_seconds=, earlier_sittings=, provwrite.h)
 *       and MANIFEST, and removes the pending folder.
 *   icar-archive save --work WORK --pending PENDING --figure FIG --set K=V...
 *       keeps the sitting's runs and checkpoints in PENDING, and its MANIFEST.
 *   icar-archive make --work WORK --pending PENDING --figure FIG --root ROOT --name NAME
 *                     --set K=V... -- MAKE ARG...
 *       make archive's whole sitting: start, then the archive's own make (MAKE ARG...,
 *       with "-o RUN" for each kept run), then adds the time since start to the sitting's
 *       wall time (WORK/wall_seconds) and finishes when that make succeeds; its exit
 *       status (or signal) otherwise, the time counted either way.
 * --build DIR (default build): the build whose code ids the provenance records.
 * Exit status 1 when a check finds a problem (the fragment is written first). */
#include "archindex.h"
#include "archstatus.h"
#include "atomic.h"
#include "claims.h"
#include "err.h"
#include "identity.h"
#include "manifest.h"
#include "opts.h"
#include "pending.h"
#include "provenance.h"
#include "provwrite.h"
#include "rerun.h"
#include "sidecars.h"
#include "tree.h"
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    const char *claims, *commits, *out, *build, *rtol, *atol, *work, *pending, *root, *name, *figure;
    OptStrings set;
    const char *id, *scratch, *jobs, *names, *plan, *make;
    double max;
} Opts;

/* The name a claim gives archive folder DIR: its last component, with "pending-" before
 * it for a pending folder (one in a folder named pending: an unfinished archive's runs,
 * whose name is that of the archive it will become). */
static void archive_name(const char *dir, char *name, size_t len) {
    char *a = xstrdup(dir), *b = xstrdup(dir);
    const char *parent = basename(dirname(a));
    snprintf(name, len, "%s%s", strcmp(parent, "pending") == 0 ? "pending-" : "", basename(b));
    free(a);
    free(b);
}

/* Writes the one claim BASE@NAME (NAME: archive_name of DIR) with PROBLEMS to OUT. */
static int write_claim(const char *out, const char *base, const char *dir, int problems, const char *what) {
    char name[512], id[600];
    archive_name(dir, name, sizeof name);
    snprintf(id, sizeof id, "%s@%s", base, name);
    Claims *c = claims_open(out);
    claim_note(c, id, problems, "%s", what);
    claims_close(c);
    return problems ? 1 : 0;
}

static char *manifest_path(const char *dir) {
    char *p = xmalloc(strlen(dir) + sizeof MANIFEST_NAME + 1);
    sprintf(p, "%s/%s", dir, MANIFEST_NAME);
    return p;
}

/* Writes DIR/MANIFEST; returns the files it lists. */
static int write_manifest(const char *dir) {
    Manifest *m = manifest_scan(dir);
    char *path = manifest_path(dir);
    manifest_write(m, path);
    int n = m->n;
    free(path);
    manifest_free(m);
    return n;
}

static int run_manifest(const char *dir) {
    printf("%s/%s: %d files\n", dir, MANIFEST_NAME, write_manifest(dir));
    return 0;
}

/* The problems of DIR against its MANIFEST, each printed; *LISTED, *PRESENT: the files
 * listed and present. */
static int manifest_problems(const char *dir, int *listed, int *present) {
    char *path = manifest_path(dir);
    if (access(path, F_OK) != 0)
        die("'%s' is missing (make archive writes an archive's MANIFEST, make archive-save a pending folder's)", path);
    Manifest *l = manifest_read(path), *p = manifest_scan(dir);
    int problems = manifest_compare(l, p, dir);
    *listed = l->n;
    *present = p->n;
    manifest_free(l);
    manifest_free(p);
    free(path);
    return problems;
}

static int run_verify(const Opts *o, const char *dir) {
    int listed, present, problems = manifest_problems(dir, &listed, &present);
    char what[128];
    snprintf(what, sizeof what, "%d files listed, %d present", listed, present);
    return write_claim(o->claims, "archive.manifest", dir, problems, what);
}

static int run_provenance(const Opts *o, const char *dir) {
    CommitList *commits = o->commits ? commits_read(o->commits) : NULL;
    int problems = provenance_check(dir, commits);
    char what[128];
    if (commits) snprintf(what, sizeof what, "commits looked up in a history of %d", commits->n);
    else snprintf(what, sizeof what, "no git history: commits checked for form only");
    commits_free(commits);
    return write_claim(o->claims, "archive.provenance", dir, problems, what);
}

/* PATH's text as a whole number (a file the tool wrote); 0 if it is not there. */
static long read_count(const char *path) {
    if (!is_file(path)) return 0;
    FILE *f = fopen(path, "r");
    long n = 0;
    if (!f || fscanf(f, "%ld", &n) != 1) die("'%s' holds no whole number", path);
    fclose(f);
    return n;
}

static void write_count(const char *path, long n) {
    AtomicFile *f = atomic_open(path);
    fprintf(f->fp, "%ld\n", n);
    atomic_commit(f);
}

static int run_earlier(const char *dir) {
    Lines runs = {0};
    identity_earlier_runs(dir, &runs);
    lines_print(&runs, stdout, '\n');
    lines_free(&runs);
    return 0;
}

static int run_tolerance(const Opts *o, const char *dir) {
    if (identity_assembled_here(dir)) printf("--exact\n");
    else if (o->atol) printf("--rtol %s --atol %s\n", o->rtol, o->atol);
    else printf("--rtol %s\n", o->rtol);
    return 0;
}

static int run_index(const Opts *o, const char *root) {
    AtomicFile *f = atomic_open(o->out);
    archive_index(root, f->fp);
    atomic_commit(f);
    return 0;
}

static int run_status(const Opts *o, const char *root, int n, char **figs) {
    CsvOut *out = csv_create(o->out);
    csv_header(out, ARCHIVE_STATUS_HEADER);
    for (int i = 0; i < n; i++) {
        char *eq = strchr(figs[i], '=');
        if (!eq || eq == figs[i]) die("'%s' is not FIG=RUN,...", figs[i]);
        *eq = 0;
        archive_status_row(out, root, figs[i], eq + 1);
    }
    csv_close(out);
    return 0;
}

static int run_identity(const Opts *o, const char *path) {
    Lines id = {0};
    provenance_identity(o->build, path, &id);
    lines_print(&id, stdout, '\n');
    lines_free(&id);
    return 0;
}

static int run_programs(const char *path) {
    Lines programs = {0};
    identity_programs(path, &programs);
    lines_print(&programs, stdout, '\n');
    lines_free(&programs);
    return 0;
}

/* The pairs of --set, in order, as lines. */
static void given_pairs(const Opts *o, Lines *pairs) {
    for (int i = 0; i < o->set.n; i++) {
        if (!strchr(o->set.v[i], '=') || o->set.v[i][0] == '=') die("--set '%s' is not KEY=VALUE", o->set.v[i]);
        lines_add(pairs, o->set.v[i]);
    }
}

static int run_record(const Opts *o, const char *path) {
    Lines pairs = {0}, prov = {0};
    given_pairs(o, &pairs);
    provenance_compose(o->build, path, NULL, &pairs, &prov);
    lines_print(&prov, stdout, '\n');
    lines_free(&pairs), lines_free(&prov);
    return 0;
}

/* A sitting begins (start, above): the kept runs into kept. */
static void sitting_begin(const Opts *o, Lines *kept) {
    make_dirs(o->work);
    char *sitting = path_in(o->work, "sitting_start"), *now = path_in(o->work, "invocation_start");
    if (!is_file(sitting)) write_count(sitting, (long)time(NULL));
    write_count(now, (long)time(NULL));
    int listed, present;
    if (is_folder(o->pending) && manifest_problems(o->pending, &listed, &present))
        die("'%s' does not verify against its MANIFEST", o->pending);
    char *runs, *ckpt = path_in(o->work, "ckpt");
    if (asprintf(&runs, "%s/results/%s/runs", o->work, o->figure) < 0) die("out of memory");
    int resumed = pending_restore(o->pending, runs, ckpt, kept);
    if (resumed) fprintf(stderr, "icar-archive: %d unfinished run(s) go on from the checkpoints kept in %s/ckpt\n", resumed, o->pending);
    free(sitting), free(now), free(runs), free(ckpt);
}

static int run_start(const Opts *o) {
    Lines kept = {0};
    sitting_begin(o, &kept);
    for (int i = 0; i < kept.n; i++) printf("-o %s\n", kept.s[i]);
    lines_free(&kept);
    return 0;
}

/* The time since start added to the sitting's wall time (WORK/wall_seconds). */
static void sitting_clock(const Opts *o) {
    char *wall = path_in(o->work, "wall_seconds"), *since = path_in(o->work, "invocation_start");
    if (!is_file(since)) die("'%s' is missing (icar-archive start writes it)", since);
    write_count(wall, read_count(wall) + (long)time(NULL) - read_count(since));
    free(wall), free(since);
}

/* The lines of PATH (the archive's own list of its files), as paths. */
static void read_list(const char *path, Lines *out) {
    if (!is_file(path)) die("'%s' is missing (the archive's make writes it)", path);
    FILE *f = fopen(path, "r");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (*line) lines_add(out, line);
    }
    if (f) fclose(f);
}

/* Copies the files FILES (paths under FROM) to TO, keeping their paths. */
static void copy_under(const char *from, const Lines *files, const char *to) {
    for (int i = 0; i < files->n; i++) {
        char *a = path_in(from, files->s[i]), *b = path_in(to, files->s[i]);
        copy_file(a, b);
        free(a), free(b);
    }
}

static int run_finish(const Opts *o) {
    char *dest = path_in(o->root, o->name), *fresh, *results = path_in(o->work, "results");
    if (asprintf(&fresh, "%s.new", dest) < 0) die("out of memory");
    char *list = path_in(o->work, "archive-files.txt"), *psit = path_in(o->pending, "sittings.txt");
    Lines files = {0}, sidecars = {0}, pairs = {0}, prov = {0};
    read_list(list, &files);
    sidecars_of(results, &files, &sidecars);
    remove_tree(fresh);
    make_dirs(fresh);
    copy_under(results, &files, fresh);
    copy_under(results, &sidecars, fresh);
    int earlier = pending_sittings(o->pending);
    if (earlier) {
        char *to = path_in(fresh, "sittings.txt");
        copy_file(psit, to);
        free(to);
    }
    char *wall = path_in(o->work, "wall_seconds");
    given_pairs(o, &pairs);
    lines_addf(&pairs, "wall_seconds=%ld", read_count(wall) + pending_wall(o->pending));
    lines_addf(&pairs, "earlier_sittings=%d", earlier);
    provenance_compose(o->build, fresh, NULL, &pairs, &prov);
    char *provfile = path_in(fresh, "provenance.txt");
    AtomicFile *f = atomic_open(provfile);
    lines_print(&prov, f->fp, '\n');
    atomic_commit(f);
    write_manifest(fresh);
    remove_tree(dest);
    move_path(fresh, dest);
    remove_tree(o->pending);
    char *sitting = path_in(o->work, "sitting_start"), *since = path_in(o->work, "invocation_start");
    remove(sitting);
    remove(since);
    remove(wall);
    free(since);
    printf("archived in %s/ (commit it with git add, and the removal of %s if it was there)\n", dest, o->pending);
    lines_free(&files), lines_free(&sidecars), lines_free(&pairs), lines_free(&prov);
    free(dest), free(fresh), free(results), free(list), free(psit), free(wall), free(provfile), free(sitting);
    return 0;
}

static int run_save(const Opts *o) {
    char *sitting = path_in(o->work, "sitting_start"), *wall = path_in(o->work, "wall_seconds"), *runs;
    if (!is_file(sitting))
        die("no sitting of '%s' in '%s' (run make archive first)", o->pending, o->work);
    if (asprintf(&runs, "%s/results/%s/runs", o->work, o->figure) < 0) die("out of memory");
    char *ckpt = path_in(o->work, "ckpt");
    Lines pairs = {0};
    given_pairs(o, &pairs);
    if (pending_save(o->pending, runs, ckpt, read_count(sitting), o->build, &pairs)) run_manifest(o->pending);
    remove(sitting);
    remove(wall);
    lines_free(&pairs);
    free(sitting), free(wall), free(runs), free(ckpt);
    return 0;
}

/* Runs argv (argv[0] found on PATH) and waits for it; SIGINT and SIGTERM, which reach
 * the whole process group, are left to it meanwhile. Returns its wait status. */
static int run_waited(char **argv) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) die("cannot start '%s'", argv[0]);
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "icar-archive: cannot run '%s'\n", argv[0]);
        _exit(127);
    }
    void (*old_int)(int) = signal(SIGINT, SIG_IGN), (*old_term)(int) = signal(SIGTERM, SIG_IGN);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) die("cannot wait for '%s'", argv[0]);
    signal(SIGINT, old_int);
    signal(SIGTERM, old_term);
    return status;
}

static int run_make(const Opts *o, int n, char **cmd) {
    Lines kept = {0};
    sitting_begin(o, &kept);
    char **argv = xmalloc(((size_t)n + 2 * kept.n + 1) * sizeof *argv);
    int k = 0;
    for (int i = 0; i < n; i++) argv[k++] = cmd[i];
    for (int i = 0; i < kept.n; i++) argv[k++] = "-o", argv[k++] = kept.s[i];
    argv[k] = NULL;
    int status = run_waited(argv);
    free(argv);
    lines_free(&kept);
    sitting_clock(o);
    if (WIFSIGNALED(status)) raise(WTERMSIG(status));   /* stopped as the make was */
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    return run_finish(o);
}

static int run_rerun(const Opts *o, int n, char **runs) {
    Lines allowed = {0};
    for (int i = 0; i < n; i++) lines_add(&allowed, runs[i]);
    Rerun r = {.id = o->id, .claims = o->claims, .scratch = o->scratch, .root = o->root, .jobs = o->jobs,
               .names = o->names, .runs = &allowed, .build = o->build, .plan = o->plan, .make = o->make,
               .rtol = o->rtol, .max_seconds = o->max};
    rerun_check(&r);
    lines_free(&allowed);
    return 0;   /* the claim says whether the rerun equals the archive */
}

/* The modes: name, usage, operands (-1: one or more; -2: any number). */
typedef struct {
    const char *name, *usage;
    int operands;
} Mode;
static const Mode MODES[] = {
    {"manifest", "manifest DIR", 1},
    {"verify", "verify DIR --claims OUT", 1},
    {"provenance", "provenance DIR --claims OUT [--commits FILE]", 1},
    {"keys", "keys", 0},
    {"index", "index ROOT --out FILE", 1},
    {"status", "status ROOT --out FILE FIG=RUN,...", -1},
    {"earlier", "earlier DIR", 1},
    {"tolerance", "tolerance DIR --rtol X [--atol Y]", 1},
    {"identity", "identity PATH [--build DIR]", 1},
    {"rerun", "rerun --id ID --claims OUT --scratch DIR --root ROOT --jobs JOBS --names NAME,... --plan CMD --make CMD --rtol X --max SECONDS [RUN...]", -2},
    {"programs", "programs PATH", 1},
    {"record", "record PATH [--build DIR] --set K=V...", 1},
    {"start", "start --work WORK --pending PENDING --figure FIG", 0},
    {"finish", "finish --work WORK --pending PENDING --root ROOT --name NAME [--build DIR] --set K=V...", 0},
    {"save", "save --work WORK --pending PENDING --figure FIG [--build DIR] --set K=V...", 0},
    {"make", "make --work WORK --pending PENDING --figure FIG --root ROOT --name NAME [--build DIR] --set K=V... -- MAKE ARG...", -1},
    {NULL, NULL, 0}};
enum { MANIFEST, VERIFY, PROVENANCE, KEYS, INDEX, STATUS, EARLIER, TOLERANCE, IDENTITY, RERUN, PROGRAMS, RECORD, START, FINISH, SAVE, MAKE };
static const char *const OPERANDS =
    "OPERAND...\n  (manifest DIR; verify DIR --claims OUT; provenance DIR --claims OUT; keys; index ROOT --out FILE;\n"
    "   status ROOT --out FILE FIG=RUN,...; earlier DIR; tolerance DIR --rtol X [--atol Y]; identity PATH; programs PATH; record PATH;\n"
    "   rerun ...; start/finish/save/make --work WORK ...: see the source's header)";

/* Whether the flags a mode needs are given (the others are ignored). */
static int flags_given(int mode, const Opts *o) {
    switch (mode) {
    case VERIFY: return o->claims != NULL;
    case PROVENANCE: return o->claims != NULL;
    case INDEX: case STATUS: return o->out != NULL;
    case TOLERANCE: return o->rtol != NULL;
    case START: return o->work && o->pending && o->figure;
    case FINISH: return o->work && o->pending && o->root && o->name;
    case SAVE: return o->work && o->pending && o->figure;
    case MAKE: return o->work && o->pending && o->figure && o->root && o->name;
    case RERUN: return o->id && o->claims && o->scratch && o->root && o->jobs && o->names && o->plan && o->make && o->rtol && o->max > 0;
    default: return 1;
    }
}

int main(int argc, char **argv) {
    const char *program = "icar-archive MODE";
    Opts o = {.build = "build"};
    const Opt opts[] = {
        {"claims", OPT_STRING, &o.claims, .arg = "OUT", .help = "verify, provenance: the claim row"},
        {"commits", OPT_STRING, &o.commits, .arg = "FILE",
         .help = "provenance: the git history's commits (git rev-list --all), one per line"},
        {"out", OPT_OUTPUT, &o.out, .arg = "FILE", .help = "index, status: the file written"},
        {"rtol", OPT_STRING, &o.rtol, .arg = "X", .help = "tolerance: the relative tolerance under other kernels"},
        {"atol", OPT_STRING, &o.atol, .arg = "Y", .help = "tolerance: the absolute tolerance under other kernels, beside --rtol"},
        {"build", OPT_STRING, &o.build, .arg = "DIR", .help = "the build folder whose code ids are recorded"},
        {"work", OPT_STRING, &o.work, .arg = "DIR", .help = "the archive's build folder (build/paper/NAME)"},
        {"pending", OPT_STRING, &o.pending, .arg = "DIR", .help = "the archive's pending folder"},
        {"root", OPT_STRING, &o.root, .arg = "DIR", .help = "finish, make: the folder of the archives"},
        {"name", OPT_STRING, &o.name, .arg = "NAME", .help = "finish, make: the archive's name"},
        {"figure", OPT_STRING, &o.figure, .arg = "FIG", .help = "start, save, make: the figure"},
        {"id", OPT_STRING, &o.id, .arg = "ID", .help = "rerun: the claim's id (@FIG is added)"},
        {"scratch", OPT_STRING, &o.scratch, .arg = "DIR", .help = "rerun: the rerun's build folder"},
        {"jobs", OPT_STRING, &o.jobs, .arg = "FILE", .help = "rerun: make plan's job list of the paper profile"},
        {"names", OPT_STRING, &o.names, .arg = "NAME,...", .help = "rerun: the archives to pick the run from"},
        {"plan", OPT_STRING, &o.plan, .arg = "CMD", .help = "rerun: the icar-plan command with its estimate's options"},
        {"make", OPT_STRING, &o.make, .arg = "CMD", .help = "rerun: the make command"},
        {"max", OPT_DOUBLE, &o.max, .min = 1, .max = 1e9, .arg = "SECONDS", .help = "rerun: the longest estimate rerun"},
        {"set", OPT_STRINGS, &o.set, .arg = "KEY=VALUE", .help = "finish, save, make: a line of the provenance (repeatable)"},
        {0}};
    err_set_program("icar-archive");
    int mode = -1;
    for (int i = 0; argc > 1 && MODES[i].name; i++)
        if (strcmp(argv[1], MODES[i].name) == 0) mode = i;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) { opts_usage(stdout, opts, program, OPERANDS); return 0; }
    if (mode < 0) opts_fail(opts, program, OPERANDS, "the first argument is the mode (--help lists them)");
    int first = opts_parse(opts, argc - 1, argv + 1, program, OPERANDS);   /* the mode takes argv[0]'s place */
    err_set_program("icar-archive");   /* opts_parse named it with the MODE */
    int nrest = argc - 1 - first;
    char **rest = argv + 1 + first;
    for (int i = 0; mode != MAKE && i < nrest; i++)   /* names: DIR/PATH (make: a command, as given) */
        for (size_t n = strlen(rest[i]); n > 1 && rest[i][n - 1] == '/'; n--) rest[i][n - 1] = 0;
    const Mode *m = &MODES[mode];
    int operands_ok = m->operands == -2 || (m->operands == -1 ? nrest >= 1 : nrest == m->operands);
    if (!operands_ok || !flags_given(mode, &o))
        opts_fail(opts, program, OPERANDS, "usage: icar-archive %s", m->usage);
    switch (mode) {
    case MANIFEST: return run_manifest(rest[0]);
    case VERIFY: return run_verify(&o, rest[0]);
    case PROVENANCE: return run_provenance(&o, rest[0]);
    case KEYS: provenance_describe(stdout); return 0;
    case INDEX: return run_index(&o, rest[0]);
    case STATUS: return run_status(&o, rest[0], nrest - 1, rest + 1);
    case EARLIER: return run_earlier(rest[0]);
    case TOLERANCE: return run_tolerance(&o, rest[0]);
    case IDENTITY: return run_identity(&o, rest[0]);
    case RERUN: return run_rerun(&o, nrest, rest);
    case PROGRAMS: return run_programs(rest[0]);
    case RECORD: return run_record(&o, rest[0]);
    case START: return run_start(&o);
    case FINISH: return run_finish(&o);
    case MAKE: return run_make(&o, nrest, rest);
    case SAVE: return run_save(&o);
    }
    return 2;
}
