/* icar-archive on small made-up archives: a MANIFEST written and verified; each kind of
 * tampering (a changed byte of a CSV, a file added, a file removed, the provenance
 * edited) found and named; a symlink refused; the provenance held to its known keys,
 * required keys and forms, and its commits to the given history; the runs of earlier
 * sittings that must be made again; what make knows of the archives (index, status); a
 * pending folder taken up, a sitting kept in it, and an archive finished from it. */
#include "atomic.h"
#include "readfile.h"
#include "record.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char bindir[4096];

#define COMMIT "5b61abec1d9fa1c0d57aedb5a046f0f91fc821ea"
#define SHA "dd7658fdb8625b4018c9b75ebcf275ba14cf4fb7d591960ed7713cb206f6e1ee"
/* The lines a record of either file states (src/core/provwrite.h). */
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

/* The wall_seconds of every record of file NAME (BLOCKS: sittings.txt), summed; -1 if
 * the file is not there. */
static long wall_seconds(const char *name, int blocks) {
    if (access(test_path(name), F_OK) != 0) return -1;
    Records *rs = records_read(test_path(name), blocks);
    long sum = 0;
    for (int b = 0; b < rs->n; b++) {
        const char *w = record_value(&rs->r[b], "wall_seconds");
        sum += w ? atol(w) : 0;
    }
    records_free(rs);
    return sum;
}

/* Runs icar-archive ARGS from the repository (the provenance hashes its src/); 1 if it
 * exits 0. Its stdout is kept in out.txt, its stderr in err.txt. */
static int archive_here(const char *args) {
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s/icar-archive %s > %s 2> %s", bindir, args, test_path("out.txt"), test_path("err.txt"));
    int st = system(cmd);
    return test_exit_status(st, cmd, test_path("err.txt")) == 0;
}

/* 1 iff file NAME of the scratch folder holds exactly TEXT. */
static int file_is(const char *name, const char *text) {
    if (access(test_path(name), F_OK) != 0) return 0;
    size_t n;
    char *body = read_file(test_path(name), &n);
    int same = strcmp(body, text) == 0;
    free(body);
    return same;
}

/* COMMON after its figure= line (a Figure 5 record states figure=fig5 before it). */
#define FIGURE_AFTER (COMMON + sizeof "figure=fig9")
#define OTHER "0000000000000000000000000000000000000000000000000000000000000000"
#define KERNEL "kernel=OpenBLAS 0.3.21 Haswell; own kernels x86-64-v4\n"
/* A made-up Figure 5 archive r/fig5 made over three sittings (its runs made by
 * icar-fig9): L1 by a sitting of other sources of src/ but the same code id of icar-fig9, L2 by one that states no code id
 * (its src/ decides), L3 by the last (provenance.txt). A pending folder r/pending/fig5b
 * of one sitting. BLOCK1_KERNEL: the kernel line of L1's sitting. */
static void make_sittings(const char *block1_kernel) {
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s/fig5/fig5/runs %s/pending/fig5b/runs", test_path("r"),
             test_path("r"), test_path("r"));
    if (system(cmd) != 0) die("cannot make the archive '%s'", test_path("r"));
    char folder[1200], prov[4096], sit[4096];
    snprintf(folder, sizeof folder, "%s", test_path("r/fig5"));
    for (int l = 1; l <= 3; l++) {
        char name[64];
        snprintf(name, sizeof name, "fig5/runs/L%d.csv", l);
        test_put(folder, name, "# tool=icar-fig9\n# seed=1\nepoch,train_mse\n1,0.5\n");
    }
    snprintf(prov, sizeof prov, "figure=fig5\ncommand=make archive FIG=fig5\nearlier_sittings=2\n%s", FIGURE_AFTER);
    test_put(folder, "provenance.txt", prov);
    snprintf(sit, sizeof sit,
             "[sitting]\nruns=L1.csv\nsrc_sha256=" OTHER "\n%scode_id.icar-fig9=" SHA "\n"
             "[sitting]\nruns=L2.csv\nsrc_sha256=" OTHER "\n" KERNEL,
             block1_kernel);
    test_put(folder, "sittings.txt", sit);
    snprintf(sit, sizeof sit, "[sitting]\nruns=L4.csv\nfigure=fig5\n%s", FIGURE_AFTER);
    test_put(test_path("r/pending/fig5b"), "sittings.txt", sit);
    test_put(test_path("r/pending/fig5b"), "runs/L4.csv", "# seed=1\nepoch,train_mse\n1,0.25\n");
}

