/* pagecheck.c — the rendered manuscript's structure from one parse (pagecheck.h). */
#include "pagecheck.h"
#include "err.h"
#include "readfile.h"
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct Page {
    char *path;
    htmlDocPtr doc;
    xmlXPathContextPtr xpath;
};

/* The top-level headings other than the title. */
#define H1 "//h1[not(@class=\"title\")]"
#define SCORECARD_HEADING "What of the paper holds"
/* The rows of the claims tables (claimtable.h). */
#define CLAIM_ROWS "//table[thead/tr/th[2][normalize-space(.)=\"what is measured\"]]/tbody/tr"
/* The text of a statement cell outside math and code. */
#define STATEMENT_TEXT "/td[2]//text()[not(ancestor::math) and not(ancestor::code)]"

Page *page_read(const char *path) {
    size_t len;
    char *text = read_file(path, &len);   /* the rules of every text input (readfile.h) */
    if (len > INT_MAX) die("'%s' is too large for libxml2's parser (%zu bytes)", path, len);
    /* pandoc's HTML5 tags (<nav>, <math>) draw errors from the HTML 4 parser; they are
     * parsed all the same, so the messages are silenced. */
    htmlDocPtr doc = htmlReadMemory(text, (int)len, path, NULL, HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                                    HTML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_COMPACT);
    free(text);
    if (!doc || !xmlDocGetRootElement(doc)) die("'%s' is not an HTML page libxml2 can parse", path);
    Page *p = xcalloc(1, sizeof *p);
    p->path = xstrdup(path);
    p->doc = doc;
    p->xpath = xmlXPathNewContext(doc);
    if (!p->xpath) die("cannot query '%s': out of memory", path);
    return p;
}

void page_free(Page *p) {
    if (!p) return;
    xmlXPathFreeContext(p->xpath);
    xmlFreeDoc(p->doc);
    free(p->path);
    free(p);
}

/* ---------- queries ---------- */

/* The value of the XPath expression FMT, ... over the page; dies on an expression that
 * does not parse (a value with a '"' in it cannot be quoted in XPath 1.0). The as_*
 * functions below read it and free it:  as_count(query(p, "count(//h1)")). */
static xmlXPathObjectPtr query(Page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static xmlXPathObjectPtr query(Page *p, const char *fmt, ...) {
    char *expr;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&expr, fmt, ap) < 0) die("out of memory");
    va_end(ap);
    xmlXPathObjectPtr v = xmlXPathEvalExpression((const xmlChar *)expr, p->xpath);
    if (!v) die("'%s': cannot evaluate the XPath expression %s", p->path, expr);
    free(expr);
    return v;
}

/* The value as a string (a node-set's: its first node's text); free() it. */
static char *as_string(xmlXPathObjectPtr v) {
    xmlChar *s = xmlXPathCastToString(v);
    char *out = xstrdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(v);
    return out;
}

static int as_count(xmlXPathObjectPtr v) {
    int n = (int)xmlXPathCastToNumber(v);
    xmlXPathFreeObject(v);
    return n;
}

static int as_true(xmlXPathObjectPtr v) {
    int t = xmlXPathCastToBoolean(v);
    xmlXPathFreeObject(v);
    return t;
}

/* The text of the nodes of a node-set, joined by '\n' (so that no match runs from one
 * node into the next); free() it. */
static char *as_texts(xmlXPathObjectPtr v) {
    char *text;
    size_t len;
    FILE *m = open_memstream(&text, &len);
    if (!m) die("cannot open a memory stream");
    xmlNodeSetPtr set = v->type == XPATH_NODESET ? v->nodesetval : NULL;
    for (int i = 0; set && i < set->nodeNr; i++) {
        xmlChar *s = xmlNodeGetContent(set->nodeTab[i]);
        fprintf(m, "%s%s", i ? "\n" : "", s ? (const char *)s : "");
        xmlFree(s);
    }
    fclose(m);
    xmlXPathFreeObject(v);
    return text;
}

