/* Command-line hygiene of every tool in the build folder: an unknown flag, a malformed
 * value and an unwritable output each stop with a message on stderr and a non-zero
 * exit, and leave no output file behind. Then the bad inputs and odd outputs that once
 * gave a wrong result with exit status 0 (or hung, or leaked): outputs that are symlinks,
 * FIFOs, devices, folders, a full device, empty or shared by two flags; inputs that are
 * devices or FIFOs, cut short, in CRLF or holding fewer rows than they state; icar-hist
 * on equal errors; an out-of-range token id; checkpoints that are stale, forged or left
 * behind; NUL bytes in report fragments and manuscript templates; plots gnuplot could not
 * finish; make check rewriting the claims table. Every tool's exit goes through
 * test_exit_status: under make asan a sanitizer's report fails the test. */
#include "test.h"
#include "checkpoint.h"
#include "csvio.h"
#include "readfile.h"
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

static char bindir[4096];

/* Runs the shell command CMD (a tool's name is prefixed with the build folder by the
 * caller); returns its exit status (-1 if it did not exit), stderr in test_path("stderr.txt"). */
static int sh(const char *cmd) {
    char full[12000];
    snprintf(full, sizeof full, "cd %s && { %s ; } 2> stderr.txt > stdout.txt", test_dir, cmd);
    return test_exit_status(system(full), cmd, test_path("stderr.txt"));
}

static int said(const char *text) { return test_file_has("stderr.txt", text); }

static int exists(const char *name) { return access(test_path(name), F_OK) == 0; }

/* Runs `TOOL ARGS` with stdin closed; returns the exit status, *said = stderr not empty. */
static int run_tool(const char *tool, const char *args, int *said) {
    char cmd[9000], errpath[] = "/tmp/icar-test-tools-XXXXXX";
    int fd = mkstemp(errpath);
    if (fd < 0) die("cannot create a temporary file");
    close(fd);
    snprintf(cmd, sizeof cmd, "%s/%s %s < /dev/null > /dev/null 2> %s", bindir, tool, args, errpath);
    int st = system(cmd);
    struct stat sb;
    *said = stat(errpath, &sb) == 0 && sb.st_size > 0;
    int rc = test_exit_status(st, cmd, errpath);
    remove(errpath);
    return rc;
}

static int is_tool(const struct dirent *e) {
    return strncmp(e->d_name, "icar-", 5) == 0 && !strchr(e->d_name, '.');
}

/* ---------- outputs that are not plain files ---------- */

static void test_outputs(void) {
    char cmd[9000];
    test_write(test_path("kept.csv"), "old\n", 4);
    if (symlink("kept.csv", test_path("link.csv")) != 0) die("cannot create a symlink");
    snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out link.csv", bindir);
    struct stat sb;
    int rc = sh(cmd);
    test_ok("tools.out_symlink_followed", rc == 0 && lstat(test_path("link.csv"), &sb) == 0 && S_ISLNK(sb.st_mode) &&
                                              stat(test_path("kept.csv"), &sb) == 0 && sb.st_size > 4,
            "--out LINK: the link stays and the file it points to gets the CSV");
    if (mkfifo(test_path("out.fifo"), 0644) != 0) die("cannot create a FIFO");
    int reader = open(test_path("out.fifo"), O_RDONLY | O_NONBLOCK);   /* the reader is there first */
    snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out out.fifo", bindir);
    rc = sh(cmd);
    char got[4096];
    ssize_t n = read(reader, got, sizeof got);
    close(reader);
    test_ok("tools.out_fifo_written", rc == 0 && lstat(test_path("out.fifo"), &sb) == 0 && S_ISFIFO(sb.st_mode) && n > 0,
            "--out FIFO with its reader: the CSV goes through, the FIFO stays");
    snprintf(cmd, sizeof cmd, "timeout 60 %s/icar-fig1 --steps 5 --out out.fifo", bindir);
    rc = sh(cmd);
    test_ok("tools.out_fifo_no_reader", rc != 0 && rc != -1 && rc != 124 && said("out.fifo") && said("no process reads"),
            "--out FIFO that nobody reads: a clear error at once, not a wait without end");
    snprintf(cmd, sizeof cmd, "{ %s/icar-fig1 --steps 5 --out /dev/stdout --claims /dev/null; echo $? > rc.txt; } | cat > piped.csv",
             bindir);
    sh(cmd);
    size_t len;
    char *piped = read_file(test_path("piped.csv"), &len), *piped_rc = read_file(test_path("rc.txt"), &len);
    test_ok("tools.out_stdout_pipe", !strcmp(piped_rc, "0\n") && strstr(piped, "process,t,x,y,z\n"),
            "--out /dev/stdout into a pipe, --claims /dev/null: the CSV goes through the pipe");
    free(piped);
    free(piped_rc);
    snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out /dev/full", bindir);
    rc = sh(cmd);
    test_ok("tools.out_full_device", rc != 0 && rc != -1 && said("/dev/full") && said("No space left") && !said("Invalid argument"),
            "--out /dev/full: the error is the disk-full one (the first errno), not fsync's EINVAL");
    /* --claims on a copy of /dev/null (the real one must never be replaced); needs root */
    if (mknod(test_path("null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out pts.csv --claims null", bindir);
        rc = sh(cmd);
        test_ok("tools.claims_device_kept", rc == 0 && lstat(test_path("null"), &sb) == 0 && S_ISCHR(sb.st_mode),
                "--claims on a character device (a copy of /dev/null): written to, not replaced");
    } else {
        printf("NOTICE: mknod needs root; tools.out_fifo_written stands in for the device case\n");
    }
    if (mkdir(test_path("folder.csv"), 0755) != 0) die("cannot create a folder");
    snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out folder.csv", bindir);
    rc = sh(cmd);
    test_ok("tools.out_folder_refused", rc != 0 && rc != -1 && said("folder.csv") && said("folder") &&
                                            stat(test_path("folder.csv"), &sb) == 0 && S_ISDIR(sb.st_mode),
            "--out FOLDER: a clear error, the folder untouched");
}

/* Two outputs naming one file, and an empty output path. */
static void test_output_paths(void) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out same.csv --claims ./same.csv", bindir);
    int rc = sh(cmd);
    test_ok("tools.out_same_path_refused", rc != 0 && rc != -1 && said("--out and --claims") && said("same.csv") && !exists("same.csv"),
            "--out and --claims naming one file: refused before anything runs, nothing written");
    snprintf(cmd, sizeof cmd, "%s/icar-fig3 --d 2 --T 4 --heads-unitary 2 --heads-orthogonal 2 --lr-unitary 0.01 "
             "--lr-orthogonal 0.001 --steps 20 --restarts 1 --tol 1e-8 --init 0.1 --out f3 --claims f3/summary.csv", bindir);
    rc = sh(cmd);
    test_ok("tools.out_folder_file_shared", rc != 0 && rc != -1 && said("f3/summary.csv") && said("--claims") &&
                                                !exists("f3/summary.csv"),
            "--claims naming a file of the --out folder: refused, summary.csv never holds the claims");
    snprintf(cmd, sizeof cmd, "%s/icar-fig1 --steps 5 --out ''", bindir);
    rc = sh(cmd);
    test_ok("tools.out_empty_refused", rc != 0 && rc != -1 && said("--out") && said("empty"),
            "--out '': an error naming the flag, not 'cannot rename into'");
}