static void test_sittings(void) {
    make_sittings(KERNEL);
    test_ok("archive.earlier_code_id", archive("earlier r/fig5") && file_is("out.txt", "L2.csv\n"),
            "of three sittings, only the run whose sitting states neither the same code id nor the same src/ is to rerun");
    make_sittings("kernel=OpenBLAS 0.3.21 Cooperlake; own kernels x86-64-v4\n");
    test_ok("archive.earlier_kernel", archive("earlier r/fig5") && file_is("out.txt", "L1.csv\nL2.csv\n"),
            "a sitting of the same code but other CPU kernels: its run is to rerun too");
    make_sittings(KERNEL "garbage\n");
    test_ok("archive.sittings_malformed", !archive("earlier r/fig5") && said("r/fig5/sittings.txt' line 5: 'garbage' is not KEY=VALUE"),
            "a malformed sittings.txt is an error naming the file and the line");
    make_sittings(KERNEL);
    test_ok("archive.index",
            archive("index r --out idx.mk") && test_file_has("idx.mk", "ARCHIVES += fig5\nARCHIVE_FIGURE.fig5 := fig5\n") &&
                test_file_has("idx.mk", "ARCHIVE_PROFILE.fig5 := PROFILE=paper SEED=1 \n") &&
                test_file_has("idx.mk", "ARCHIVE_EARLIER.fig5 := L2.csv\n") &&
                test_file_has("idx.mk", "ARCHIVES_PENDING += fig5b\nPENDING_FIGURE.fig5b := fig5\n"),
            "the index lists the archive, its profile, the run to rerun and the pending folder");
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "mv %s %s", test_path("r/pending/fig5b"), test_path("r/pending/fig5"));
    if (system(cmd) != 0) die("cannot move the pending folder");
    test_ok("archive.status",
            archive("status r --out st.csv fig5=fig5/runs/L1.csv,fig5/runs/L4.csv,fig5/runs/L6.csv fig3=") &&
                file_is("st.csv", "figure,runs,archived,kept,not_run,not_run_list\nfig5,3,1,1,1,L6\nfig3,1,0,0,1,fig3\n"),
            "status counts the archived, the kept and the runs not run");
}

#define SIDECAR "host=node7\ncpu=Made-up CPU\ncores=64\nkernel=OpenBLAS made-up; own kernels default\nthreads=1\nmax_rss_kib=1\n"
/* The flags naming the work folder w and the pending folder p, for the modes of a sitting. */
static const char *places(void) {
    static char buf[4400];
    snprintf(buf, sizeof buf, "--work %s --pending %s --build %s", test_path("w"), test_path("p"), bindir);
    return buf;
}

/* A pending folder p as a sitting kept it: run L1 with its sidecar, the checkpoint of L2,
 * one sitting, its MANIFEST; an empty work folder w. */
static void make_pending(void) {
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s && mkdir -p %s/runs %s/ckpt", test_path("p"), test_path("w"), test_path("p"),
             test_path("p"));
    if (system(cmd) != 0) die("cannot make the pending folder");
    char folder[1200], sit[4096];
    snprintf(folder, sizeof folder, "%s", test_path("p"));
    test_put(folder, "runs/L1.csv", "# seed=1\nepoch,train_mse\n1,0.5\n");
    test_put(folder, "runs/L1.where", SIDECAR);
    test_put(folder, "ckpt/fig5-L2.ckpt", "made-up checkpoint\n");
    snprintf(sit, sizeof sit, "[sitting]\nruns=L1.csv\ncheckpoints=fig5-L2.ckpt\nfigure=fig5\n%s", FIGURE_AFTER);
    test_put(folder, "sittings.txt", sit);
    archive("manifest p");
}

/* icar-archive start of the made-up sitting; 1 if it exits 0. */
static int start(void) {
    char args[4600];
    snprintf(args, sizeof args, "start %s --figure fig5", places());
    return archive_here(args);
}

