/* icar-archivecheck on small made-up archives: the settings check accepts the profile's
 * values and refuses a changed or missing one; compare --exact refuses any changed byte
 * and prints the first line that differs; compare --rtol accepts a change in the last
 * digits and refuses a larger one; suffix appends to every claim id. */
#include "readfile.h"
#include "sidecars.h"
#include "test.h"
#include <stdlib.h>
#include <string.h>

static char dir[] = "/tmp/icar-test-archivecheck-XXXXXX";
static char bindir[4096];

/* Runs icar-archivecheck ARGS (file names relative to the folder); 1 if it exits 0. */
static int check(const char *args) {
    char cmd[16384];
    snprintf(cmd, sizeof cmd, "cd %s && %s/icar-archivecheck %s > out.txt 2>&1", dir, bindir, args);
    return system(cmd) == 0;
}

/* 1 iff the last run printed TEXT. */
static int printed(const char *text) {
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    size_t n;
    char *out = read_file(path, &n);
    int found = strstr(out, text) != NULL;
    free(out);
    return found;
}

/* 1 iff the one-row fragment NAME measured no mismatch (the registry's archive.*
 * claims require 0). */
static int fragment_pass(const char *name) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CsvTable *t = table_read(path);
    int pass = t->nrows == 1 && table_num(t, 0, table_col(t, "measured")) == 0;
    table_free(t);
    return pass;
}

/* 1 iff icar-archive tolerance prints WANT for the made-up archive NAME. */
static int tolerance_is(const char *name, const char *want) {
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "%s/icar-archive tolerance %s/%s --rtol 0.5 > %s/out.txt 2>&1", bindir, dir, name, dir);
    return system(cmd) == 0 && printed(want);
}

/* icar-archive record with the pairs KEYS on the sidecars under folder NAME into
 * NAME/provenance.txt (its stderr NAME.err), then icar-archive provenance on it; *MADE: 1
 * iff both exit 0. Returns the text of NAME/provenance.txt, or of NAME.err where ERR. */
static char *provenance_of(const char *name, const char *keys, int err, int *made) {
    char cmd[16384], path[256];
    snprintf(cmd, sizeof cmd, "%s/icar-archive record %s/%s --build %s %s > %s/%s/provenance.txt 2> %s/%s.err"
             " && %s/icar-archive provenance %s/%s --claims %s/%s.csv > /dev/null 2>&1",
             bindir, dir, name, bindir, keys, dir, name, dir, name, bindir, dir, name, dir, name);
    *made = system(cmd) == 0;
    snprintf(path, sizeof path, err ? "%s/%s.err" : "%s/%s/provenance.txt", dir, name);
    size_t len;
    return read_file(path, &len);
}

/* Runs resumed from checkpoints: each sidecar's segment= lines name the machines that
 * trained part of the run. One machine over all segments: machine=runs; several: a
 * where.RUN.N line per segment. The kernel of a run is known only where its segments
 * ran on one. */