/* ---------- the list of what was wrong ---------- */

/* A growing "; LABEL: a b c" after a check's sentence. */
typedef struct {
    char *text;
    size_t len;
    FILE *m;
    int n;   /* items so far */
} Wrong;

static void wrong_begin(Wrong *w) {
    w->n = 0;
    w->m = open_memstream(&w->text, &w->len);
    if (!w->m) die("cannot open a memory stream");
}

static void wrong_add(Wrong *w, const char *label, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void wrong_add(Wrong *w, const char *label, const char *fmt, ...) {
    if (w->n++) fputc(' ', w->m);
    else fprintf(w->m, "; %s: ", label);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(w->m, fmt, ap);
    va_end(ap);
}

/* The check: passed iff nothing was wrong and `enough`; its detail is the sentence
 * FMT, ... followed by the list. */
static PageCheck wrong_end(Wrong *w, int enough, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static PageCheck wrong_end(Wrong *w, int enough, const char *fmt, ...) {
    fclose(w->m);
    char *sentence;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&sentence, fmt, ap) < 0) die("out of memory");
    va_end(ap);
    PageCheck c = {.ok = w->n == 0 && enough};
    if (asprintf(&c.detail, "%s%s", sentence, w->text) < 0) die("out of memory");
    free(sentence);
    free(w->text);
    return c;
}

/* ---------- the checks ---------- */

PageCheck page_check_headings(Page *p) {
    static const char *const required[] = {"Figure 1 ", "Figure 2 ", "Figure 3 ", "Figure 4 ", "Figure 5 ",
                                           "Figure 6 ", "Figure 7 ", "Figure 8 ", "Figure 9 ", "Figure 10 ",
                                           SCORECARD_HEADING, "The propositions", "What did not reproduce"};
    Wrong w;
    wrong_begin(&w);
    for (size_t i = 0; i < sizeof required / sizeof *required; i++) {
        int count = as_count(query(p, "count(" H1 "[starts-with(normalize-space(.), \"%s\")])", required[i]));
        char *id = as_string(query(p, "string(" H1 "[starts-with(normalize-space(.), \"%s\")]/@id)", required[i]));
        int toc = as_count(query(p, "count(//nav[@id=\"TOC\"]//a[@href=\"#%s\"])", id));
        if (count != 1 || !*id || toc != 1)
            wrong_add(&w, "wrong", "'%s' (%d headings, %d TOC links)", required[i], count, toc);
        free(id);
    }
    return wrong_end(&w, 1, "one top-level heading each for the scorecard, Figures 1-10, the propositions and the "
                            "deviations, listed in the table of contents");
}

PageCheck page_check_figures_embedded(Page *p) {
    Wrong w;
    wrong_begin(&w);
    for (int n = 1; n <= 10; n++) {
        /* The first image or heading after the figure's heading. */
        char *first;
        if (asprintf(&first, "(" H1 "[starts-with(normalize-space(.), \"Figure %d \")]/following::*[self::img or "
                             "self::h1])[1]", n) < 0)
            die("out of memory");
        char *name = as_string(query(p, "name(%s)", first));
        int embedded = as_true(query(p, "starts-with(%s/@src, \"data:image/png;base64,\") and "
                                        "string-length(%s/@src) > 4000",
                               first, first));
        if (strcmp(name, "img") != 0 || !embedded) wrong_add(&w, "missing or empty", "Figure %d", n);
        free(name);
        free(first);
    }
    return wrong_end(&w, 1, "each figure section shows its figure as an embedded PNG of more than 3 kB");
}

PageCheck page_check_fields_filled(Page *p) {
    int left = as_count(query(p, "count(//body//text()[contains(., \"{{\") and not(ancestor::annotation)])"));
    Wrong w;
    wrong_begin(&w);
    return wrong_end(&w, left == 0, "no template field {{...}} left in the text (%d text nodes hold one)", left);
}

/* Does s start with prefix? */
static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

