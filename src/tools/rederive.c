/* icar-rederive — the claims of a figure that runs as one command, computed again from
 * its output CSVs (an archive's, data/paper-profile/NAME/FIG/), by the same library
 * function the figure's own tool calls after writing them.
 *
 *   icar-rederive --figure FIG --from DIR --claims OUT
 *
 * FIG is fig3, fig6, fig8, fig9 or theory; DIR holds the figure's CSVs. make check
 * (mk/archive.mk) writes the claims of every archive so, and compares them with the
 * archived claims fragment, which is never taken as stored. (Figure 4's claims are
 * measured on its input text as well as on its hist.csv: its archives are re-derived by
 * its own tool, icar-fig4check, from the archived hist.csv and the pinned text.) */
#include "claims.h"
#include "csvio.h"
#include "fig3claims.h"
#include "fig6claims.h"
#include "fig8claims.h"
#include "fig9claims.h"
#include "opts.h"
#include "theoryclaims.h"
#include <stdio.h>

static const char *const FIGURES[] = {"fig3", "fig6", "fig8", "fig9", "theory", NULL};
enum { FIG3, FIG6, FIG8, FIG9, THEORY };

static CsvTable *read_in(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return table_read(path);
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
    const char *from = NULL, *out = NULL;
    const Opt opts[] = {
        {"figure", OPT_WORD, &fig, .words = FIGURES, .required = 1, .help = "the figure"},
        {"from", OPT_STRING, &from, .arg = "DIR", .required = 1, .help = "the figure's output CSVs"},
        {"claims", OPT_OUTPUT, &out, .arg = "OUT", .required = 1, .help = "the claims, re-derived"},
        {0}};
    opts_parse(opts, argc, argv, "icar-rederive", NULL);
    Claims *cl = claims_open(out);
    switch (fig) {
    case FIG3: fig3_claims(from, cl); break;
    case FIG6: fig6_from(from, cl); break;
    case FIG8: one_table(from, "bb.csv", fig8_claims, cl); break;
    case FIG9: one_table(from, "loss.csv", fig9_claims, cl); break;
    case THEORY: one_table(from, "summary.csv", theory_claims, cl); break;
    }
    claims_close(cl);
    return 0;
}