/* ---------- inputs that are not regular files, cut short, or CRLF ---------- */

/* Bad inputs, each refused within a minute (a guard against a hang, not a timing) with a
 * message holding the two needles and no output: a file (written first where it has a
 * content), the tool's arguments, the output it must not write. */
static const struct {
    const char *name, *file, *content, *args, *needle, *what, *out, *detail;
} BAD_INPUTS[] = {
    {"tools.in_device_refused", NULL, NULL, "icar-hist --in /dev/zero --out zero.csv --bins 10 --threshold 1e-12",
     "/dev/zero", "device", "zero.csv", "--in /dev/zero: refused at once, naming it (not read until memory runs out)"},
    {"tools.in_random_refused", NULL, NULL, "icar-sentences --in /dev/urandom --out s.txt", "/dev/urandom", "device",
     "s.txt", "--in /dev/urandom: refused at once, naming it"},
    {"tools.in_fifo_refused", "in.fifo", NULL, "icar-hist --in in.fifo --out fifo-h.csv --bins 10 --threshold 1e-12",
     "in.fifo", "FIFO", "fifo-h.csv", "--in FIFO without a writer: refused at once, not waited on"},
    /* a row that lost its tail: 0.084265276789665222 read as 0.08426527678 */
    {"tools.csv_cut_short_refused", "cut.csv", "# vectors=stand-in\noriginal,shuffled\n5.0,0.08426527678",
     "icar-hist --in cut.csv --out cut-h.csv --bins 10 --threshold 1e-12", "cut.csv", "newline", "cut-h.csv",
     "a CSV whose last line lost its tail (no final newline): refused, naming the file"},
    {"tools.ids_cut_short_refused", "cut.ids", "1 2 3 4 5\n6 7 8 9 1",
     "icar-arfit --ids cut.ids --dim 8 --windows 2 --seed 1 --out cut-e.csv", "cut.ids", "newline", "cut-e.csv",
     "an ids file whose last line lost its tail: refused, naming the file"},
    {"hist.windows_stated_refused", "few.csv", "# vectors=stand-in\n# windows=10000\noriginal,shuffled\n5.0,1.0\n",
     "icar-hist --in few.csv --out few-h.csv --bins 10 --threshold 1e-12", "few.csv", "windows", "few-h.csv",
     "an errors file of 1 row that states windows=10000: refused, not counted as 10000 windows"},
    {"fig4check.bins_stated_refused", "bins.csv", "# bins=10\n# count_original=10\n# count_shuffled=40\nbin_lo\n1\n",
     "icar-fig4check --ids ok.ids --ref ok.ids --hist bins.csv --dim 8 --fit-windows 4 --seed 1 --claims f4c.csv",
     "bins.csv", "bins", "f4c.csv", "a histogram of 1 row that states bins=10: refused"},
    /* under make asan, also: nothing leaked on this error path */
    {"icar-arfit.id_out_of_range", "bad.ids", "1 2 3 4 99999\n",
     "icar-arfit --ids bad.ids --dim 8 --windows 1 --seed 1 --out bad-e.csv", "99999", "outside the vectors", "bad-e.csv",
     "a token id beyond the vocabulary: refused, naming it, nothing written, nothing leaked"},
};

static void test_bad_inputs(void) {
    if (mkfifo(test_path("in.fifo"), 0644) != 0) die("cannot create a FIFO");
    test_put(test_dir, "ok.ids", "1 2 3 4 5 6 7 8 9 10\n");
    for (size_t i = 0; i < sizeof BAD_INPUTS / sizeof *BAD_INPUTS; i++) {
        if (BAD_INPUTS[i].content) test_put(test_dir, BAD_INPUTS[i].file, BAD_INPUTS[i].content);
        char cmd[9000];
        snprintf(cmd, sizeof cmd, "timeout 60 %s/%s", bindir, BAD_INPUTS[i].args);
        int rc = sh(cmd);
        test_ok(BAD_INPUTS[i].name, rc != 0 && rc != -1 && rc != 124 && said(BAD_INPUTS[i].needle) &&
                                        said(BAD_INPUTS[i].what) && !exists(BAD_INPUTS[i].out),
                BAD_INPUTS[i].detail);
    }
}

/* icar-arfit's errors of 4 windows of ids TEXT into DIR/errors.csv, then icar-hist of
 * them into DIR/hist.csv; the exit status of the two. */
static int arfit_hist(const char *dir, const char *ids, size_t n) {
    char cmd[9000], path[300];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    sh(cmd);
    snprintf(path, sizeof path, "%s/x.ids", dir);
    test_write(test_path(path), ids, n);
    snprintf(cmd, sizeof cmd, "cd %s && %s/icar-arfit --ids x.ids --dim 8 --windows 4 --seed 1 --out errors.csv && "
             "%s/icar-hist --in errors.csv --out hist.csv --bins 10 --threshold 1e-12", dir, bindir, bindir);
    return sh(cmd);
}

