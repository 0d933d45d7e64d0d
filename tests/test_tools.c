/* Command-line hygiene of every tool in the build folder: an unknown flag, a malformed
 * value and an unwritable output each stop with a message on stderr and a non-zero
 * exit, and leave no output file behind. */
#include "test.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char bindir[4096];

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
                                 {"icar-hist", "--in %s/errors.csv"},
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
    int said, rc = run_tool("icar-fig1", "--out /proc/icar-no/points.csv", &said);
    test_ok("icar-fig1.unwritable_output", rc != 0 && said, "an output under /proc: message, non-zero exit");
    rc = run_tool("icar-fig3", "--T 1 --out /tmp/icar-never", &said);
    test_ok("icar-fig3.out_of_range", rc != 0 && said && access("/tmp/icar-never", F_OK) != 0,
            "--T 1 (below the smallest context): message, non-zero exit, nothing written");
    return test_end();
}
