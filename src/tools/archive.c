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
 * Exit status 1 when a check finds a problem (the fragment is written first). */
#include "claims.h"
#include "err.h"
#include "manifest.h"
#include "opts.h"
#include "provenance.h"
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *claims, *commits;
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

static int run_manifest(const char *dir) {
    Manifest *m = manifest_scan(dir);
    char *path = manifest_path(dir);
    manifest_write(m, path);
    printf("%s: %d files\n", path, m->n);
    free(path);
    manifest_free(m);
    return 0;
}

static int run_verify(const Opts *o, const char *dir) {
    char *path = manifest_path(dir);
    if (access(path, F_OK) != 0)
        die("'%s' is missing (make archive writes an archive's MANIFEST, make archive-save a pending folder's)", path);
    Manifest *listed = manifest_read(path), *present = manifest_scan(dir);
    int problems = manifest_compare(listed, present, dir);
    char what[128];
    snprintf(what, sizeof what, "%d files listed, %d present", listed->n, present->n);
    manifest_free(listed);
    manifest_free(present);
    free(path);
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

static const char *const MODES[] = {"manifest", "verify", "provenance", "keys", NULL};
enum { MANIFEST, VERIFY, PROVENANCE, KEYS };
static const char *const OPERANDS = "DIR\n  (manifest DIR; verify DIR --claims OUT; provenance DIR --claims OUT; keys)";

int main(int argc, char **argv) {
    const char *program = "icar-archive MODE";
    Opts o = {0};
    const Opt opts[] = {
        {"claims", OPT_STRING, &o.claims, .arg = "OUT", .help = "verify, provenance: the claim row"},
        {"commits", OPT_STRING, &o.commits, .arg = "FILE",
         .help = "provenance: the git history's commits (git rev-list --all), one per line"},
        {0}};
    err_set_program("icar-archive");
    int mode = -1;
    for (int i = 0; argc > 1 && MODES[i]; i++)
        if (strcmp(argv[1], MODES[i]) == 0) mode = i;
    if (argc == 2 && strcmp(argv[1], "--help") == 0) { opts_usage(stdout, opts, program, OPERANDS); return 0; }
    if (mode < 0) opts_fail(opts, program, OPERANDS, "the first argument is the mode: manifest, verify, provenance or keys");
    int first = opts_parse(opts, argc - 1, argv + 1, program, OPERANDS);   /* the mode takes argv[0]'s place */
    err_set_program("icar-archive");   /* opts_parse named it with the MODE */
    int nrest = argc - 1 - first;
    char *dir = nrest == 1 ? argv[1 + first] : NULL;
    for (size_t n = dir ? strlen(dir) : 0; n > 1 && dir[n - 1] == '/'; n--) dir[n - 1] = 0;   /* names: DIR/PATH */
    if (mode == KEYS && nrest == 0 && !o.claims && !o.commits) { provenance_describe(stdout); return 0; }
    if (mode == MANIFEST && dir && !o.claims && !o.commits) return run_manifest(dir);
    if (mode == VERIFY && dir && o.claims && !o.commits) return run_verify(&o, dir);
    if (mode == PROVENANCE && dir && o.claims) return run_provenance(&o, dir);
    opts_fail(opts, program, OPERANDS, "the flags and operands do not match the mode");
}