static int same_files(const char *a, const char *b) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cmp -s %s %s", a, b);
    return sh(cmd) == 0;
}

/* CRLF inputs read like their LF twins. */
static void test_crlf(void) {
    const char lf[] = "1 2 3 4 5 1 2\n3 4 5 6 7 8 9 10 11 12\n13 14 15\n", crlf[] =
        "1 2 3 4 5 1 2\r\n3 4 5 6 7 8 9 10 11 12\r\n13 14 15\r\n";
    int a = arfit_hist("lf", lf, sizeof lf - 1), b = arfit_hist("crlf", crlf, sizeof crlf - 1);
    test_ok("tools.crlf_ids_read_as_lf", a == 0 && b == 0 && same_files("lf/errors.csv", "crlf/errors.csv"),
            "an ids file with CRLF line ends: the same errors as with LF, not \"'13' is not a token id\"");
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "mkdir -p crlf2 && sed 's/$/\\r/' lf/errors.csv > crlf2/errors.csv && cd crlf2 && "
             "%s/icar-hist --in errors.csv --out hist.csv --bins 10 --threshold 1e-12", bindir);
    int rc = sh(cmd);
    test_ok("tools.crlf_csv_read_as_lf", rc == 0 && same_files("lf/hist.csv", "crlf2/hist.csv"),
            "icar-hist on a CRLF CSV: the same histogram as from LF, no CR copied into its settings");
}

/* ---------- icar-seeds ---------- */

/* Copies of one CSV over seeds that cannot be put together: refused, naming the file and
 * what differs, with neither output written, and the outputs of an earlier run left as they
 * were. Each: the second copy's text, the operands, two needles, what is checked. */
static const struct {
    const char *name, *second, *operands, *needle, *what, *detail;
} SEEDS_BAD[] = {
    {"seeds.header_refused", "# seed=2\n# d=5\nL,test_mse\n1,0.3\n", "seed=1 a.csv seed=2 b.csv", "b.csv", "test_mse",
     "a copy with another header: refused, naming the file and the column"},
    {"seeds.setting_refused", "# seed=2\n# d=6\nL,mse\n1,0.3\n", "seed=1 a.csv seed=2 b.csv", "b.csv", "d=6",
     "a copy with another setting: refused, naming the file and the setting"},
    {"seeds.points_refused", "# seed=2\n# d=5\nL,mse\n2,0.3\n", "seed=1 a.csv seed=2 b.csv", "b.csv", "row 1",
     "a copy of other points (L = 2 where the first has 1): refused, naming the file and row"},
    {"seeds.seed_stated_refused", "# seed=2\n# d=5\nL,mse\n1,0.3\n", "seed=1 a.csv seed=3 b.csv", "b.csv", "seed 3",
     "a copy given as seed 3 that says seed=2: refused"},
    {"seeds.text_refused", "# seed=2\n# d=5\nL,mse\n1,low\n", "seed=1 a.csv seed=2 b.csv", "b.csv", "'low' is not a number",
     "text in a value column: refused, naming the file, row and column"},
    {"seeds.missing_refused", NULL, "seed=1 a.csv seed=2 none.csv", "none.csv", "none.csv",
     "a copy that does not exist: refused, naming it"},
    {"seeds.no_seed_refused", NULL, "a.csv", "a.csv", "seed=N", "a file without its seed=N: refused"},
    {"seeds.bad_seed_refused", NULL, "seed=x a.csv", "seed=x", "whole number", "seed=x: refused"},
    {"seeds.seed_without_file_refused", NULL, "seed=1 a.csv seed=2", "seed=2", "no file",
     "a last seed=N with no file after it: refused"},
    {"seeds.cut_short_refused", "# seed=2\n# d=5\nL,mse\n1,0.3", "seed=1 a.csv seed=2 b.csv", "b.csv", "newline",
     "a copy whose last line lost its tail: refused, naming it"},
};

static void test_seeds(void) {
    char cmd[9000];
    test_put(test_dir, "a.csv", "# tool=x\n# seed=1\n# d=5\nL,mse\n1,0.5\n");
    test_put(test_dir, "b.csv", "# tool=x\n# seed=2\n# d=5\nL,mse\n1,0.25\n");
    snprintf(cmd, sizeof cmd, "%s/icar-seeds --keys L --long all.csv --aggregate agg.csv seed=1 a.csv seed=2 b.csv", bindir);
    int rc = sh(cmd);
    size_t n;
    char *agg = exists("agg.csv") ? read_file(test_path("agg.csv"), &n) : xstrdup("");
    test_ok("seeds.tool_writes", rc == 0 && exists("all.csv") && strstr(agg, "\n1,2,0.375,0.25,0.5\n"),
            "two copies: the file of every row and the aggregate (n, median, min, max per point)");
    free(agg);
    char *before = read_file(test_path("agg.csv"), &n);
    for (size_t i = 0; i < sizeof SEEDS_BAD / sizeof *SEEDS_BAD; i++) {
        char text[512];   /* the second copy: the first's tool setting, then its own text */
        snprintf(text, sizeof text, "# tool=x\n%s", SEEDS_BAD[i].second ? SEEDS_BAD[i].second : "# seed=2\n# d=5\nL,mse\n1,0.25\n");
        test_put(test_dir, "b.csv", text);
        remove(test_path("all-bad.csv"));
        snprintf(cmd, sizeof cmd, "timeout 60 %s/icar-seeds --keys L --long all-bad.csv --aggregate agg.csv %s", bindir,
                 SEEDS_BAD[i].operands);
        rc = sh(cmd);
        char *after = read_file(test_path("agg.csv"), &n);
        test_ok(SEEDS_BAD[i].name, rc != 0 && rc != -1 && rc != 124 && said(SEEDS_BAD[i].needle) && said(SEEDS_BAD[i].what) &&
                                       !exists("all-bad.csv") && strcmp(before, after) == 0,
                SEEDS_BAD[i].detail);
        free(after);
    }
    free(before);
    test_put(test_dir, "b.csv", "# tool=x\n# seed=2\n# d=5\nL,mse\n1,0.25\n");
    snprintf(cmd, sizeof cmd, "%s/icar-seeds --keys L --long same.csv --aggregate ./same.csv seed=1 a.csv", bindir);
    rc = sh(cmd);
    test_ok("seeds.same_output_refused", rc != 0 && rc != -1 && said("same.csv") && !exists("same.csv"),
            "--long and --aggregate naming one file: refused, nothing written");
}

