/* fig9claims.c — the claim of Figure 9 from its loss.csv (fig9claims.h). */
#include "fig9claims.h"
#include "err.h"
#include <math.h>

void fig9_claims(const CsvTable *loss, Claims *cl) {
    static const char *const NAMES[4] = {"linear", "softmax", "linear_mlp", "softmax_mlp"};
    if (loss->nrows < 1) die("'%s' has no epochs", loss->path);
    double fin[4];   /* the final training loss of each variant */
    for (int v = 0; v < 4; v++) fin[v] = table_num(loss, loss->nrows - 1, table_col(loss, NAMES[v]));
    double ratio = fmin(fin[1], fin[3]) / fmax(fin[0], fin[2]);
    claim_note(cl, "fig9.softmax_fails", ratio, "softmax %.3g, softmax+MLP %.3g / linear %.3g, linear+MLP %.3g",
               fin[1], fin[3], fin[0], fin[2]);
}
