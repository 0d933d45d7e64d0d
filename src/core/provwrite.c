#include "provwrite.h"
#include "err.h"
#include "identity.h"
#include "manifest.h"
#include "readfile.h"
#include "record.h"
#include "runwhere.h"
#include "sidecars.h"
#include "tree.h"
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* SHA-256 over "HEX  PATH\n" of every src/ *.c and *.h, sorted by path (as sha256sum). */
static void src_sha256(char hex[SHA256_HEX + 1]) {
    Lines files = {0};
    walk_tree("src", ".c", 0, &files);
    walk_tree("src", ".h", 0, &files);
    if (!files.n) die("no sources under 'src' (run from the repository's root)");
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    for (int i = 0; i < files.n; i++) {
        char one[SHA256_HEX + 1], *line;
        long size;
        sha256_file(files.s[i], one, &size);
        int n = asprintf(&line, "%s  %s\n", one, files.s[i]);
        if (n < 0) die("out of memory");
        sha256_update(&ctx, (size_t)n, (const uint8_t *)line);
        free(line);
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    lines_free(&files);
}

/* The code id BUILD/codeid/PROGRAM.c holds, into hex. */
static void code_id(const char *build, const char *program, char hex[SHA256_HEX + 1]) {
    char *path;
    if (asprintf(&path, "%s/codeid/%s.c", build, program) < 0) die("out of memory");
    static const char OPEN[] = "const char icar_code_id[] = \"";
    const char *at = NULL;
    char *text = NULL;
    if (is_file(path)) {
        size_t len;
        text = read_file(path, &len);
        at = strstr(text, OPEN);
    }
    if (at) at += sizeof OPEN - 1;
    if (!at || strspn(at, "0123456789abcdef") != SHA256_HEX || strncmp(at + SHA256_HEX, "\";", 2) != 0)
        die("%s holds no code id of %s (is %s a program of this build?)", path, program, program);
    snprintf(hex, SHA256_HEX + 1, "%.*s", SHA256_HEX, at);
    free(text);
    free(path);
}

void provenance_identity(const char *build, const char *runs, Lines *out) {
    char hex[SHA256_HEX + 1], kernel[1024];
    src_sha256(hex);
    lines_addf(out, "src_sha256=%s", hex);
    runwhere_kernel(kernel, sizeof kernel);
    lines_addf(out, "kernel=%s", kernel);
    Lines programs = {0};
    identity_programs(runs, &programs);
    for (int p = 0; p < programs.n; p++) {
        code_id(build, programs.s[p], hex);
        lines_addf(out, "code_id.%s=%s", programs.s[p], hex);
    }
    lines_free(&programs);
}

/* The environment's NAME, NULL where unset or empty. */
static const char *env(const char *name) {
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The first line COMMAND prints, into buf[n]; "" when it prints none. */
static void command_line(const char *command, char *buf, size_t n) {
    buf[0] = 0;
    FILE *p = popen(command, "r");
    if (!p) die("cannot run '%s'", command);
    if (fgets(buf, (int)n, p)) buf[strcspn(buf, "\n")] = 0;
    while (fgetc(p) != EOF) {}
    pclose(p);
}

static void git_state(Lines *out) {
    char commit[128], changed[4096];
    const char *given = env("ICAR_COMMIT"), *dirty = env("ICAR_DIRTY");
    if (!given) {
        command_line("git rev-parse HEAD 2>/dev/null", commit, sizeof commit);
        given = *commit ? commit : "none";
    }
    lines_addf(out, "commit=%s", given);
    if (!dirty) {
        command_line("git status --porcelain --untracked-files=no 2>/dev/null", changed, sizeof changed);
        dirty = *changed ? "1" : "0";
    }
    lines_addf(out, "dirty=%s", dirty);
}

/* The lines of MACHINE (sidecars_machine) that start with PREFIX, added to OUT. */
static void copy_lines(const Lines *machine, const char *prefix, Lines *out) {
    for (int i = 0; i < machine->n; i++)
        if (strncmp(machine->s[i], prefix, strlen(prefix)) == 0) lines_add(out, machine->s[i]);
}

/* The value of KEY among the lines of MACHINE; "" if none. */
static const char *machine_value(const Lines *machine, const char *key) {
    for (int i = 0; i < machine->n; i++)
        if (record_line_has_key(machine->s[i], key)) return machine->s[i] + strlen(key) + 1;
    return "";
}

void provenance_compose(const char *build, const char *runs, const Lines *sidecars, const Lines *pairs, Lines *out) {
    if (!is_file(runs) && !is_folder(runs)) die("%s: no such file or folder", runs);
    Lines found = {0}, machine = {0}, id = {0};
    if (!sidecars) walk_tree(runs, ".where", 0, &found);
    sidecars_machine(sidecars ? sidecars : &found, &machine);
    for (int i = 0; i < pairs->n; i++) lines_add(out, pairs->s[i]);
    git_state(out);
    provenance_identity(build, runs, &id);
    int from_runs = strcmp(machine_value(&machine, "machine"), "runs") == 0;
    for (int i = 0; i < id.n; i++)
        if (from_runs && record_line_has_key(id.s[i], "kernel")) lines_addf(out, "kernel=%s", machine_value(&machine, "kernel"));
        else lines_add(out, id.s[i]);
    if (from_runs) {
        static const char *const FROM_RUNS[] = {"cpu=", "cores=", "machine=", "host=", "make_kernel="};
        for (size_t k = 0; k < sizeof FROM_RUNS / sizeof *FROM_RUNS; k++) copy_lines(&machine, FROM_RUNS[k], out);
    } else {
        char cpu[512];
        runwhere_cpu(cpu, sizeof cpu);
        lines_addf(out, "cpu=%s", cpu);
        lines_addf(out, "cores=%ld", sysconf(_SC_NPROCESSORS_CONF));
        lines_add(out, "machine=make");
        copy_lines(&machine, "where.", out);
    }
    lines_addf(out, "openblas_coretype=%s", env("OPENBLAS_CORETYPE") ? env("OPENBLAS_CORETYPE") : "unset");
    char date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    lines_addf(out, "date=%s", date);
    lines_free(&found);
    lines_free(&machine);
    lines_free(&id);
}
