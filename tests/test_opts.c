/* Tests of the option tables (opts.h) on icar-depth's table (depthrun_opts, which includes
 * the shared training flags) and on the heads variant flags: --help lists every flag with
 * its default or as required, a missing required flag (a figure's setting, fed by its
 * spec), a missing value and an unknown flag exit 2 naming the flag, the flags required
 * only with --model full or --checkpoint are named when missing, an out-of-range value
 * names the flag, and the settings lines, the fingerprint, the reading back of a file's
 * settings and --print-settings all come from the table. */
#include "test.h"
#include "depthrun.h"
#include "headsrun.h"
#include "opts.h"
#include "readfile.h"
#include <sys/wait.h>
#include <unistd.h>

/* Parse argv (NULL-terminated) with t in a child process, then (a not NULL) check the
 * combination with depthargs_done as icar-depth does; returns its exit status, with its
 * stdout and stderr in out[n] and err[n] (NUL-terminated). */
static int parse_in_child(const Opt *t, DepthArgs *a, char **argv, char *out, char *err, size_t n) {
    char opath[] = "/tmp/icar-test-opts-XXXXXX", epath[] = "/tmp/icar-test-opts-XXXXXX";
    int ofd = mkstemp(opath), efd = mkstemp(epath);
    if (ofd < 0 || efd < 0) die("cannot create temporary files");
    int argc = 0;
    while (argv[argc]) argc++;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) die("cannot fork");
    if (pid == 0) {
        dup2(ofd, 1);
        dup2(efd, 2);
        opts_parse(t, argc, argv, "icar-depth", NULL);
        DepthOpts o;
        if (a) depthargs_done(a, &o);
        exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    const char *paths[2] = {opath, epath};
    char *bufs[2] = {out, err};
    for (int k = 0; k < 2; k++) {
        size_t len;
        char *text = read_file(paths[k], &len);
        snprintf(bufs[k], n, "%s", text);
        free(text);
        remove(paths[k]);
    }
    close(ofd);
    close(efd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The usage text of t as a string (free it). */
static char *usage_text(const Opt *t) {
    char *buf;
    size_t n;
    FILE *f = open_memstream(&buf, &n);
    opts_usage(f, t, "icar-depth", NULL);
    fclose(f);
    return buf;
}

/* Every flag of t appears in its usage text as "--flag" followed by a space or a line end,
 * and every number flag with a default shows it. */
static void test_help_lists_every_flag(const char *name, const Opt *t) {
    char *help = usage_text(t), word[128];
    int flags = 0, listed = 0;
    for (const Opt *o = t; o->kind; o++) {
        if (!o->flag) continue;
        flags++;
        snprintf(word, sizeof word, "--%s", o->flag);
        for (const char *p = help; (p = strstr(p, word)); p++)
            if (p[strlen(word)] == ' ' || p[strlen(word)] == '\n') { listed++; break; }
    }
    test_ok(name, flags > 0 && listed == flags, "--help lists every flag of the table");
    free(help);
}

static void test_help(DepthArgs *a, const Opt *t) {
    test_help_lists_every_flag("opts.help_lists_depth_flags", t);
    HeadsVariant v;
    headsvariant_init(&v);
    const Opt heads[] = {HEADSVARIANT_OPTS(v), {0}};
    test_help_lists_every_flag("opts.help_lists_variant_flags", heads);
    char *help = usage_text(t);
    test_ok("opts.help_defaults", strstr(help, "--seed N") && strstr(help, "random seed (default 1)") &&
            strstr(help, "--model linear|full") && strstr(help, "training sequences (required)") &&
            strstr(help, "(required with --model full)") && !strstr(help, "(default 16384)") && a->f.seed == 1,
            "--help shows each default (the variable's value before parsing: the seed's), the words of a choice, "
            "and a figure's settings as (required)");
    free(help);
    char out[4096], err[4096];
    char *argv[] = {"icar-depth", "--help", NULL};
    int rc = parse_in_child(t, NULL, argv, out, err, sizeof out);
    const char *synopsis = "usage: icar-depth --model linear|full --d N --T N --train N --test N --epochs N --batch N "
                           "--lr X --L N --out FILE [options]\n";
    test_ok("opts.help_exit0", rc == 0 && strncmp(out, synopsis, strlen(synopsis)) == 0 && !err[0],
            "--help: the usage on stdout, nothing on stderr, exit 0");
}

/* A command line of icar-depth: every required flag (sizes of a test), without the flag
 * named by drop (NULL: none), then extra (NULL-terminated); argv[64]. */
static void depth_argv(char **argv, const char *drop, char **extra) {
    static char *const given[][2] = {{"--model", "linear"}, {"--d", "2"}, {"--T", "4"}, {"--train", "8"},
                                     {"--test", "4"}, {"--epochs", "2"}, {"--batch", "4"}, {"--lr", "0.01"},
                                     {"--L", "1"}, {"--out", "x.csv"}};
    int n = 0;
    argv[n++] = "icar-depth";
    for (size_t i = 0; i < sizeof given / sizeof *given; i++)
        if (!drop || strcmp(given[i][0], drop) != 0) { argv[n++] = given[i][0]; argv[n++] = given[i][1]; }
    for (int i = 0; extra && extra[i]; i++) argv[n++] = extra[i];
    argv[n] = NULL;
}

/* Each misuse: the exit status and a message naming the flag. */
static void test_errors(const Opt *t, DepthArgs *a) {
    char out[4096], err[4096], *argv[64];
    depth_argv(argv, NULL, NULL);
    int rc = parse_in_child(t, a, argv, out, err, sizeof out);
    test_ok("opts.all_required_given", rc == 0 && !err[0], "every required flag given: parsed and checked, exit 0");
    depth_argv(argv, "--L", NULL);
    rc = parse_in_child(t, a, argv, out, err, sizeof out);
    test_ok("opts.required_missing", rc == 2 && strstr(err, "--L is required") && strstr(err, "usage: icar-depth"),
            "a required flag missing: exit 2, the message names it, the usage follows on stderr");
    depth_argv(argv, "--lr", NULL);
    rc = parse_in_child(t, a, argv, out, err, sizeof out);
    test_ok("opts.spec_setting_missing", rc == 2 && strstr(err, "--lr is required") && strstr(err, "usage: icar-depth"),
            "a figure's setting (its value in the spec, no default in C) missing: exit 2, the message names it");
    char *full[] = {"--model", "full", NULL}, *full_heads[] = {"--model", "full", "--heads", "2", NULL};
    depth_argv(argv, "--model", full);
    rc = parse_in_child(t, a, argv, out, err, sizeof out);
    test_ok("opts.full_needs_heads", rc != 0 && strstr(err, "--heads is required with --model full"),
            "--model full without --heads: refused, the message names --heads");
    depth_argv(argv, "--model", full_heads);
    rc = parse_in_child(t, a, argv, out, err, sizeof out);
    test_ok("opts.full_needs_ffn", rc != 0 && strstr(err, "--ffn is required with --model full"),
            "--model full with --heads but without --ffn: refused, the message names --ffn");
    char *ckpt[] = {"--checkpoint", "x.ckpt", NULL};
    depth_argv(argv, NULL, ckpt);
    rc = parse_in_child(t, a, argv, out, err, sizeof out);
    test_ok("opts.checkpoint_needs_every", rc != 0 && strstr(err, "--checkpoint-every is required with --checkpoint"),
            "--checkpoint without --checkpoint-every: refused, the message names --checkpoint-every");
    char *range[] = {"--epochs", "0", NULL};
    depth_argv(argv, "--epochs", range);
    rc = parse_in_child(t, NULL, argv, out, err, sizeof out);
    test_ok("opts.out_of_range", rc == 1 && strstr(err, "--epochs must be in [1, 1000000], got 0"),
            "an out-of-range value: exit 1, the message names the flag and its range");
    char *word[] = {"--model", "deep", NULL};
    depth_argv(argv, "--model", word);
    rc = parse_in_child(t, NULL, argv, out, err, sizeof out);
    test_ok("opts.bad_word", rc == 1 && strstr(err, "--model: give one of linear|full, got 'deep'"),
            "a value not among a choice's words: exit 1, the message names the flag and the words");
    char *unknown[] = {"--bogus", "3", NULL};
    depth_argv(argv, NULL, unknown);
    rc = parse_in_child(t, NULL, argv, out, err, sizeof out);
    test_ok("opts.unknown_flag", rc == 2 && strstr(err, "unknown flag '--bogus'") && strstr(err, "usage:"),
            "an unknown flag: exit 2, the message names it");
    char *novalue[] = {"--L", NULL};
    depth_argv(argv, "--L", novalue);
    rc = parse_in_child(t, NULL, argv, out, err, sizeof out);
    test_ok("opts.missing_value", rc == 2 && strstr(err, "--L needs a value"), "a flag without its value: exit 2, named");
    char *stray[] = {"extra", NULL};
    depth_argv(argv, NULL, stray);
    rc = parse_in_child(t, NULL, argv, out, err, sizeof out);
    test_ok("opts.stray_operand", rc == 2 && strstr(err, "unexpected argument 'extra'"),
            "an operand where the tool takes none: exit 2, named");
}

/* The settings lines: the entries with a key, in the table's order, each in its format,
 * the full-model ones only for the full model; the fingerprint holds the same pairs; a
 * file's settings read back through the table give the same values. */
static void test_settings(void) {
    DepthArgs a;
    Opt t[DEPTHRUN_NOPTS];
    depthargs_init(&a);
    depthrun_opts(&a, t);
    char *argv[64], *full[] = {"--model", "full", "--L", "2", "--lr", "0.003", "--seed", "9", "--heads", "3",
                               "--ffn", "60", NULL};
    depth_argv(argv, "--model", full);   /* --L and --lr given twice: the later value counts */
    int argc = 0;
    while (argv[argc]) argc++;
    opts_parse(t, argc, argv, "icar-depth", NULL);
    DepthOpts o;
    depthargs_done(&a, &o);
    char path[4200], fp[2048], want[2048] = "";
    snprintf(path, sizeof path, "%s/settings.csv", test_dir);
    CsvOut *c = csv_create(path);
    opts_settings(c, t);
    csv_header(c, "x");
    csv_close(c);
    opts_fingerprint(t, fp, sizeof fp);
    CsvTable *tab = table_read(path);
    int k = 0, same = 1, keys = 0;
    for (const Opt *e = t; e->kind; e++) {
        if (!e->key) continue;
        keys++;
        if (k >= tab->nsettings || strcmp(tab->setting_keys[k], e->key) != 0) { same = 0; break; }
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s=%s", k ? " " : "", e->key,
                 tab->setting_values[k]);
        k++;
    }
    test_ok("opts.settings_from_table", same && k == keys && tab->nsettings == keys &&
            !strcmp(table_setting(tab, "lr"), "0.00300000003") && !strcmp(table_setting(tab, "heads"), "3") &&
            !strcmp(table_setting(tab, "tool"), "icar-depth") && !strcmp(table_setting(tab, "model"), "full"),
            "one '# key=value' line per keyed entry, in the table's order and format (lr: the float, %.9g)");
    test_ok("opts.fingerprint_from_table", !strcmp(fp, want), "the fingerprint: the same key=value pairs");
    DepthArgs b;
    Opt tb[DEPTHRUN_NOPTS];
    depthargs_init(&b);
    depthrun_opts(&b, tb);
    opts_read_settings(tb, tab, "model seed lr L heads");
    test_ok("opts.read_settings", b.model == DEPTH_FULL && b.f.seed == 9 && (float)b.f.lr == (float)a.f.lr &&
            b.L == 2 && b.heads == 3, "a file's settings read back through the table");
    table_free(tab);
    a.full = 0;   /* the linear model records no heads, ffn */
    c = csv_create(path);
    opts_settings(c, t);
    csv_header(c, "x");
    csv_close(c);
    tab = table_read(path);
    test_ok("opts.settings_when", tab->nsettings == keys - 2 && !table_setting(tab, "heads") &&
            !table_setting(tab, "ffn"), "a setting with a condition is left out where it does not hold");
    table_free(tab);
}

/* --print-settings: exit 0 without the required flags, and the settings lines of exactly
 * the flags given, as the CSVs record them (lr in its format, the model's word). */
static void test_print_settings(const Opt *t) {
    char out[4096], err[4096];
    char *argv[] = {"icar-depth", "--print-settings", "--seed", "7", "--lr", "0.003", "--model", "full", NULL};
    int st = parse_in_child(t, NULL, argv, out, err, sizeof out);
    test_ok("opts.print_settings", st == 0 && !strcmp(out, "# model=full\n# seed=7\n# lr=0.00300000003\n"),
            "--print-settings prints the '# key=value' lines of the given flags only, in the table's order, "
            "and exits 0 without the required flags");
}

int main(int argc, char **argv) {
    test_begin(argc, argv);
    test_scratch();
    DepthArgs a;
    Opt t[DEPTHRUN_NOPTS];
    depthargs_init(&a);
    depthrun_opts(&a, t);
    test_help(&a, t);
    test_errors(t, &a);
    test_settings();
    test_print_settings(t);
    test_scratch_end();
    return test_end();
}
