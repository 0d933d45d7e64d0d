/* opts.c — see opts.h. */
#include "opts.h"
#include "args.h"
#include "err.h"
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int count(const Opt *t) {
    int n = 0;
    while (t[n].kind != OPT_END) n++;
    return n;
}

/* The value's name in --help: the words of OPT_WORD joined by '|', else arg or the kind's. */
static const char *arg_name(const Opt *o, char *buf, size_t n) {
    if (o->kind == OPT_WORD) {
        size_t at = 0;
        buf[0] = '\0';
        for (int i = 0; o->words[i] && at < n; i++) at += snprintf(buf + at, n - at, "%s%s", i ? "|" : "", o->words[i]);
        return buf;
    }
    if (o->arg) return o->arg;
    switch (o->kind) {
    case OPT_DOUBLE: return "X";
    case OPT_DOUBLES: return "LIST";
    case OPT_STRING: return "VALUE";
    case OPT_OUTPUT: return "PATH";
    default: return "N";
    }
}

/* Whether the variable of a number flag holds no default: a value outside its range
 * (e.g. 0 for "not given" where the range starts at 1). */
static int unset_number(const Opt *o) {
    double x;
    switch (o->kind) {
    case OPT_INT: x = *(const int *)o->dest; break;
    case OPT_LONG: x = *(const long *)o->dest; break;
    case OPT_DOUBLE: x = *(const double *)o->dest; break;
    default: return 0;
    }
    return x < o->min || x > o->max;
}

/* The current value of o as text, with fmt (NULL: the kind's format). Returns 0 where
 * there is none (an unset string or word). */
static int value_text(const Opt *o, const char *fmt, char *buf, size_t n) {
    switch (o->kind) {
    case OPT_INT: case OPT_FLAG: snprintf(buf, n, fmt ? fmt : "%d", *(const int *)o->dest); return 1;
    case OPT_LONG: snprintf(buf, n, fmt ? fmt : "%ld", *(const long *)o->dest); return 1;
    case OPT_LONG_ALL:
        if (*(const long *)o->dest < 0) snprintf(buf, n, "all");
        else snprintf(buf, n, fmt ? fmt : "%ld", *(const long *)o->dest);
        return 1;
    case OPT_DOUBLE: snprintf(buf, n, fmt ? fmt : "%g", *(const double *)o->dest); return 1;
    case OPT_SEED: snprintf(buf, n, fmt ? fmt : "%llu", (unsigned long long)*(const uint64_t *)o->dest); return 1;
    case OPT_STRING: case OPT_OUTPUT: {
        const char *s = *(const char *const *)o->dest;
        if (!s) return 0;
        snprintf(buf, n, fmt ? fmt : "%s", s);
        return 1;
    }
    case OPT_WORD: {
        int i = *(const int *)o->dest;
        if (i < 0) return 0;
        snprintf(buf, n, fmt ? fmt : "%s", o->words[i]);
        return 1;
    }
    case OPT_DOUBLES: {
        const OptDoubles *l = o->dest;
        size_t at = 0;
        buf[0] = '\0';
        for (int i = 0; i < l->n && at < n; i++)
            at += snprintf(buf + at, n - at, i ? ",%g" : "%g", l->v[i]);
        return l->n > 0;
    }
    case OPT_STRINGS: {
        const OptStrings *l = o->dest;
        size_t at = 0;
        buf[0] = '\0';
        for (int i = 0; i < l->n && at < n; i++) at += snprintf(buf + at, n - at, i ? ",%s" : "%s", l->v[i]);
        return l->n > 0;
    }
    case OPT_TEXT: snprintf(buf, n, "%s", o->text); return 1;
    default: die("internal: option table entry of unknown kind %d", (int)o->kind);
    }
}