/* ---------- icar-hist ---------- */

/* Runs icar-hist on ERRORS (CSV body) with THRESHOLD; 1 iff it succeeded and every
 * error above the threshold lies inside a bin that counts it. */
static int hist_bins_hold(const char *errors, const char *threshold, const double *values, int nvalues) {
    char body[512], cmd[9000];
    int n = snprintf(body, sizeof body, "# vectors=stand-in\noriginal,shuffled\n%s", errors);
    test_write(test_path("errors.csv"), body, n);
    remove(test_path("hist.csv"));
    snprintf(cmd, sizeof cmd, "%s/icar-hist --in errors.csv --out hist.csv --bins 10 --threshold %s", bindir, threshold);
    if (sh(cmd) != 0) return 0;
    CsvTable *t = table_read(test_path("hist.csv"));
    int lo = table_col(t, "bin_lo"), hi = table_col(t, "bin_hi"), orig = table_col(t, "original");
    int ok = 1;
    for (int k = 0; k < nvalues; k++) {
        int held = 0;
        for (int r = 0; r < t->nrows; r++)
            held |= table_num(t, r, orig) > 0 && table_num(t, r, lo) <= values[k] && values[k] <= table_num(t, r, hi);
        ok &= held;
    }
    table_free(t);
    return ok;
}

static void test_hist(void) {
    double five = 5.0;
    test_ok("hist.equal_values", hist_bins_hold("5.0,5.0\n0,0\n5.0,0\n", "1e-12", &five, 1),
            "every error above the threshold is 5: the bin that counts them holds 5");
    test_ok("hist.single_value", hist_bins_hold("5.0,0\n", "1e-12", &five, 1),
            "a single error above the threshold: its bin holds it");
    char cmd[9000];
    test_put(test_dir, "errors.csv", "# vectors=stand-in\noriginal,shuffled\n5.0,1.0\n");
    remove(test_path("hist.csv"));
    snprintf(cmd, sizeof cmd, "%s/icar-hist --in errors.csv --out hist.csv --bins 10 --threshold 0", bindir);
    int rc = sh(cmd);
    test_ok("hist.threshold_zero_refused", rc != 0 && rc != -1 && said("--threshold") && !exists("hist.csv"),
            "--threshold 0 makes no log scale: a clear error, no output");
}

/* ---------- icar-fig4check ---------- */

static void test_fig4check(void) {
    char cmd[9000];
    test_write(test_path("f4.ids"), "1 2 3 4 5 6 7 8 9 10\n", 21);
    test_write(test_path("f4hist.csv"), "# count_original=10\n# count_shuffled=40\nbin_lo\n1\n", 47);
    snprintf(cmd, sizeof cmd, "%s/icar-fig4check --ids f4.ids --hist f4hist.csv --dim 8 --fit-windows 40 --seed 1 "
             "--claims f4.csv", bindir);
    int rc = sh(cmd);
    test_ok("fig4check.ref_required", rc != 0 && rc != -1 && said("--ref is required") && !exists("f4.csv"),
            "without --ref: a usage error that says --ref is required");
    snprintf(cmd, sizeof cmd, "%s/icar-fig4check --ids f4.ids --ref no-such-ref.txt --hist f4hist.csv --dim 8 "
             "--fit-windows 40 --seed 1 --claims f4.csv", bindir);
    rc = sh(cmd);
    test_ok("fig4check.ref_missing_file", rc != 0 && rc != -1 && said("no-such-ref.txt") && !said("node") && !exists("f4.csv"),
            "--ref naming a missing file: an error naming it, not 'node is absent'");
}

/* ---------- --help from the option table ---------- */

/* TOOL --help: exit 0, the usage on stdout, nothing on stderr; and every flag the help
 * lists with a value is one the tool knows: given without its value, the tool says that
 * flag needs a value (exit 2), not that it is unknown. */
static void test_help(const char *tool) {
    const char *mode = strcmp(tool, "icar-archivecheck") == 0 ? "settings "   /* a mode comes first */
                       : strcmp(tool, "icar-archive") == 0    ? "verify "
                                                               : "";
    char cmd[9000], name[300], flag[200];
    snprintf(cmd, sizeof cmd, "%s/%s --help", bindir, tool);
    int rc = sh(cmd);
    size_t n;
    char *help = read_file(test_path("stdout.txt"), &n), *err = read_file(test_path("stderr.txt"), &n);
    snprintf(name, sizeof name, "%s.help", tool);
    test_ok(name, rc == 0 && strncmp(help, "usage: ", 7) == 0 && n == 0, "--help: usage on stdout, exit 0");
    int flags = 0, known = 0;
    for (char *line = strtok(help, "\n"); line; line = strtok(NULL, "\n")) {
        char arg[100];
        if (sscanf(line, " --%199s %99s", flag, arg) != 2 || arg[0] == '(' || islower((unsigned char)arg[0]) ||
            !strcmp(flag, "help"))
            continue;   /* not a flag line, or a flag without a value */
        flags++;
        snprintf(cmd, sizeof cmd, "%s/%s %s--%s", bindir, tool, mode, flag);
        char want[300];
        snprintf(want, sizeof want, "--%s needs a value", flag);
        if (sh(cmd) == 2 && said(want)) known++;
        else printf("%s: --%s is listed by --help but not taken\n", tool, flag);
    }
    snprintf(name, sizeof name, "%s.help_flags_known", tool);
    int takes_none = strcmp(tool, "icar-weave") == 0;   /* three files, no flags */
    test_ok(name, (flags > 0 || takes_none) && known == flags, "every flag --help lists with a value is one the tool parses");
    free(help);
    free(err);
}