static void test_resumed_sidecars(const char *keys, const char *where) {
    const char *seg = "segment=epochs %s of linear L=1; host=%s; cpu=Made-up CPU 9000; cores=64; kernel=%s; threads=1\\n";
    char cmd[16384], same[512], other[512];
    snprintf(same, sizeof same, seg, "1-5", "node7", "OpenBLAS made-up; own kernels default");
    snprintf(other, sizeof other, seg, "1-5", "node9", "OpenBLAS other; own kernels x86-64-v3");
    char tail[512];
    snprintf(tail, sizeof tail, seg, "6-9", "node7", "OpenBLAS made-up; own kernels default");
    snprintf(cmd, sizeof cmd, "cd %s && mkdir -p one/fig5/runs two/fig5/runs && printf '%s%s%s' > one/fig5/runs/L1.where"
             " && printf '%s%s%s' > two/fig5/runs/L1.where && cp one/fig5/runs/L1.where two/fig5/runs/L2.where",
             dir, where, same, tail, where, other, tail);
    if (system(cmd) != 0) die("cannot write the made-up resumed sidecars in '%s'", dir);
    int made;
    char *text = provenance_of("one", keys, 0, &made);
    test_ok("provenance.segments_agree", made && strstr(text, "\nmachine=runs\n") && strstr(text, "\nhost=node7\n") &&
            !strstr(text, "where."), text);
    free(text);
    text = provenance_of("two", keys, 0, &made);
    test_ok("provenance.segments_differ", made && strstr(text, "\nmachine=make\n") &&
            strstr(text, "\nwhere.L1=host=node7; cpu=Made-up CPU 9000; cores=64; kernel=OpenBLAS made-up;") &&
            strstr(text, "\nwhere.L1.1=epochs 1-5 of linear L=1; host=node9; cpu=Made-up CPU 9000; cores=64; "
                         "kernel=OpenBLAS other; own kernels x86-64-v3; threads=1\n") &&
            strstr(text, "\nwhere.L1.2=epochs 6-9 of linear L=1; host=node7;") && strstr(text, "\nwhere.L2.2=epochs 6-9"), text);
    free(text);
    /* the kernel of a run: one (an old sidecar, and a run resumed on the same kernels), or
     * none where its segments ran on several */
    const char *runs[] = {"agree/fig5/runs/L1.where", "one/fig5/runs/L1.where", "two/fig5/runs/L1.where"};
    int ok[3];
    char path[256], kernel[1024];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, runs[i]);
        ok[i] = sidecar_kernel(path, kernel, sizeof kernel) && strcmp(kernel, "OpenBLAS made-up; own kernels default") == 0;
    }
    test_ok("run_where.kernel_of_segments", ok[0] && ok[1] && !ok[2],
            "one kernel for an old sidecar and for a run resumed on the same kernels, none for segments on two");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    if (!mkdtemp(dir)) die("cannot create a temporary folder");
    test_put(dir, "a.csv", "# epochs=200\n# load_average_1min=0.5\nH,mse\n1,0.123456789\n");
    test_put(dir, "b.csv", "# train=16384\n# epochs=200\nx\n1\n");
    test_put(dir, "a-same.csv", "# epochs=200\n# load_average_1min=0.5\nH,mse\n1,0.123456789\n");
    test_put(dir, "a-digits.csv", "# epochs=200\n# load_average_1min=3.5\nH,mse\n1,0.12345679\n");
    test_put(dir, "a-moved.csv", "# epochs=200\n# load_average_1min=0.5\nH,mse\n1,0.1236\n");
    test_put(dir, "a-epochs.csv", "# epochs=100\n# load_average_1min=0.5\nH,mse\n1,0.123456789\n");

    const char *s = "settings --id x --claims s.csv";
    char args[1024];
    snprintf(args, sizeof args, "%s --expect epochs=200 --expect train=16384 a.csv b.csv", s);
    test_ok("archivecheck.settings_match", check(args) && fragment_pass("s.csv"), "the profile's values pass");
    snprintf(args, sizeof args, "%s --expect epochs=2000 --expect train=16384 a.csv b.csv", s);
    test_ok("archivecheck.settings_differ", !check(args) && !fragment_pass("s.csv"),
            "a value other than the profile's fails (in one file of two)");
    snprintf(args, sizeof args, "%s --expect test=1024 a.csv b.csv", s);
    test_ok("archivecheck.settings_missing", !check(args) && !fragment_pass("s.csv"), "a key no file records fails");

    const char *c = "compare --id x --claims c.csv";
    snprintf(args, sizeof args, "%s --exact a.csv a-same.csv b.csv b.csv", c);
    test_ok("archivecheck.exact_same", check(args) && fragment_pass("c.csv"), "equal files pass --exact");
    snprintf(args, sizeof args, "%s --exact a.csv a-digits.csv", c);
    test_ok("archivecheck.exact_differ", !check(args) && !fragment_pass("c.csv"), "a changed digit fails --exact");
    snprintf(args, sizeof args, "%s --exact a.csv a-moved.csv", c);
    test_ok("archivecheck.exact_first_line",
            !check(args) && printed("a.csv line 4: 1,0.123456789\na-moved.csv line 4: 1,0.1236\n"),
            "--exact prints the first line that differs, as each file has it");
    snprintf(args, sizeof args, "%s --rtol 1e-3 a.csv a-digits.csv", c);
    test_ok("archivecheck.rtol_digits", check(args) && fragment_pass("c.csv"),
            "last digits and a load average may differ under --rtol 1e-3");
    snprintf(args, sizeof args, "%s --rtol 1e-3 a.csv a-moved.csv", c);
    test_ok("archivecheck.rtol_moved", !check(args) && !fragment_pass("c.csv"), "a change of 1e-3 relative fails");
    snprintf(args, sizeof args, "%s --rtol 1e-3 a.csv a-epochs.csv", c);
    test_ok("archivecheck.rtol_settings", !check(args) && !fragment_pass("c.csv"), "a changed setting fails");

    /* a claim at the rounding level (Figure 4's fit_exact under other CPU kernels) */
    test_put(dir, "f.csv", "id,measured,note\nfit,2.7e-18,\ncount,13,\n");
    test_put(dir, "f-kernel.csv", "id,measured,note\nfit,2.5e-18,\ncount,13,\n");
    test_put(dir, "f-moved.csv", "id,measured,note\nfit,1e-13,\ncount,13,\n");
    snprintf(args, sizeof args, "%s --rtol 1e-2 f.csv f-kernel.csv", c);
    test_ok("archivecheck.rtol_rounding", !check(args) && !fragment_pass("c.csv"),
            "a number at the rounding level moved at its first digit fails --rtol alone");
    snprintf(args, sizeof args, "%s --rtol 1e-2 --atol 1e-15 f.csv f-kernel.csv", c);
    test_ok("archivecheck.atol_rounding", check(args) && fragment_pass("c.csv") && printed("or absolute 1e-15"),
            "it passes within --atol 1e-15");
    snprintf(args, sizeof args, "%s --rtol 1e-2 --atol 1e-15 f.csv f-moved.csv", c);
    test_ok("archivecheck.atol_moved", !check(args) && !fragment_pass("c.csv") && printed("claim fit measured 2.7e-18"),
            "a number moved above --atol fails, naming the claim");
    snprintf(args, sizeof args, "%s --exact --atol 1e-15 f.csv f-kernel.csv", c);
    test_ok("archivecheck.atol_exact", !check(args) && printed("--atol goes with --rtol"), "--atol with --exact is refused");

    /* icar-archive tolerance: byte for byte only under the CPU kernels recorded */
    char cmd0[16384];
    snprintf(cmd0, sizeof cmd0, "cd %s && mkdir -p same other && { printf kernel=; %s/icar-archivecheck kernel; } > same/provenance.txt"
             " && echo 'kernel=OpenBLAS 0.3.21 Cooperlake; own kernels x86-64-v4 (another machine)' > other/provenance.txt",
             dir, bindir);
    if (system(cmd0) != 0) die("cannot write the made-up provenances in '%s'", dir);
    test_ok("archivecheck.tolerance_same", tolerance_is("same", "--exact"), "the recorded CPU kernels: --exact");
    test_ok("archivecheck.tolerance_other", tolerance_is("other", "--rtol 0.5"), "other CPU kernels: --rtol RTOL");
    snprintf(cmd0, sizeof cmd0, "%s/icar-archive tolerance %s/other --rtol 0.5 --atol 1e-15 > %s/out.txt 2>&1", bindir, dir, dir);
    test_ok("archivecheck.tolerance_atol", system(cmd0) == 0 && printed("--rtol 0.5 --atol 1e-15\n"),
            "other CPU kernels with --atol: both flags");

    /* the re-derived files are the assemblers', which ran where make ran: make_kernel= where
     * the runs' sidecars gave kernel= another machine's */
    snprintf(cmd0, sizeof cmd0, "cd %s && mkdir -p runs-other make-other && { echo 'kernel=OpenBLAS 0.3.21 Cooperlake; own kernels x86-64-v4 (a node)';"
             " printf make_kernel=; %s/icar-archivecheck kernel; } > runs-other/provenance.txt"
             " && { printf kernel=; %s/icar-archivecheck kernel; echo 'make_kernel=OpenBLAS 0.3.21 Cooperlake; own kernels default'; } > make-other/provenance.txt",
             dir, bindir, bindir);
    if (system(cmd0) != 0) die("cannot write the made-up provenances in '%s'", dir);
    test_ok("archivecheck.tolerance_make_kernel", tolerance_is("runs-other", "--exact") && tolerance_is("make-other", "--rtol 0.5"),
            "make_kernel=, where recorded, decides how the assembled files compare");

    /* icar-archive record reads the runs' sidecars (RUN.where): one machine when they agree,
     * one where.RUN line per run when they do not; icar-archive provenance accepts both */
    const char *keys = "--set figure=fig5 --set command=make --set overrides= --set threads=1 --set seed=1 --set launch=srun --set wall_seconds=1";
    const char *where = "host=node7\ncpu=Made-up CPU 9000\ncores=64\nkernel=OpenBLAS made-up; own kernels default\nthreads=1\nmax_rss_kib=100\n";
    char agree[4096];
    snprintf(agree, sizeof agree, "cd %s && mkdir -p agree/fig5/runs differ/fig5/runs bad/fig5/runs && printf '%s' > agree/fig5/runs/L1.where"
             " && cp agree/fig5/runs/L1.where agree/fig5/runs/L2.where && cp agree/fig5/runs/L1.where differ/fig5/runs/L1.where"
             " && sed 's/node7/node8/; s/cores=64/cores=32/' agree/fig5/runs/L1.where > differ/fig5/runs/L2.where"
             " && grep -v kernel= agree/fig5/runs/L1.where > bad/fig5/runs/L1.where", dir, where);
    if (system(agree) != 0) die("cannot write the made-up sidecars in '%s'", dir);
    int made;
    char *text = provenance_of("agree", keys, 0, &made);
    test_ok("provenance.sidecars_agree", made && strstr(text, "\nmachine=runs\n") && strstr(text, "\nhost=node7\n") &&
            strstr(text, "\ncpu=Made-up CPU 9000\n") && strstr(text, "\ncores=64\n") &&
            strstr(text, "\nkernel=OpenBLAS made-up; own kernels default\n") && !strstr(text, "where."), text);
    free(text);
    text = provenance_of("differ", keys, 0, &made);
    test_ok("provenance.sidecars_differ", made && strstr(text, "\nmachine=make\n") &&
            strstr(text, "\nwhere.L1=host=node7; cpu=Made-up CPU 9000; cores=64; kernel=OpenBLAS made-up; own kernels default; threads=1\n") &&
            strstr(text, "\nwhere.L2=host=node8; cpu=Made-up CPU 9000; cores=32;") && !strstr(text, "kernel=OpenBLAS made-up; own kernels default\n"), text);
    free(text);
    text = provenance_of("bad", keys, 1, &made);
    test_ok("provenance.sidecar_bad", !made && strstr(text, "bad/fig5/runs/L1.where: no kernel= line"), text);
    free(text);
    test_resumed_sidecars(keys, where);

    test_put(dir, "claims.csv", "id,measured,note\nfig9.x,0.5,\"a, b\"\n");
    int ok = check("suffix --suffix @paper --claims out.csv claims.csv");
    char path[256];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    if (ok) {
        CsvTable *t = table_read(path);
        ok = t->nrows == 1 && strcmp(table_cell(t, 0, table_col(t, "id")), "fig9.x@paper") == 0 &&
             strcmp(table_cell(t, 0, table_col(t, "note")), "a, b") == 0 &&
             table_num(t, 0, table_col(t, "measured")) == 0.5;
        table_free(t);
    }
    test_ok("archivecheck.suffix", ok, "suffix appends to the id and keeps the other fields");

    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) warn("could not remove '%s'", dir);
    return test_end();
}
