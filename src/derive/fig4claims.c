/* fig4claims.c — the claims of Figure 4 from its hist.csv (fig4claims.h). */
#include "fig4claims.h"
#include "err.h"
#include <math.h>
#include <stdlib.h>

void fig4_claims(const CsvTable *hist, Claims *cl) {
    table_check_rows(hist, "bins");
    const char *so = table_setting(hist, "count_original"), *ss = table_setting(hist, "count_shuffled");
    const char *vec = table_setting(hist, "vectors"), *nw = table_setting(hist, "windows");
    if (!so || !ss) die("'%s' lacks the count settings: is it an icar-hist output?", hist->path);
    double o = atof(so), s = atof(ss), ratio = o > 0 ? s / o : NAN;
    claim_note(cl, "fig4.count_ratio", ratio, "%s shuffled, %s original, %s windows, %s vectors", ss, so,
               nw ? nw : "?", vec ? vec : "?");
    claim_note(cl, "fig4.count_size", ratio, "the paper: about 4; %s shuffled, %s original", ss, so);
}