/* ---------- checkpoints ---------- */

/* The training tools, each with sizes that run in a moment: flags (every setting the tool
 * requires), the output (--out DIR or --out DIR/FILE), whether --claims is needed, and a
 * file every finished run writes. */
#define TRAINER_SIZES "--train 64 --test 32 --epochs 4 --batch 32 --lr 0.01 --seed 1"
static const struct { const char *tool, *args, *out; int claims; const char *product; } TRAINERS[] = {
    {"icar-fig9", TRAINER_SIZES " --T 10 --H 2 --mlp 32 --init 0.1 --checkpoint-every 50", "", 1, "loss.csv"},
    {"icar-fig7", TRAINER_SIZES " --d 2 --T 4 --kind dup --H 2 --npos 8 --checkpoint-every 10", "/run.csv", 0, "run.csv"},
    {"icar-fig8", TRAINER_SIZES " --d 2 --H 2 --T 4 --noise 0.05 --checkpoint-every 10", "", 1, "bb.csv"},
    {"icar-depth", TRAINER_SIZES " --model linear --d 2 --T 4 --L 1 --checkpoint-every 50", "/L1.csv", 0, "L1.csv"},
};

/* Runs trainer K into folder DIR with checkpoints DIR/ck and EXTRA flags, in the
 * environment ENV ("VAR=value ...", may be empty). */
static int train_in(const char *env, int k, const char *dir, const char *extra) {
    char cmd[9000], claims[200] = "";
    if (TRAINERS[k].claims) snprintf(claims, sizeof claims, "--claims %s/claims.csv", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p %s && %s %s/%s %s --checkpoint %s/ck --out %s%s %s %s", dir, env, bindir,
             TRAINERS[k].tool, TRAINERS[k].args, dir, dir, TRAINERS[k].out, claims, extra);
    return sh(cmd);
}

static int train(int k, const char *dir, const char *extra) { return train_in("", k, dir, extra); }

/* DIR/NAME exists in the scratch folder */
static int made(const char *dir, const char *name) {
    char path[300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return exists(path);
}

/* A checkpoint's name: ck*, but not the sidecar of a folder named ck* (ckN/ckN.where,
 * runwhere.h), which a finished run of a tool writing a folder leaves there. */
static int is_ckpt(const char *name) {
    size_t n = strlen(name);
    return strncmp(name, "ck", 2) == 0 && !(n > 6 && strcmp(name + n - 6, ".where") == 0);
}

/* Number of files DIR/ck* */
static int count_ckpts(const char *dir) {
    char pattern[1200];
    snprintf(pattern, sizeof pattern, "%s/%s", test_dir, dir);
    DIR *d = opendir(pattern);
    if (!d) return 0;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) n += is_ckpt(e->d_name);
    closedir(d);
    return n;
}

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
    return h;
}

/* Overwrite N bytes at offset AT of every checkpoint in DIR with DATA and make their
 * checksums valid again: each file then differs from a genuine one only in that field
 * (the layout is in checkpoint.h: the checksum is the last 8 bytes, over all the others).
 * Returns the number of files forged. */
static int forge(const char *dir, size_t at, const void *data, size_t n) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", test_dir, dir);
    DIR *d = opendir(path);
    if (!d) return 0;
    int forged = 0;
    unsigned char *buf = xmalloc(1 << 24);
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_ckpt(e->d_name)) continue;
        snprintf(path, sizeof path, "%.100s/%.40s/%.100s", test_dir, dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        if (!fp) die("cannot read '%s'", path);
        size_t len = fread(buf, 1, 1 << 24, fp);
        fclose(fp);
        memcpy(buf + at, data, n);
        uint64_t h = fnv1a(buf, len - 8);
        memcpy(buf + len - 8, &h, 8);
        test_write(path, (const char *)buf, len);
        forged++;
    }
    closedir(d);
    free(buf);
    return forged;
}

/* Trainer K stopped after epoch 1 in DIR, the epoch field of its checkpoints forged to
 * EPOCH, then rerun: 1 iff the rerun is refused saying NEEDLE and naming the checkpoint,
 * which stays, and writes no output. */
static int forged_refused(int k, const char *dir, int64_t epoch, const char *needle) {
    train(k, dir, "--stop-after 1");
    int have = forge(dir, CKPT_EPOCH_AT, &epoch, sizeof epoch) > 0;
    int rc = train(k, dir, "");
    return have && rc != 0 && rc != -1 && said(needle) && said(dir) && said("/ck") && count_ckpts(dir) > 0 &&
           !made(dir, TRAINERS[k].product);
}

static void test_checkpoints(void) {
    char name[128], dir[64], detail[256];
    for (int k = 0; k < 4; k++) {
        const char *tool = TRAINERS[k].tool;
        snprintf(dir, sizeof dir, "ck%d", k);
        int rc = train(k, dir, "--stop-after 1");
        snprintf(name, sizeof name, "%s.stop_after_status", tool);
        snprintf(detail, sizeof detail, "--stop-after: exit status %d (stopped on purpose, outputs not written), got %d",
                 EXIT_STOPPED, rc);
        test_ok(name, rc == EXIT_STOPPED && count_ckpts(dir) > 0, detail);
        rc = train(k, dir, "");
        snprintf(name, sizeof name, "%s.checkpoints_deleted", tool);
        test_ok(name, rc == 0 && said("resumed from") && made(dir, TRAINERS[k].product) && count_ckpts(dir) == 0,
                "the rerun resumes, writes its outputs, then deletes its checkpoints");
    }
    /* forged: a valid checksum around epoch 1000 of a 4-epoch run */
    for (int k = 0; k < 2; k++) {
        snprintf(dir, sizeof dir, "forged%d", k);
        snprintf(name, sizeof name, "%s.forged_epoch_refused", TRAINERS[k].tool);
        test_ok(name, forged_refused(k, dir, 1000, "epoch 1000"),
                "a checkpoint at epoch 1000 of a 4-epoch run (valid checksum): refused, naming the file");
    }
    /* forged: epoch 1 of a 4-epoch run moved to epoch 4; resumed, it would write a run
     * whose epochs 2-4 have train and test MSE 0 */
    for (int k = 0; k < 4; k++) {
        snprintf(dir, sizeof dir, "final%d", k);
        snprintf(name, sizeof name, "%s.forged_final_epoch_refused", TRAINERS[k].tool);
        test_ok(name, forged_refused(k, dir, 4, "loss history records 1"),
                "a checkpoint of 1 epoch claiming all 4 (valid checksum): refused by its loss history, naming the file");
    }
    /* stale: a checkpoint made by other code is not resumed; the run starts afresh and
     * ends exactly like a run without checkpoints */
    train(0, "fresh", "");
    train(0, "stale", "--stop-after 1");
    int have = forge("stale", CKPT_CODE_AT, "0123456789abcdef", 16) > 0;
    int rc = train(0, "stale", "");
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "cmp -s %s/fresh/loss.csv %s/stale/loss.csv", test_dir, test_dir);
    test_ok("checkpoint.other_code_not_resumed", have && rc == 0 && said("other code") && !said("resumed from") &&
                                                     system(cmd) == 0,
            "a checkpoint of other code: says why, trains afresh, the same CSV as a run without it");
}

