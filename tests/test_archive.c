/* icar-archive on small made-up archives: a MANIFEST written and verified; each kind of
 * tampering (a changed byte of a CSV, a file added, a file removed, the provenance
 * edited) found and named; a symlink refused; the provenance held to its known keys,
 * required keys and forms, and its commits to the given history. */
#include "readfile.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char bindir[4096];

#define COMMIT "5b61abec1d9fa1c0d57aedb5a046f0f91fc821ea"
#define SHA "dd7658fdb8625b4018c9b75ebcf275ba14cf4fb7d591960ed7713cb206f6e1ee"
/* The lines a record of either file states (tools/provenance). */
#define COMMON                                                                                           \
    "figure=fig9\noverrides=\nthreads=2\nseed=1\nlaunch=\nwall_seconds=28\ncommit=" COMMIT "\ndirty=0\n" \
    "src_sha256=" SHA "\nkernel=OpenBLAS 0.3.21 Haswell; own kernels x86-64-v4\ncode_id.icar-fig9=" SHA \
    "\ncpu=AMD EPYC\ncores=2\nopenblas_coretype=unset\ndate=2026-12-01T00:41:06Z\n"
static const char *PROVENANCE = "command=make archive FIG=fig9\nearlier_sittings=1\n" COMMON
                                "note=cores: corrected by hand from 2 to 16\n";
static const char *SITTINGS = "[sitting]\nruns=L1.csv\n" COMMON;

/* A made-up archive test_path(NAME): runs, an assembled CSV, claims, provenance, one
 * earlier sitting. */
static void make_archive(const char *name, const char *provenance, const char *sittings) {
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/fig9/runs %s/claims", test_path(name), test_path(name),
             test_path(name));
    if (system(cmd) != 0) die("cannot make the archive '%s'", test_path(name));
    char folder[1200];
    snprintf(folder, sizeof folder, "%s", test_path(name));
    test_put(folder, "fig9/runs/L1.csv", "# seed=1\nepoch,loss\n1,0.5\n2,0.25\n");
    test_put(folder, "fig9/loss.csv", "# seed=1\nmodel,loss\nsoftmax,0.125\n");
    test_put(folder, "claims/fig9.csv", "id,measured,note\nfig9.softmax_fails,22303.96,\n");
    test_put(folder, "provenance.txt", provenance);
    test_put(folder, "sittings.txt", sittings);
}

/* Runs icar-archive ARGS in the scratch folder; 1 if it exits 0. Its stderr is kept
 * in err.txt. */
static int archive(const char *args) {
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cd %s && %s/icar-archive %s > out.txt 2> err.txt", test_path(""), bindir, args);
    int st = system(cmd);
    return test_exit_status(st, cmd, test_path("err.txt")) == 0;
}

static int said(const char *text) { return test_file_has("err.txt", text); }

/* The measured value of the one row ID of fragment NAME; NaN if it is not so. */
static double fragment(const char *name, const char *id) {
    CsvTable *t = table_read(test_path(name));
    double m = t->nrows == 1 && strcmp(table_cell(t, 0, table_col(t, "id")), id) == 0
                   ? table_num(t, 0, table_col(t, "measured"))
                   : NAN;
    table_free(t);
    return m;
}

/* verify of archive a fails with one problem, and its message is MESSAGE. */
static int verify_finds(const char *message) {
    return !archive("verify a --claims v.csv") && fragment("v.csv", "archive.manifest@a") == 1 && said(message);
}

/* Archive a as made, with its MANIFEST; 1 if written. */
static int manifested_archive(void) {
    make_archive("a", PROVENANCE, SITTINGS);
    return archive("manifest a");
}

