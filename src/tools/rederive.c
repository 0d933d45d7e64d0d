/* icar-rederive — the claims of a figure that runs as one command, computed again from
 * its output CSVs (an archive's, data/paper-profile/NAME/FIG/), by the same library
 * function the figure's own tool calls after writing them.
 *
 *   icar-rederive --figure FIG --from DIR --claims OUT [--stored FRAGMENT]
 *
 * FIG is fig3, fig4, fig6, fig8, fig9 or theory; DIR holds the figure's CSVs. make check
 * (mk/archive.mk) writes the claims of every archive so, and compares them with the
 * archived claims fragment: a fragment is not taken as stored where the archive holds
 * what its claims are computed from. The exceptions are copied from FRAGMENT, the
 * archived fragment (required for fig4 and theory): Figure 4's claims on its input
 * (FIG4_INPUT_CLAIMS, fig4claims.h: the tokenizer and the fit, measured on ids that no
 * archive holds) and the two claims of the theory that need numbers its summary.csv
 * does not record (THEORY_UNRECORDED_CLAIMS, theoryclaims.h). */
#include "claims.h"
#include "csvio.h"
#include "err.h"
#include "fig3claims.h"
#include "fig4claims.h"
#include "fig6claims.h"
#include "fig8claims.h"
#include "fig9claims.h"
#include "opts.h"
#include "theoryclaims.h"
#include <stdio.h>
#include <string.h>

static const char *const FIGURES[] = {"fig3", "fig4", "fig6", "fig8", "fig9", "theory", NULL};
enum { FIG3, FIG4, FIG6, FIG8, FIG9, THEORY };

static CsvTable *read_in(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return table_read(path);
}

/* 1 iff ID is a word of the space-separated LIST. */
static int listed(const char *list, const char *id) {
    size_t n = strlen(id);
    for (const char *p = strstr(list, id); p; p = strstr(p + 1, id))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
    return 0;
}

/* The rows of the archived fragment STORED whose ids are in LIST, as they are; dies if
 * one of LIST is not there. */
static void copy_stored(Claims *cl, const char *stored, const char *list) {
    CsvTable *t = table_read(stored);
    int ci = table_col(t, "id"), cm = table_col(t, "measured"), cn = table_col(t, "note"), found = 0;
    for (int r = 0; r < t->nrows; r++)
        if (listed(list, table_cell(t, r, ci))) {
            claim_note(cl, table_cell(t, r, ci), table_num(t, r, cm), "%s", table_cell(t, r, cn));
            found++;
        }
    int want = 1;
    for (const char *p = list; *p; p++) want += *p == ' ';
    if (found != want) die("'%s' holds %d of the %d claims %s", stored, found, want, list);
    table_free(t);
}

static void fig6_from(const char *dir, Claims *cl) {
    CsvTable *tr = read_in(dir, "train.csv"), *dg = read_in(dir, "diagonals.csv"), *lr = read_in(dir, "lastrow.csv");
    fig6_claims(tr, dg, lr, cl);
    table_free(tr); table_free(dg); table_free(lr);
}

/* The figure's one output table NAME of DIR, given to FN. */
static void one_table(const char *dir, const char *name, void (*fn)(const CsvTable *, Claims *), Claims *cl) {
    CsvTable *t = read_in(dir, name);
    fn(t, cl);
    table_free(t);
}

int main(int argc, char **argv) {
    int fig = -1;
    const char *from = NULL, *out = NULL, *stored = NULL;
    const Opt opts[] = {
        {"figure", OPT_WORD, &fig, .words = FIGURES, .required = 1, .help = "the figure"},
        {"from", OPT_STRING, &from, .arg = "DIR", .required = 1, .help = "the figure's output CSVs"},
        {"stored", OPT_STRING, &stored, .arg = "FRAGMENT",
         .help = "fig4, theory: the archived claims (those the CSVs do not decide are copied)"},
        {"claims", OPT_OUTPUT, &out, .arg = "OUT", .required = 1, .help = "the claims, re-derived"},
        {0}};
    opts_parse(opts, argc, argv, "icar-rederive", NULL);
    int copies = fig == FIG4 || fig == THEORY;   /* some claims are copied from the archived fragment */
    if (copies && !stored) die("--figure %s needs --stored (the claims its CSVs do not decide are copied from there)", FIGURES[fig]);
    if (!copies && stored) die("--stored is for fig4 and theory only: every claim of %s is re-derived", FIGURES[fig]);
    Claims *cl = claims_open(out);
    switch (fig) {
    case FIG3: fig3_claims(from, cl); break;
    case FIG4: one_table(from, "hist.csv", fig4_claims, cl); copy_stored(cl, stored, FIG4_INPUT_CLAIMS); break;
    case FIG6: fig6_from(from, cl); break;
    case FIG8: one_table(from, "bb.csv", fig8_claims, cl); break;
    case FIG9: one_table(from, "loss.csv", fig9_claims, cl); break;
    case THEORY: one_table(from, "summary.csv", theory_claims, cl); copy_stored(cl, stored, THEORY_UNRECORDED_CLAIMS); break;
    }
    claims_close(cl);
    return 0;
}
