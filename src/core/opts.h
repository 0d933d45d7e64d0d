/* opts.h — one declarative option table per tool.
 *
 * A tool describes its flags in one array of Opt ending with {0}. That array drives:
 *   opts_parse        the getopt_long table, the checked conversion of every value, the
 *                     required flags, --help (usage on stdout, exit 0), --print-settings
 *                     (the "# key=value" lines of the settings whose flags are given, as
 *                     the CSVs record them, on stdout, exit 0: make compares them with an
 *                     archive's CSVs, mk/archive.mk);
 *   opts_usage        the usage text (the synopsis from the required flags, then one line
 *                     per flag with its default, which is the variable's value before parsing);
 *   opts_settings     the "# key=value" lines of the tool's CSV outputs;
 *   opts_fingerprint  the same settings as one "key=value ..." string, fingerprinted into
 *                     the tool's checkpoints (checkpoint.h).
 * An entry with a key is a setting; an entry without a flag is a setting only (a value
 * the tool derives after parsing, or a fixed text), written where it stands in the table.
 *
 * Errors: an unknown flag, a flag without its value, a missing required flag or a stray
 * operand print a message naming the flag and the usage on stderr and exit 2; a malformed
 * or out-of-range value, an empty output path or two outputs naming the same file stop
 * through die() (exit 1) with a message naming the flags, before the tool does anything. */
#ifndef ICAR_OPTS_H
#define ICAR_OPTS_H
#include "csvio.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    OPT_END = 0,   /* the end of a table */
    OPT_INT,       /* int *dest: a whole number in [min, max] */
    OPT_LONG,      /* long *dest: a whole number in [min, max] */
    OPT_LONG_ALL,  /* long *dest: a whole number in [min, max], or the word "all" stored as -1 */
    OPT_DOUBLE,    /* double *dest: a finite number in [min, max] */
    OPT_SEED,      /* uint64_t *dest: a non-negative integer */
    OPT_STRING,    /* const char **dest: the value as given (an input path, a label) */
    OPT_OUTPUT,    /* const char **dest: a path the tool writes, a file or a folder of files;
                      never empty, and no two output flags of one command name the same
                      file (checked after parsing, then kept by atomic.h: atomic_once) */
    OPT_FLAG,      /* int *dest: set to 1 by the flag, which takes no value */
    OPT_WORD,      /* int *dest: the index of the value in words[] */
    OPT_DOUBLES,   /* OptDoubles *dest: comma-separated numbers, each in [min, max] */
    OPT_STRINGS,   /* OptStrings *dest: the flag may be repeated; each value is kept as given */
    OPT_TEXT,      /* no flag: a setting whose value is the fixed text `text` */
} OptKind;

enum { OPT_LIST_MAX = 64 };
typedef struct {
    int n;                      /* values given */
    double v[OPT_LIST_MAX];
} OptDoubles;
typedef struct {
    int n;                      /* values given */
    const char *v[OPT_LIST_MAX];
} OptStrings;

typedef struct {
    const char *flag;           /* the name after "--"; NULL: a setting only, not a flag */
    OptKind kind;
    void *dest;                 /* the variable, of the kind's type; its value before parsing
                                   is the default shown by --help */
    double min, max;            /* the accepted range of a number */
    const char *const *words;   /* OPT_WORD: the accepted values, NULL-terminated */
    const char *arg;            /* the value's name in --help (N, X, FILE ...); NULL: from the kind */
    const char *help;           /* what the flag does, for --help */
    int required;               /* 1: the flag must be given */
    const char *key;            /* the setting's key in "# key=value" lines and in the
                                   fingerprint; NULL: not a setting */
    const char *fmt;            /* printf format of the setting's value (one conversion of
                                   the kind's type); NULL: the kind's (%d, %ld, %g, %llu, %s) */
    const int *when;            /* the setting is recorded only where *when != 0; NULL: always */
    const char *text;           /* OPT_TEXT: the setting's value */
    int single;                 /* OPT_DOUBLE: 1 rounds the value to single precision as it is
                                   parsed (a tool that computes with the float records it) */
} Opt;

/* Entries most tools share: the "tool" setting (the program's name), --profile (a label
 * recorded in the settings) and --seed.
 *
 * Defaults: --seed (1) and --profile keep one, the variable's value before parsing: they
 * label a run, they are no figure's setting. A figure's setting (a size, a rate, a count)
 * has no default in C: its flag is .required and make passes its value from the figure's
 * spec (specs/figN.mk), its one place. */
#define OPTS_TOOL(name) {.kind = OPT_TEXT, .key = "tool", .text = name}
#define OPTS_PROFILE(var) \
    {"profile", OPT_STRING, &(var), .arg = "NAME", .help = "recorded in the CSV settings", .key = "profile"}
#define OPTS_SEED(var) {"seed", OPT_SEED, &(var), .help = "random seed", .key = "seed"}
/* The three, the settings lines a seeded run starts with. */
#define OPTS_RUN(name, profile, seed) OPTS_TOOL(name), OPTS_PROFILE(profile), OPTS_SEED(seed)

/* Parse argv with table t; program is the name in messages and in the usage line
 * (err_set_program is called with it). operands names what may
 * follow the flags ("RUN.csv..."), NULL if nothing may. Returns the index in argv of the
 * first operand (argc if none). */
int opts_parse(const Opt *t, int argc, char **argv, const char *program, const char *operands);
/* The usage text of table t. */
void opts_usage(FILE *f, const Opt *t, const char *program, const char *operands);
/* Write the settings of table (a const Opt *) as "# key=value" lines, in the table's
 * order. (The signature of matcsv.h's MatSettingsFn, so that it can be passed there.) */
void opts_settings(CsvOut *c, const void *table);
/* Only the settings whose keys are among keys (space-separated), in the table's order. */
void opts_settings_some(CsvOut *c, const Opt *t, const char *keys);
/* The reverse of opts_settings for a file read back: sets the variable of every flag
 * whose setting is among keys (space-separated) from the file's "# key=value" lines,
 * checked as the flag's value would be; dies naming the file where one is missing or bad. */
void opts_read_settings(const Opt *t, const CsvTable *tab, const char *keys);
/* The same settings as "key=value key=value ..." in buf[n]; dies if it does not fit. */
void opts_fingerprint(const Opt *t, char *buf, size_t n);
/* Print the message "PROGRAM: ..." and the usage on stderr; exit 2 (a misused command line). */
void opts_fail(const Opt *t, const char *program, const char *operands, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));
#endif