void opts_usage(FILE *f, const Opt *t, const char *program, const char *operands) {
    char name[256], left[300], def[256];
    fprintf(f, "usage: %s", program);
    for (const Opt *o = t; o->kind; o++)
        if (o->flag && o->required) fprintf(f, " --%s %s", o->flag, arg_name(o, name, sizeof name));
    fprintf(f, " [options]%s%s\n", operands ? " " : "", operands ? operands : "");
    for (const Opt *o = t; o->kind; o++) {
        if (!o->flag) continue;
        if (o->kind == OPT_FLAG) snprintf(left, sizeof left, "--%s", o->flag);
        else snprintf(left, sizeof left, "--%s %s", o->flag, arg_name(o, name, sizeof name));
        if (strlen(left) > 22) fprintf(f, "  %s\n  %-22s", left, "");   /* a long flag: help on the next line */
        else fprintf(f, "  %-22s", left);
        fprintf(f, " %s", o->help ? o->help : "");
        if (o->required) fprintf(f, " (required)");
        else if (o->kind != OPT_FLAG && !unset_number(o) && value_text(o, NULL, def, sizeof def))
            fprintf(f, " (default %s)", def);
        fputc('\n', f);
    }
    fprintf(f, "  %-22s this text\n", "--help");
    fprintf(f, "  %-22s print the settings lines the given flags make (\"# key=value\", as the CSVs\n"
               "  %-22s record them) and stop; no flag is required\n", "--print-settings", "");
}

void opts_fail(const Opt *t, const char *program, const char *operands, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%.*s: error: ", (int)strcspn(program, " "), program);   /* the name without a mode */
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    opts_usage(stderr, t, program, operands);
    exit(2);
}

/* Comma-separated numbers into l, each checked as flag's value. */
static void parse_doubles(const Opt *o, const char *flag, const char *value) {
    OptDoubles *l = o->dest;
    char *buf = xstrdup(value), *save = NULL;
    l->n = 0;
    for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (l->n == OPT_LIST_MAX) die("%s: at most %d values", flag, OPT_LIST_MAX);
        l->v[l->n++] = arg_double(flag, tok, o->min, o->max);
    }
    free(buf);
    if (!l->n) die("%s: give at least one value", flag);
}

/* Convert value into o's variable; a bad value dies naming flag (the flag, or the
 * setting of a file). */
static void set_value(const Opt *o, const char *flag, const char *value) {
    switch (o->kind) {
    case OPT_INT: *(int *)o->dest = (int)arg_long(flag, value, (long)o->min, (long)o->max); break;
    case OPT_LONG: *(long *)o->dest = arg_long(flag, value, (long)o->min, (long)o->max); break;
    case OPT_LONG_ALL:
        *(long *)o->dest = strcmp(value, "all") == 0 ? -1 : arg_long(flag, value, (long)o->min, (long)o->max);
        break;
    case OPT_DOUBLE: {
        double x = arg_double(flag, value, o->min, o->max);
        *(double *)o->dest = o->single ? (double)(float)x : x;
        break;
    }
    case OPT_SEED: *(uint64_t *)o->dest = arg_seed(value); break;
    case OPT_STRING: *(const char **)o->dest = value; break;
    case OPT_OUTPUT:
        if (!*value) die("%s: an empty path names no file; give the path to write", flag);
        *(const char **)o->dest = value;
        break;
    case OPT_FLAG: *(int *)o->dest = 1; break;
    case OPT_WORD: {
        char words[256];
        for (int i = 0; o->words[i]; i++)
            if (strcmp(value, o->words[i]) == 0) { *(int *)o->dest = i; return; }
        die("%s: give one of %s, got '%s'", flag, arg_name(o, words, sizeof words), value);
    }
    case OPT_DOUBLES: parse_doubles(o, flag, value); break;
    case OPT_STRINGS: {
        OptStrings *l = o->dest;
        if (l->n == OPT_LIST_MAX) die("%s: at most %d times", flag, OPT_LIST_MAX);
        l->v[l->n++] = value;
        break;
    }
    default: die("internal: %s has no value of kind %d", flag, (int)o->kind);
    }
}

/* --print-settings: the "# key=value" line of every setting whose flag was given (given[i]
 * for t[i]), in the table's order and format, as the tool's CSVs record it. A count given
 * as "all" is left out: the tools record the count found in their input. */
static void print_given(const Opt *t, const char *given) {
    char v[1024];
    for (int i = 0; t[i].kind; i++) {
        if (!given[i] || !t[i].key || !value_text(&t[i], t[i].fmt, v, sizeof v)) continue;
        if (t[i].kind == OPT_LONG_ALL && *(const long *)t[i].dest < 0) continue;
        printf("# %s=%s\n", t[i].key, v);
    }
}

/* Whether output paths a and b name the same file (atomic_identity; a FIFO or a device
 * may be shared). */
static int same_file(const char *a, const char *b) {
    char *ia = atomic_identity(a), *ib = atomic_identity(b);
    int same = ia && ib && strcmp(ia, ib) == 0;
    free(ia);
    free(ib);
    return same;
}