/* The lines of the text file NAME (in the scratch folder) that start with PREFIX and
 * contain NEEDLE. */
static int lines_with(const char *name, const char *prefix, const char *needle) {
    size_t len;
    char *text = read_file(test_path(name), &len);
    int n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        n += strncmp(line, prefix, strlen(prefix)) == 0 && strstr(line, needle);
    free(text);
    return n;
}

/* The sidecar (runwhere.h) of trainer K's run into DIR, into path[n]: DIR/RUN.where beside
 * DIR/RUN.csv, DIR/DIR.where for an output folder DIR. */
static void sidecar_of(int k, const char *dir, char *path, size_t n) {
    const char *out = TRAINERS[k].out;
    if (*out) snprintf(path, n, "%s%.*s.where", dir, (int)strlen(out) - 4, out);
    else snprintf(path, n, "%s/%s.where", dir, dir);
}

/* A run stopped on one machine and finished on another (ICAR_TEST_HOST and
 * ICAR_TEST_KERNEL stand in for them, runwhere.h): its sidecar names the machine that
 * finished it, and one segment line per stretch of epochs of each training, with the
 * machine that trained it; its outputs are those of the run made whole, whose sidecar has
 * no segment line. Trainer K (TRAININGS trainings of LABEL*, 4 epochs each) stopped after
 * epoch 1. */
static void test_resumed_where(int k, int trainings, const char *label) {
    const char *tool = TRAINERS[k].tool;
    char whole[64], split[64], name[128], path[256], detail[512], cmd[1200];
    snprintf(whole, sizeof whole, "where-whole%d", k);
    snprintf(split, sizeof split, "where-split%d", k);
    train(k, whole, "");
    int stopped = train_in("ICAR_TEST_HOST=node-a ICAR_TEST_KERNEL='kernel a; own kernels default'", k, split,
                           "--stop-after 1") == EXIT_STOPPED;
    int resumed = train_in("ICAR_TEST_HOST=node-b ICAR_TEST_KERNEL='kernel b; own kernels default'", k, split, "") == 0 &&
                  said("resumed from");
    snprintf(cmd, sizeof cmd, "cmp -s %s/%s/%s %s/%s/%s", test_dir, whole, TRAINERS[k].product, test_dir, split,
             TRAINERS[k].product);
    int same = system(cmd) == 0;
    sidecar_of(k, split, path, sizeof path);
    char a[128], b[128];
    snprintf(a, sizeof a, "epochs 1-1 of %s", label);
    snprintf(b, sizeof b, "epochs 2-4 of %s", label);
    int top = lines_with(path, "host=node-b", "") == 1 && lines_with(path, "kernel=kernel b;", "") == 1,
        seg_a = lines_with(path, "segment=epochs 1-1 of ", "; host=node-a; cpu=") == trainings &&
                lines_with(path, "segment=", "; kernel=kernel a; own kernels default; threads=") == trainings &&
                lines_with(path, "segment=", a) >= 1,
        seg_b = lines_with(path, "segment=epochs 2-4 of ", "; host=node-b; cpu=") == trainings &&
                lines_with(path, "segment=", "; kernel=kernel b; own kernels default; threads=") == trainings &&
                lines_with(path, "segment=", b) >= 1,
        nseg = lines_with(path, "segment=", "");
    sidecar_of(k, whole, path, sizeof path);
    int whole_none = exists(path) && lines_with(path, "segment=", "") == 0;
    snprintf(name, sizeof name, "%s.resumed_where", tool);
    snprintf(detail, sizeof detail,
             "stopped %d, resumed %d, outputs equal the whole run's %d; sidecar names node-b %d, %d segments of node-a "
             "%d and of node-b %d (%d lines, %d expected); the whole run's has none %d",
             stopped, resumed, same, top, trainings, seg_a, seg_b, nseg, 2 * trainings, whole_none);
    test_ok(name, stopped && resumed && same && top && seg_a && seg_b && nseg == 2 * trainings && whole_none, detail);
}

/* ---------- NUL bytes in text inputs ---------- */

static void test_nul_inputs(void) {
    char cmd[9000];
    const char frag[] = "id,measured,note\nfig1.norm,0,\n\0fig3.restarts_unitary,1,\n";
    test_write(test_path("frag.csv"), frag, sizeof frag - 1);
    snprintf(cmd, sizeof cmd, "%s/icar-report merged.csv frag.csv", bindir);
    int rc = sh(cmd);
    test_ok("icar-report.nul_fragment", rc != 0 && rc != -1 && said("frag.csv") && said("NUL"),
            "a NUL byte before a failing row: an error naming the fragment, never '1 passed, 0 failed'");
    const char tpl[] = "# Title\n\nText.\0 More text.\n";
    test_write(test_path("in.md"), tpl, sizeof tpl - 1);
    const char table[] = "id,figure,statement,expected,measured,tolerance,pass\nfig1.norm,fig1,fine,<1e-12,0,-,1\n";
    test_write(test_path("claims.csv"), table, sizeof table - 1);
    snprintf(cmd, sizeof cmd, "%s/icar-weave claims.csv in.md out.md", bindir);
    rc = sh(cmd);
    test_ok("icar-weave.nul_template", rc != 0 && rc != -1 && said("in.md") && said("NUL") && !exists("out.md"),
            "a NUL byte in the manuscript: an error naming it, no half manuscript");
}