PageCheck page_check_claims_shown(Page *p, const CsvTable *claims) {
    int id_col = table_col(claims, "id"), verdict_col = table_col(claims, "verdict");
    Wrong w;
    wrong_begin(&w);
    for (int r = 0; r < claims->nrows; r++) {
        const char *id = table_cell(claims, r, id_col), *verdict = table_cell(claims, r, verdict_col);
        char *shown = as_string(query(p, "normalize-space(//span[@data-claim=\"%s\"])", id));
        if (!starts_with(shown, verdict)) wrong_add(&w, "wrong", "%s (verdict '%s', not '%s')", id, shown, verdict);
        if (!strchr(id, '@') && as_count(query(p, "count(//td[normalize-space(.)=\"%s\"])", id)) < 1)
            wrong_add(&w, "wrong", "%s (no cell)", id);
        free(shown);
    }
    return wrong_end(&w, claims->nrows > 0, "all %d claims of the claims table are shown with their verdicts",
                     claims->nrows);
}

/* Does a statement's text outside math and code show TeX or pseudo-code? */
static int untypeset(const char *text) {
    return strpbrk(text, "_^$\\") || strstr(text, ".*") || strstr(text, "[[");
}

int page_put_untypeset(FILE *out, Page *p) {
    int n = as_count(query(p, "count(" CLAIM_ROWS ")"));
    if (n == 0) {
        fprintf(out, "'%s' has no claims table\n", p->path);
        return -1;
    }
    int bad = 0;
    for (int i = 1; i <= n; i++) {
        char *text = as_texts(query(p, "(" CLAIM_ROWS ")[%d]" STATEMENT_TEXT, i));
        if (untypeset(text)) {
            char *claim = as_string(query(p, "normalize-space((" CLAIM_ROWS ")[%d]/td[1])", i));
            for (char *c = text; *c; c++)
                if (*c == '\n') *c = ' ';
            fprintf(out, "%s: %s\n", claim, text);
            free(claim);
            bad++;
        }
        free(text);
    }
    fprintf(out, "%d statements checked, %d not typeset\n", n, bad);
    return bad;
}

PageCheck page_check_claims_typeset(Page *p) {
    char *lines;
    size_t len;
    FILE *m = open_memstream(&lines, &len);
    if (!m) die("cannot open a memory stream");
    int bad = page_put_untypeset(m, p);
    fclose(m);
    /* The claims named on the lines before the last, which sums up. */
    Wrong w;
    wrong_begin(&w);
    char *last = lines;
    for (char *line = lines, *end; (end = strchr(line, '\n')) && end[1]; line = end + 1) {
        wrong_add(&w, "not typeset", "%.*s", (int)strcspn(line, ":"), line);
        last = end + 1;
    }
    last[strcspn(last, "\n")] = '\0';
    PageCheck c = wrong_end(&w, bad == 0, "every claim statement is typeset (%s)", last);
    free(lines);
    return c;
}

PageCheck page_check_no_raw_numbers(Page *p) {
    char *text = as_texts(
        query(p, "//body//text()[not(ancestor::code) and not(ancestor::pre) and not(ancestor::annotation)]"));
    Wrong w;
    wrong_begin(&w);
    /* Each number [0-9]+(.[0-9]+)?, its digits counted without the point; the first 3. */
    for (const char *s = text; *s && w.n < 3;) {
        if (*s < '0' || *s > '9') {
            s++;
            continue;
        }
        size_t whole = strspn(s, "0123456789"), frac = 0;
        if (s[whole] == '.') frac = strspn(s + whole + 1, "0123456789");
        size_t len = whole + (frac ? 1 + frac : 0);
        if (whole + frac >= 12) wrong_add(&w, "found", "%.*s", (int)len, s);
        s += len;
    }
    free(text);
    return wrong_end(&w, 1, "no number of 12 or more digits in the text outside code");
}

