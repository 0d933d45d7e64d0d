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
    remove(errpath);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
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
    int said, rc = run_tool("icar-fig1", "--out /proc/icar-no/points.csv", &said);
    test_ok("icar-fig1.unwritable_output", rc != 0 && said, "an output under /proc: message, non-zero exit");
    rc = run_tool("icar-fig3", "--T 1 --out /tmp/icar-never", &said);
    test_ok("icar-fig3.out_of_range", rc != 0 && said && access("/tmp/icar-never", F_OK) != 0,
            "--T 1 (below the smallest context): message, non-zero exit, nothing written");
    return test_end();
}