/* ---------- tools/plot ---------- */

/* Runs tools/plot (from the repository root, ROOT) on a one-line script into
 * plots/fig.{png,pdf}; FAKE: with a gnuplot that writes the files png and pdf of the
 * scratch folder and exits 0, as gnuplot does on a full disk. Returns the exit status. */
static int plot(const char *root, int fake) {
    char cmd[9000];
    test_put(test_dir, "line.gp", "plot x\n");
    snprintf(cmd, sizeof cmd, "cd %s && PATH=%s%s$PATH tools/plot %s/line.gp %s %s/plots/fig 200 100", root,
             fake ? test_dir : "", fake ? "/fake:" : "", test_dir, test_dir, test_dir);
    return sh(cmd);
}

/* The plots in place: 1 if both, 0 if neither, -1 if one (or a temp file is left). */
static int plots_in_place(void) {
    int png = exists("plots/fig.png"), pdf = exists("plots/fig.pdf");
    if (exists("plots/fig.png.tmp") || exists("plots/fig.pdf.tmp")) return -1;
    return png && pdf ? 1 : !png && !pdf ? 0 : -1;
}

static void test_plot(void) {
    char root[2048];
    if (!getcwd(root, sizeof root) || access("tools/plot", X_OK) != 0) {
        test_ok("plot.cut_short_refused", 0, "not run from the repository root");
        return;
    }
    int rc = plot(root, 0);
    test_ok("plot.whole_kept", rc == 0 && plots_in_place() == 1, "a plot gnuplot finished: both files in place");
    sh("rm -rf plots && mkdir -p fake");
    test_put(test_dir, "fake/gnuplot", "#!/bin/sh\n"
             "out=$(printf '%s' \"$2\" | sed -n \"s/.*set output '\\([^']*\\)'.*/\\1/p\")\n"
             "case $out in *.png.tmp) cat \"$(dirname \"$0\")/png\" ;; *) cat \"$(dirname \"$0\")/pdf\" ;; esac > \"$out\"\n");
    sh("chmod +x fake/gnuplot");
    static const char png_end[] = "\0\0\0\0IEND\xae\x42\x60\x82";
    char png[64] = "\x89PNG\r\n\x1a\n";
    test_write(test_path("fake/png"), png, 8);   /* the signature, the rest lost */
    test_put(test_dir, "fake/pdf", "%PDF-1.4\n%%EOF\n");
    rc = plot(root, 1);
    test_ok("plot.png_cut_short_refused", rc != 0 && rc != -1 && said("fig.png") && plots_in_place() == 0,
            "a PNG without its IEND chunk (a full disk; gnuplot exits 0): the plot fails, nothing in place");
    memcpy(png + 8, png_end, 12);
    test_write(test_path("fake/png"), png, 20);
    test_write(test_path("fake/pdf"), "", 0);
    rc = plot(root, 1);
    test_ok("plot.pdf_cut_short_refused", rc != 0 && rc != -1 && said("fig.pdf") && plots_in_place() == 0,
            "an empty PDF (a full disk): the plot fails, nothing in place");
}

/* ---------- the Makefile ---------- */

/* A multi-output recipe that wrote one output and then failed: the project's Makefile
 * (its special targets) must keep that valid output and still rerun the recipe. Run from
 * the repository root, as make check runs the tests. */
static void test_make_failed_group(void) {
    char cwd[2048], cmd[9000];
    if (!getcwd(cwd, sizeof cwd) || access("Makefile", R_OK) != 0) {
        test_ok("make.failed_group_keeps_output", 0, "not run from the repository root");
        return;
    }
    char mk[1200];
    int n = snprintf(mk, sizeof mk, "%s/out/a %s/out/b &:\n\tmkdir -p %s/out && echo whole > %s/out/a.tmp && "
                     "mv %s/out/a.tmp %s/out/a && false\n", test_dir, test_dir, test_dir, test_dir, test_dir, test_dir);
    test_write(test_path("group.mk"), mk, n);
    snprintf(cmd, sizeof cmd, "cd %s && env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -f Makefile -f %s/group.mk %s/out/a", cwd, test_dir, test_dir);
    int rc = sh(cmd);
    snprintf(cmd, sizeof cmd, "cd %s && env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -q -f Makefile -f %s/group.mk %s/out/a %s/out/b",
             cwd, test_dir, test_dir, test_dir);
    int again = sh(cmd);
    test_ok("make.failed_group_keeps_output", rc != 0 && exists("out/a") && again != 0,
            "a multi-output recipe fails after writing out/a whole: out/a is kept, and make still "
            "takes the group (what a figure depends on) as out of date");
}

/* make check's final report rewrites the claims table only where it changed: a second
 * check leaves it (and so the manuscript made from it) alone. Run with a registry of one
 * claim, its fragment, and the tools of this build (make's sub-make skipped: MAKE=true). */