static void test_pending(void) {
    make_pending();
    char out[2400];
    snprintf(out, sizeof out, "-o %s\n", test_path("w/results/fig5/runs/L1.csv"));
    test_ok("archive.pending_taken_up",
            start() && file_is("out.txt", out) && file_is("w/ckpt/fig5-L2.ckpt", "made-up checkpoint\n") &&
                file_is("w/results/fig5/runs/L1.where", SIDECAR) && access(test_path("w/sitting_start"), F_OK) == 0,
            "a pending folder is taken up: its run kept for make (-o), its sidecar and checkpoint put in place");
    make_pending();
    test_put(test_path("p"), "runs/L1.csv", "# seed=1\nepoch,train_mse\n1,0.6\n");
    test_ok("archive.pending_tampered", !start() && said("p' does not verify against its MANIFEST"),
            "a pending folder that differs from its MANIFEST is not taken up");
    make_pending();
    start();
    test_put(test_path("w/results/fig5/runs"), "L1.csv", "# seed=1\nepoch,train_mse\n1,0.7\n");
    test_ok("archive.pending_conflict", !start() && said("differs from the kept run"),
            "a run of the work folder that differs from the kept one stops the sitting");

    /* a second sitting finishes L2 and checkpoints L3; it is kept */
    make_pending();
    start();
    test_put(test_path("w/results/fig5/runs"), "L2.csv", "# seed=1\nepoch,train_mse\n1,0.25\n");
    test_put(test_path("w/results/fig5/runs"), "L2.where", SIDECAR);
    remove(test_path("w/ckpt/fig5-L2.ckpt"));
    test_put(test_path("w/ckpt"), "fig5-L3.ckpt", "another checkpoint\n");
    char args[4800];
    snprintf(args, sizeof args, "save %s --figure fig5 --set figure=fig5 --set overrides= --set threads=2 --set seed=1 --set launch=", places());
    int saved = archive_here(args);
    snprintf(args, sizeof args, "provenance %s --claims %s", test_path("p"), test_path("pp.csv"));
    int valid = archive_here(args) && fragment("pp.csv", "archive.provenance@p") == 0;
    snprintf(args, sizeof args, "verify %s --claims %s", test_path("p"), test_path("pv.csv"));
    int listed = archive_here(args);
    test_ok("archive.pending_saved",
            saved && valid && listed && test_file_has("p/sittings.txt", "\n[sitting]\nruns=L2.csv\ncheckpoints=fig5-L3.ckpt\nwall_seconds=") &&
                test_file_has("p/sittings.txt", "\nmachine=runs\nhost=node7\n") && file_is("p/runs/L2.where", SIDECAR) &&
                access(test_path("p/ckpt/fig5-L2.ckpt"), F_OK) != 0 && file_is("p/ckpt/fig5-L3.ckpt", "another checkpoint\n") &&
                access(test_path("w/sitting_start"), F_OK) != 0,
            "a sitting kept: its run and sidecar, its checkpoint in place of the last, its block of known keys, the MANIFEST");

    /* the last sitting makes L3 and the archive is finished */
    start();
    test_put(test_path("w/results/fig5/runs"), "L3.csv", "# seed=1\nepoch,train_mse\n1,0.125\n");
    make_dirs(test_path("w/results/claims"));
    test_put(test_path("w/results"), "claims/fig5.csv", "id,measured,note\nfig5.x,1,\n");
    test_put(test_path("w"), "archive-files.txt", "fig5/runs/L1.csv\nfig5/runs/L2.csv\nfig5/runs/L3.csv\nclaims/fig5.csv\n");
    test_put(test_path("w"), "wall_seconds", "100\n");
    snprintf(args, sizeof args, "finish %s --root %s --name fig5 --set figure=fig5 --set 'command=make archive FIG=fig5' "
             "--set overrides= --set threads=2 --set seed=1 --set launch=", places(), test_path("done"));
    int finished = archive_here(args);
    snprintf(args, sizeof args, "provenance %s --claims %s", test_path("done/fig5"), test_path("dp.csv"));
    valid = archive_here(args) && fragment("dp.csv", "archive.provenance@fig5") == 0;
    snprintf(args, sizeof args, "verify %s --claims %s", test_path("done/fig5"), test_path("dv.csv"));
    listed = archive_here(args);
    test_ok("archive.finished",
            finished && valid && listed && test_file_has("done/fig5/provenance.txt", "\nearlier_sittings=2\n") &&
                wall_seconds("done/fig5/provenance.txt", 0) == 100 + wall_seconds("done/fig5/sittings.txt", 1) &&
                file_is("done/fig5/fig5/runs/L1.where", SIDECAR) && file_is("done/fig5/fig5/runs/L3.csv", "# seed=1\nepoch,train_mse\n1,0.125\n") &&
                access(test_path("p"), F_OK) != 0 && access(test_path("done/fig5/sittings.txt"), F_OK) == 0,
            "the archive finished from two kept sittings: its files and sidecars, both sittings, the wall time summed, "
            "a valid provenance and MANIFEST, the pending folder removed");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    test_scratch();
    test_manifest();
    test_provenance();
    test_sittings();
    test_pending();
    test_scratch_end();
    return test_end();
}