PageCheck page_check_scorecard(Page *p, const CsvTable *verdicts) {
    Wrong w;
    wrong_begin(&w);
    char *first = as_string(query(p, "normalize-space((" H1 ")[1])"));
    if (strcmp(first, SCORECARD_HEADING) != 0) wrong_add(&w, "wrong", "the first heading is '%s'", first);
    free(first);
    int id_col = table_col(verdicts, "id"), section_col = table_col(verdicts, "section"),
        run_col = table_col(verdicts, "run"), paper_col = table_col(verdicts, "paper");
    for (int r = 0; r < verdicts->nrows; r++) {
        const char *id = table_cell(verdicts, r, id_col), *section = table_cell(verdicts, r, section_col);
        /* The finding's row of the table after the scorecard's heading. */
        char *row;
        if (asprintf(&row, "(" H1 "[starts-with(normalize-space(.), \"" SCORECARD_HEADING "\")]/following::table[1])"
                           "//tr[td[1]/a[normalize-space(.)=\"%s\"]]", id) < 0)
            die("out of memory");
        char *href = as_string(query(p, "string(%s/td[1]/a/@href)", row));
        if (href[0] != '#' || strcmp(href + 1, section) != 0 ||
            as_count(query(p, "count(//*[@id=\"%s\"])", section)) != 1)
            wrong_add(&w, "wrong", "%s: link '%s'", id, href);
        char *at_paper = as_string(query(p, "normalize-space(%s/td[3])", row)),
             *in_run = as_string(query(p, "normalize-space(%s/td[4])", row));
        if (!starts_with(at_paper, table_cell(verdicts, r, paper_col)))
            wrong_add(&w, "wrong", "%s at the paper's sizes: not '%s'", id, table_cell(verdicts, r, paper_col));
        if (!starts_with(in_run, table_cell(verdicts, r, run_col)))
            wrong_add(&w, "wrong", "%s in this run: not '%s'", id, table_cell(verdicts, r, run_col));
        free(at_paper);
        free(in_run);
        free(href);
        free(row);
    }
    return wrong_end(&w, verdicts->nrows > 0,
                     "the manuscript opens with the scorecard, one row per finding with the claims table's verdicts");
}

/* Cell k (0: the text before the first '|') of the table line at `line`, as far as the line
 * goes, with one leading space dropped; "" past the line's end. free() it. */
static char *readme_cell(const char *line, int k) {
    size_t len = strcspn(line, "\n");
    const char *s = line, *end = line + len;
    for (int i = 0; i < k && s < end; i++) {
        const char *bar = memchr(s, '|', end - s);
        s = bar ? bar + 1 : end;
    }
    const char *bar = memchr(s, '|', end - s);
    size_t n = (bar ? bar : end) - s;
    if (n && *s == ' ') s++, n--;
    char *cell = xmalloc(n + 1);
    memcpy(cell, s, n);
    cell[n] = '\0';
    return cell;
}

PageCheck readme_check_verdicts(const char *readme, const CsvTable *verdicts) {
    int id_col = table_col(verdicts, "id"), run_col = table_col(verdicts, "run"),
        paper_col = table_col(verdicts, "paper");
    Wrong w;
    wrong_begin(&w);
    for (int r = 0; r < verdicts->nrows; r++) {
        const char *id = table_cell(verdicts, r, id_col);
        char *key;
        if (asprintf(&key, "| [%s](", id) < 0) die("out of memory");
        const char *at = strstr(readme, key);
        const char *line = at;
        while (line && line > readme && line[-1] != '\n') line--;
        char *at_paper = line ? readme_cell(line, 3) : xstrdup(""), *in_run = line ? readme_cell(line, 4) : xstrdup("");
        if (!line || !starts_with(at_paper, table_cell(verdicts, r, paper_col)) ||
            !starts_with(in_run, table_cell(verdicts, r, run_col)))
            wrong_add(&w, "differ", "%s", id);
        free(at_paper);
        free(in_run);
        free(key);
    }
    return wrong_end(&w, verdicts->nrows > 0, "the README's scorecard gives each finding the claims table's verdicts");
}