static void test_make_check_keeps_claims(void) {
    char cwd[2048], cmd[9000];
    if (!getcwd(cwd, sizeof cwd) || access("Makefile", R_OK) != 0) {
        test_ok("make.check_keeps_claims", 0, "not run from the repository root");
        return;
    }
    test_put(test_dir, "reg.tsv", "id\tfigure\tcomparator\tbound\tbound2\tseeds\tverdict\tstatement\tdeviation\n"
             "mk.one\tfig1\t<\t1\t\t1\treproduces\ta value below 1\t\n");
    test_put(test_dir, "mkfrag.csv", "id,measured,note\nmk.one,0.5,\n");
    snprintf(cmd, sizeof cmd, "mkdir -p mkbuild && ln -sf %s/icar-report mkbuild/icar-report", bindir);
    sh(cmd);
    snprintf(cmd, sizeof cmd, "cd %s && env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -s check MAKE=true "
             "BUILD=%s/mkbuild RESULTS=%s/mkres REGISTRY=%s/reg.tsv UNIT_FRAGS= FUZZ_FRAGS= PAPER_CHECK= README_CHECK= "
             "FINDINGS= SEEDED_FRAGS= CLAIM_FRAGS=%s/mkfrag.csv",
             cwd, test_dir, test_dir, test_dir, test_dir);
    int first = sh(cmd);
    struct utimbuf old = {1000000000, 1000000000};   /* made long ago */
    int aged = utime(test_path("mkres/claims.csv"), &old) == 0;
    int second = sh(cmd);
    struct stat sb;
    test_ok("make.check_keeps_claims", first == 0 && aged && second == 0 && stat(test_path("mkres/claims.csv"), &sb) == 0 &&
                                           sb.st_mtime == old.modtime,
            "a second make check with the same claims leaves claims.csv untouched (make paper stays up to date)");
    test_put(test_dir, "mkfrag.csv", "id,measured,note\nmk.one,0.25,\n");
    int third = sh(cmd);
    size_t len;
    char *table = read_file(test_path("mkres/claims.csv"), &len);
    test_ok("make.check_rewrites_changed_claims", third == 0 && strstr(table, ",0.25,"),
            "a make check whose claims changed rewrites claims.csv");
    free(table);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_bindir(argv[0], bindir, sizeof bindir);
    struct dirent **list;
    int n = scandir(bindir, &list, is_tool, alphasort);
    if (n <= 0) die("no icar-* tools in '%s'", bindir);
    test_ok("tools.found", n >= 10, "the build folder holds the pipeline's tools");
    char name[300];
    for (int i = 0; i < n; i++) {
        const char *tool = list[i]->d_name;
        int said, rc = run_tool(tool, "--no-such-flag", &said);
        snprintf(name, sizeof name, "%s.unknown_flag", tool);
        test_ok(name, rc != 0 && said, "an unknown flag: message on stderr, non-zero exit");
        free(list[i]);
    }
    free(list);
    /* Tools that take --seed: a malformed value is refused. */
    const char *seeded[] = {"icar-fig1", "icar-fig3", "icar-fig6", "icar-theory", "icar-fig7", "icar-depth"};
    for (size_t i = 0; i < sizeof seeded / sizeof *seeded; i++) {
        int said, rc = run_tool(seeded[i], "--seed -3 --out /tmp/icar-never", &said);
        snprintf(name, sizeof name, "%s.bad_seed", seeded[i]);
        test_ok(name, rc != 0 && said && access("/tmp/icar-never", F_OK) != 0,
                "--seed -3: message, non-zero exit, nothing written");
    }
    /* Tools with no randomness have no --seed: with otherwise valid arguments, a --seed
     * is refused, not ignored. */
    char dir[] = "/tmp/icar-test-seed-XXXXXX", cmd[9000];
    if (!mkdtemp(dir)) die("cannot create a temporary folder");
    snprintf(cmd, sizeof cmd, "cd %s && printf '{\"a\": 0, \"b\": 1, \"ab\": 2}' > enc.json && "
             "printf '#version: 0.2\\na b\\n' > merges.bpe && printf 'ab\\n' > ab.txt && "
             "printf 'Call me Ishmael. Some years ago.\\n' > text.txt && "
             "printf '# vectors=x\\noriginal,shuffled\\n1e-3,2e-3\\n' > errors.csv", dir);
    if (system(cmd) != 0) die("cannot write the inputs in '%s'", dir);
    const char *unseeded[][2] = {{"icar-bpe", "--encoder %s/enc.json --merges %s/merges.bpe --in %s/ab.txt"},
                                 {"icar-fig2", "--theta 0.6"},
                                 {"icar-hist", "--in %s/errors.csv --bins 10 --threshold 1e-12"},
                                 {"icar-sentences", "--in %s/text.txt"}};
    for (size_t i = 0; i < sizeof unseeded / sizeof *unseeded; i++) {
        char args[8500], out[4200];
        snprintf(out, sizeof out, "%s/out", dir);
        int n = snprintf(args, sizeof args, unseeded[i][1], dir, dir, dir);   /* extra dirs unused */
        snprintf(args + n, sizeof args - n, " --out %s --seed 1", out);
        int said, rc = run_tool(unseeded[i][0], args, &said);
        snprintf(name, sizeof name, "%s.no_seed", unseeded[i][0]);
        test_ok(name, rc != 0 && said && access(out, F_OK) != 0,
                "--seed on a tool with no randomness, other arguments valid: message, non-zero exit, nothing written");
        remove(out);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) warn("could not remove %s", dir);
    int said, rc = run_tool("icar-fig1", "--steps 5 --out /proc/icar-no/points.csv", &said);
    test_ok("icar-fig1.unwritable_output", rc != 0 && said, "an output under /proc: message, non-zero exit");
    rc = run_tool("icar-fig3", "--T 1 --out /tmp/icar-never", &said);
    test_ok("icar-fig3.out_of_range", rc != 0 && said && access("/tmp/icar-never", F_OK) != 0,
            "--T 1 (below the smallest context): message, non-zero exit, nothing written");
    test_scratch();
    n = scandir(bindir, &list, is_tool, alphasort);
    for (int i = 0; i < n; i++) {
        test_help(list[i]->d_name);
        free(list[i]);
    }
    free(list);
    test_outputs();
    test_output_paths();
    test_bad_inputs();
    test_crlf();
    test_hist();
    test_seeds();
    test_fig4check();
    test_checkpoints();
    test_resumed_where(3, 1, "linear L=1");
    test_resumed_where(0, 4, "fig9 ");
    test_nul_inputs();
    test_plot();
    test_make_failed_group();
    test_make_check_keeps_claims();
    test_scratch_end();
    return test_end();
}