/* After parsing: no two output flags that were given name the same file, and each is
 * registered with atomic.h, which refuses a second opening of its file in this run. */
static void check_outputs(const Opt *t, int n, const char *given) {
    for (int i = 0; i < n; i++) {
        if (t[i].kind != OPT_OUTPUT || !given[i]) continue;
        const char *path = *(const char *const *)t[i].dest;
        for (int j = 0; j < i; j++)
            if (t[j].kind == OPT_OUTPUT && given[j] && same_file(path, *(const char *const *)t[j].dest))
                die("--%s and --%s name the same file '%s': give each output a path of its own", t[j].flag,
                    t[i].flag, path);
        char flag[128];
        snprintf(flag, sizeof flag, "--%s", t[i].flag);
        atomic_once(path, flag);
    }
}

int opts_parse(const Opt *t, int argc, char **argv, const char *program, const char *operands) {
    err_set_program(program);
    int n = count(t);
    struct option *lo = xcalloc(n + 3, sizeof *lo);   /* the flags, --help, --print-settings, the end */
    char *given = xcalloc(n, 1);
    int nl = 0, print = 0;
    for (int i = 0; i < n; i++)
        if (t[i].flag)
            lo[nl++] = (struct option){t[i].flag, t[i].kind == OPT_FLAG ? no_argument : required_argument, 0, 256 + i};
    lo[nl++] = (struct option){"help", no_argument, 0, 'h'};
    lo[nl] = (struct option){"print-settings", no_argument, 0, 'p'};
    int ch;
    optind = 0;   /* getopt starts afresh (a test may parse several command lines) */
    opterr = 0;   /* the messages below name the flag */
    while ((ch = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        if (ch == 'h') { opts_usage(stdout, t, program, operands); exit(0); }
        if (ch == 'p') { print = 1; continue; }
        if (ch == ':') opts_fail(t, program, operands, "%s needs a value", argv[optind - 1]);
        if (ch < 256) opts_fail(t, program, operands, "unknown flag '%s'", argv[optind - 1]);
        char flag[128];
        snprintf(flag, sizeof flag, "--%s", t[ch - 256].flag);
        set_value(&t[ch - 256], flag, optarg);
        given[ch - 256] = 1;
    }
    if (print) {
        print_given(t, given);
        free(lo);
        free(given);
        exit(0);
    }
    for (int i = 0; i < n; i++)
        if (t[i].flag && t[i].required && !given[i]) opts_fail(t, program, operands, "--%s is required", t[i].flag);
    if (!operands && optind < argc) opts_fail(t, program, operands, "unexpected argument '%s'", argv[optind]);
    check_outputs(t, n, given);
    free(lo);
    free(given);
    return optind;
}

/* Whether o is recorded now. */
static int recorded(const Opt *o) { return o->key && (!o->when || *o->when); }

/* Whether word is one of the space-separated words of list (NULL: every word is). */
static int listed(const char *list, const char *word) {
    if (!list) return 1;
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

static void write_settings(CsvOut *c, const Opt *t, const char *keys) {
    char v[1024];
    for (const Opt *o = t; o->kind; o++)
        if (recorded(o) && listed(keys, o->key) && value_text(o, o->fmt, v, sizeof v)) csv_setting(c, o->key, "%s", v);
}

void opts_settings(CsvOut *c, const void *table) { write_settings(c, table, NULL); }

void opts_settings_some(CsvOut *c, const Opt *t, const char *keys) { write_settings(c, t, keys); }

void opts_read_settings(const Opt *t, const CsvTable *tab, const char *keys) {
    for (const Opt *o = t; o->kind; o++) {
        if (!o->flag || !o->key || !listed(keys, o->key)) continue;
        const char *v = table_setting(tab, o->key);
        if (!v) die("'%s' records no setting '%s'", tab->path, o->key);
        char name[1024];
        snprintf(name, sizeof name, "setting '%s' of '%s'", o->key, tab->path);
        set_value(o, name, v);
    }
}

void opts_fingerprint(const Opt *t, char *buf, size_t n) {
    size_t at = 0;
    char v[1024];
    buf[0] = '\0';
    for (const Opt *o = t; o->kind; o++) {
        if (!recorded(o) || !value_text(o, o->fmt, v, sizeof v)) continue;
        at += snprintf(buf + at, at < n ? n - at : 0, "%s%s=%s", at ? " " : "", o->key, v);
        if (at >= n) die("internal: the settings string needs more than %zu bytes", n);
    }
}
