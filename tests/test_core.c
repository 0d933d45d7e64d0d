/* Unit tests of the core library: rng, Haar sampling, CSV round trip, atomic output
 * (through symlinks, to FIFOs and devices, refused on folders; temp files of dead
 * processes removed), text reads (NUL bytes refused, CRLF read as LF, a CSV without its
 * final newline or with fewer rows than it states refused). */
#include "test.h"
#include "csvio.h"
#include "readfile.h"
#include "rng.h"
#include "runwhere.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path) {
    size_t n;
    return read_file(path, &n);
}

static void test_rng(void) {
    Rng a, b, c;
    rng_init(&a, 42, RNG_TRAIN);
    rng_init(&b, 42, RNG_TRAIN);
    rng_init(&c, 42, RNG_TEST);
    int same = 1, differ = 0;
    for (int i = 0; i < 100; i++) {
        uint64_t x = rng_u64(&a), y = rng_u64(&b), z = rng_u64(&c);
        same &= x == y;
        differ |= x != z;
    }
    test_ok("rng.same_seed_same_stream", same, "same seed and stream give the same numbers");
    test_ok("rng.streams_differ", differ, "different streams give different numbers");
    double m = 0, v = 0;
    int n = 200000;
    for (int i = 0; i < n; i++) { double x = rng_normal(&a); m += x; v += x * x; }
    m /= n; v = v / n - m * m;
    test_near("rng.normal_mean", m, 0.0, 0.01);
    test_near("rng.normal_var", v, 1.0, 0.02);
    size_t perm[50];
    rng_permutation(&a, perm, 50);
    int seen[50] = {0}, ok = 1;
    for (int i = 0; i < 50; i++) { if (perm[i] >= 50 || seen[perm[i]]) ok = 0; else seen[perm[i]] = 1; }
    test_ok("rng.permutation", ok, "a permutation of 0..49");
}

static void test_haar(void) {
    Rng r;
    rng_init(&r, 7, RNG_TRAIN);
    int d = 6;
    double q[36], err = 0, mean00 = 0;
    for (int rep = 0; rep < 2000; rep++) {
        rng_haar_orthogonal(&r, q, d);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += q[k * d + i] * q[k * d + j];
                double e = fabs(s - (i == j));
                if (e > err) err = e;
            }
        mean00 += q[0];
    }
    test_below("haar.orthogonal", err, 1e-12);
    /* Haar: E[Q_00] = 0 (QR without the sign fix gives a biased, positive mean). */
    test_near("haar.unbiased_entry", mean00 / 2000, 0.0, 0.05);
}

static void test_csv(void) {
    char path[] = "/tmp/icar-test-csv-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    CsvOut *o = csv_create(path);
    csv_setting(o, "profile", "%s", "quick");
    csv_header(o, "name,value");
    csv_str(o, "a, \"quoted\" name");
    csv_num(o, 0.1);
    csv_endrow(o);
    csv_close(o);
    CsvTable *t = table_read(path);
    int ok = t->nrows == 1 && strcmp(table_cell(t, 0, 0), "a, \"quoted\" name") == 0 &&
             table_num(t, 0, table_col(t, "value")) == 0.1 &&
             strcmp(table_setting(t, "profile"), "quick") == 0;
    test_ok("csv.round_trip", ok, "quoted strings, exact doubles and settings survive");
    table_free(t);
    remove(path);
}

static void test_atomic(void) {
    char path[] = "/tmp/icar-test-atomic-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    remove(path);
    AtomicFile *f = atomic_open(path);
    fputs("partial", f->fp);
    test_ok("atomic.invisible_while_writing", access(path, F_OK) != 0, "final name absent before commit");
    atomic_abort(f);
    test_ok("atomic.abort_leaves_nothing", access(path, F_OK) != 0, "no file after abort");
}

static void write_atomic(const char *path, const char *text) {
    AtomicFile *f = atomic_open(path);
    fputs(text, f->fp);
    atomic_commit(f);
}

static void open_atomic(const char *path) { atomic_open(path); }

/* Outputs that are not plain files: a symlink is written through (the link stays, its
 * target gets the text), a FIFO or a character device is written directly and stays
 * what it is, a folder is refused when it is opened. */