static void test_manifest(void) {
    test_ok("archive.manifest_clean",
            manifested_archive() && archive("verify a/ --claims v.csv") && fragment("v.csv", "archive.manifest@a") == 0,
            "an archive verifies against the MANIFEST written of it");

    test_put(test_path("a"), "fig9/runs/L1.csv", "# seed=1\nepoch,loss\n1,0.5\n2,0.26\n");   /* the same size */
    test_ok("archive.manifest_byte", verify_finds("a/fig9/runs/L1.csv: sha256 differs from MANIFEST"),
            "one byte of a run file changed: found and named");
    manifested_archive();
    test_put(test_path("a"), "claims/fig9.csv", "id,measured,note\nfig9.softmax_fails,15000.5,\n");
    test_ok("archive.manifest_size", verify_finds("a/claims/fig9.csv: 45 bytes, MANIFEST says 46"),
            "a claims fragment with another value (and size): found and named");
    manifested_archive();
    test_put(test_path("a"), "fig9/extra.csv", "x\n1\n");
    test_ok("archive.manifest_added", verify_finds("a/fig9/extra.csv: not in MANIFEST"), "a file added: found and named");
    manifested_archive();
    remove(test_path("a/fig9/loss.csv"));
    test_ok("archive.manifest_removed", verify_finds("a/fig9/loss.csv: listed in MANIFEST but missing"),
            "a file removed: found and named");
    char edited[4096];
    snprintf(edited, sizeof edited, "%s", PROVENANCE);
    memcpy(strstr(edited, "seed=1"), "seed=2", 6);
    manifested_archive();
    test_put(test_path("a"), "provenance.txt", edited);
    test_ok("archive.manifest_provenance", verify_finds("a/provenance.txt: sha256 differs from MANIFEST"),
            "the provenance edited (another seed): found and named");

    make_archive("a", PROVENANCE, SITTINGS);
    if (symlink("loss.csv", test_path("a/fig9/link.csv")) != 0) die("cannot make a symlink");
    test_ok("archive.manifest_symlink", !archive("manifest a") && said("a/fig9/link.csv': a symlink") &&
                                            access(test_path("a/MANIFEST"), F_OK) != 0,
            "a symlink in an archive is refused, and no MANIFEST written");
    make_archive("a", PROVENANCE, SITTINGS);
    if (symlink("provenance.txt", test_path("a/MANIFEST")) != 0) die("cannot make a symlink");
    test_ok("archive.manifest_not_regular", !archive("manifest a") && said("a/MANIFEST' exists and is not a regular file"),
            "a MANIFEST that is a symlink is not replaced");
    make_archive("a", PROVENANCE, SITTINGS);
    test_put(test_path("a"), "MANIFEST", "path,size,sha256\nfig9/loss.csv,10,abc\n");
    test_ok("archive.manifest_malformed", !archive("verify a --claims v.csv") && said("a/MANIFEST' row 1: sha256 'abc'"),
            "a malformed MANIFEST is an error naming it and the row");
}

/* provenance of archive a (made with PROVENANCE edited: FROM replaced by TO) against
 * the history in commits.txt finds one problem, printed as MESSAGE. */
static int provenance_finds(const char *from, const char *to, const char *message) {
    char edited[4096];
    const char *at = strstr(PROVENANCE, from);
    if (!at) die("'%s' is not in the made-up provenance", from);
    snprintf(edited, sizeof edited, "%.*s%s%s", (int)(at - PROVENANCE), PROVENANCE, to, at + strlen(from));
    make_archive("a", edited, SITTINGS);
    return !archive("provenance a --claims p.csv --commits commits.txt") &&
           fragment("p.csv", "archive.provenance@a") == 1 && said(message);
}

static void test_provenance(void) {
    test_put(test_path(""), "commits.txt", "0123456789012345678901234567890123456789\n" COMMIT "\n");
    make_archive("a", PROVENANCE, SITTINGS);
    test_ok("archive.provenance_clean",
            archive("provenance a --claims p.csv --commits commits.txt") && fragment("p.csv", "archive.provenance@a") == 0,
            "a provenance of known keys, every required one, each of its form, passes (a note among them)");
    test_ok("archive.provenance_unknown", provenance_finds("note=", "cores_note=", "provenance.txt:18: unknown key 'cores_note'"),
            "an unknown key is named with its line");
    test_ok("archive.provenance_missing", provenance_finds("cpu=AMD EPYC\n", "", "provenance.txt:1: no 'cpu'"),
            "a required key missing is named");
    test_ok("archive.provenance_twice", provenance_finds("cores=2\n", "cores=2\ncores=16\n", "'cores' given twice"),
            "a key given twice is named");
    test_ok("archive.provenance_number", provenance_finds("wall_seconds=28", "wall_seconds=28.5", "wall_seconds '28.5' is not a whole number"),
            "a count that is not a whole number is named");
    test_ok("archive.provenance_flag", provenance_finds("dirty=0", "dirty=yes", "dirty 'yes' is not 0 or 1"),
            "a dirty flag other than 0 or 1 is named");
    test_ok("archive.provenance_date", provenance_finds("2026-12-01T00:41:06Z", "2026-02-30T00:41:06Z", "is not an ISO 8601 UTC date"),
            "a date that is no day (February 30) is named");
    test_ok("archive.provenance_commit_form", provenance_finds(COMMIT, "5b61abe", "commit '5b61abe' is not a commit"),
            "a commit of other than 40 hex digits is named");
    test_ok("archive.provenance_commit_history",
            provenance_finds(COMMIT, "1111111111111111111111111111111111111111", "is not in the git history"),
            "a commit absent from the given history is named");
    test_ok("archive.provenance_earlier", provenance_finds("earlier_sittings=1", "earlier_sittings=2", "earlier_sittings is 2, sittings.txt has 1 blocks"),
            "earlier_sittings other than the blocks of sittings.txt is named");
    make_archive("a", PROVENANCE, "[sitting]\nruns=L1.csv\n");
    test_ok("archive.provenance_sitting", !archive("provenance a --claims p.csv") && said("sittings.txt:1: no 'commit'"),
            "a sitting without its provenance is named, from its first line");
    make_archive("a", PROVENANCE, SITTINGS);
    test_ok("archive.provenance_no_history",
            archive("provenance a --claims p.csv") && fragment("p.csv", "archive.provenance@a") == 0,
            "without a history, a commit of the right form passes");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    test_scratch();
    test_manifest();
    test_provenance();
    test_scratch_end();
    return test_end();
}