static void test_atomic_special(void) {
    test_write(test_path("target.csv"), "old\n", 4);
    if (symlink("target.csv", test_path("link.csv")) != 0) die("cannot create a symlink");
    write_atomic(test_path("link.csv"), "new\n");
    struct stat sb;
    char *got = slurp(test_path("target.csv"));
    test_ok("atomic.symlink_followed",
            lstat(test_path("link.csv"), &sb) == 0 && S_ISLNK(sb.st_mode) && strcmp(got, "new\n") == 0,
            "an output that is a symlink stays a symlink and its target is rewritten");
    free(got);
    if (symlink("made-through-link.csv", test_path("dangling.csv")) != 0) die("cannot create a symlink");
    write_atomic(test_path("dangling.csv"), "x\n");
    test_ok("atomic.dangling_symlink", lstat(test_path("dangling.csv"), &sb) == 0 && S_ISLNK(sb.st_mode) &&
                                           access(test_path("made-through-link.csv"), F_OK) == 0,
            "a symlink to a missing file: the file is created where the link points");

    if (mkfifo(test_path("fifo"), 0644) != 0) die("cannot create a FIFO");
    int rd = open(test_path("fifo"), O_RDONLY | O_NONBLOCK);   /* a reader, so that writing does not block */
    write_atomic(test_path("fifo"), "through\n");
    char buf[32] = "";
    ssize_t n = read(rd, buf, sizeof buf - 1);
    close(rd);
    test_ok("atomic.fifo_written_directly",
            lstat(test_path("fifo"), &sb) == 0 && S_ISFIFO(sb.st_mode) && n == 8 && strcmp(buf, "through\n") == 0,
            "an output that is a FIFO receives the text and stays a FIFO (so --out /dev/stdout works)");

    /* A copy of /dev/null (needs root); never the real /dev/null. */
    if (mknod(test_path("null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
        write_atomic(test_path("null"), "discarded\n");
        test_ok("atomic.device_written_directly", lstat(test_path("null"), &sb) == 0 && S_ISCHR(sb.st_mode),
                "an output that is a character device (a copy of /dev/null) stays a device");
    } else {
        printf("NOTICE: mknod needs root; the character-device case is covered by the FIFO one\n");
    }

    make_dirs(test_path("folder"));
    const char *why[] = {"folder", "is a folder", NULL};
    test_ok("atomic.folder_refused", test_child_dies(open_atomic, test_path("folder"), why),
            "an output that is a folder is refused at once, with a clear error");
}

static void read_one_file(const char *path) { free(slurp(path)); }
static void read_table(const char *path) { table_free(table_read(path)); }

/* A NUL byte in a text input is an error naming the file and the byte's offset (it
 * would otherwise end the text early and silently drop the rest). */
static void test_nul(void) {
    test_write(test_path("nul.txt"), "line one\nli\0ne two\n", 19);
    const char *why[] = {"nul.txt", "NUL byte at offset 11", NULL};
    test_ok("readfile.nul_refused", test_child_dies(read_one_file, test_path("nul.txt"), why),
            "read_file: a NUL byte is an error naming the file and the offset");
    test_write(test_path("nul.csv"), "id,pass\nok,1\n\0bad,0\n", 21);
    const char *why_csv[] = {"nul.csv", "NUL byte at offset 13", NULL};
    test_ok("csv.nul_refused", test_child_dies(read_table, test_path("nul.csv"), why_csv),
            "table_read: a NUL before a row is an error, not the end of the table");
    const char *why_dir[] = {"folder", "is a folder", NULL};
    test_ok("readfile.folder_refused", test_child_dies(read_one_file, test_path("folder"), why_dir),
            "read_file on a folder: an error that says so");
}

/* "NAME.tmp.PID" of a process that no longer exists (killed by SIGKILL) is removed by the
 * next run that writes NAME; a live process's is left alone. */
static void test_stale_temps(void) {
    fflush(NULL);
    pid_t gone = fork();
    if (gone < 0) die("cannot fork");
    if (gone == 0) _exit(0);
    waitpid(gone, NULL, 0);   /* reaped: its PID names no process */
    char dead[64], live[64];
    snprintf(dead, sizeof dead, "out.csv.tmp.%ld", (long)gone);
    snprintf(live, sizeof live, "out.csv.tmp.%ld", (long)getppid());
    test_put(test_dir, dead, "half");
    test_put(test_dir, live, "being written");
    test_put(test_dir, "out.csv.tmp.x1", "not a temp file of this scheme");
    write_atomic(test_path("out.csv"), "whole\n");
    test_ok("atomic.stale_temp_removed", access(test_path(dead), F_OK) != 0 && access(test_path(live), F_OK) == 0 &&
                                             access(test_path("out.csv.tmp.x1"), F_OK) == 0,
            "the temp file of a dead process is removed when its output is written again; a live one's stays");
}

/* CR LF reads as LF; a CR elsewhere stays. */
static void test_crlf(void) {
    test_put(test_dir, "crlf.txt", "one\r\ntwo\rthree\r\n");
    char *got = slurp(test_path("crlf.txt"));
    test_ok("readfile.crlf_as_lf", strcmp(got, "one\ntwo\rthree\n") == 0, "read_file: CR LF becomes LF, a lone CR stays");
    free(got);
    test_put(test_dir, "crlf.csv", "# profile=quick\r\nname,value\r\na,1\r\n");
    CsvTable *t = table_read(test_path("crlf.csv"));
    test_ok("csv.crlf_settings", !strcmp(table_setting(t, "profile"), "quick") && t->nrows == 1 &&
                                     !strcmp(table_cell(t, 0, 1), "1"),
            "a CRLF CSV: settings and cells without the CR");
    table_free(t);
}

/* Tables whose last line lost its newline, or whose rows disagree with the count their
 * settings state. */
static void read_table_windows(const char *path) {
    CsvTable *t = table_read(path);
    table_check_rows(t, "windows");
    table_free(t);
}

static void test_truncated(void) {
    test_put(test_dir, "cut.csv", "x,y\n1,0.084265276789665222\n2,0.08426527678");
    const char *why[] = {"cut.csv", "ends without a newline", NULL};
    test_ok("csv.no_final_newline_refused", test_child_dies(read_table, test_path("cut.csv"), why),
            "table_read: a last line without its newline (its tail may be lost) is refused, naming the file");
    test_put(test_dir, "rows.csv", "# windows=3\nx\n1\n2\n");
    const char *why_rows[] = {"rows.csv", "2 data rows", "windows", NULL};
    test_ok("csv.stated_rows_refused", test_child_dies(read_table_windows, test_path("rows.csv"), why_rows),
            "table_check_rows: 2 rows where the file states windows=3: refused, naming the file");
    test_put(test_dir, "rows3.csv", "# windows=3\nx\n1\n2\n3\n");
    CsvTable *t = table_read(test_path("rows3.csv"));
    table_check_rows(t, "windows");   /* dies (and the test with it) if it refuses */
    test_ok("csv.stated_rows_kept", t->nrows == 3, "table_check_rows: as many rows as stated: read");
    table_free(t);
}

/* The sidecar of a run (runwhere.h): its name beside a CSV or inside an output folder, and
 * its keys, in order, naming this host and the kernel string the archive records. */
static void test_runwhere(void) {
    char *a = runwhere_path("d/runs/L4.csv", 0), *b = runwhere_path("d/fig8/", 1), *c = runwhere_path("fig9", 1);
    test_ok("runwhere.path", strcmp(a, "d/runs/L4.where") == 0 && strcmp(b, "d/fig8/fig8.where") == 0 &&
                                 strcmp(c, "fig9/fig9.where") == 0, a);
    free(a); free(b); free(c);
    char *csv = test_path("run.csv");
    runwhere_write(csv, 0);
    char *path = runwhere_path(csv, 0), *text = slurp(path);
    char host[256] = "", kernel[512], want[1024];
    gethostname(host, sizeof host - 1);
    runwhere_kernel(kernel, sizeof kernel);
    snprintf(want, sizeof want, "host=%s\ncpu=", host);
    int ok = strncmp(text, want, strlen(want)) == 0;
    snprintf(want, sizeof want, "\nkernel=%s\nthreads=", kernel);
    ok &= strstr(text, want) != NULL && strstr(text, "\ncores=") && strstr(text, "\nmax_rss_kib=");
    size_t n = strlen(text);
    ok &= n > 0 && text[n - 1] == '\n';
    int lines = 0;
    for (size_t i = 0; i < n; i++) lines += text[i] == '\n';
    test_ok("runwhere.keys", ok && lines == 6, text);
    free(text);
    free(path);
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_rng();
    test_haar();
    test_csv();
    test_atomic();
    test_scratch();
    test_atomic_special();
    test_nul();
    test_stale_temps();
    test_crlf();
    test_truncated();
    test_runwhere();
    test_scratch_end();
    return test_end();
}
