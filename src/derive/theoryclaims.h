/* theoryclaims.h — the claims of icar-theory computed from its output summary.csv.
 *
 * icar-theory calls it on the summary.csv it has just written, and icar-rederive on an
 * archived one, so that an archived claims fragment is re-derived, not trusted: every
 * claim of the theory is decided by summary.csv. */
#ifndef ICAR_THEORYCLAIMS_H
#define ICAR_THEORYCLAIMS_H
#include "claims.h"
#include "csvio.h"

/* From SUMMARY (name,value rows; the settings mc, mc_d, mc_T, mc_heads, flow):
 * lemma2.forward, prop1.gd_step, prop2.eta, prop2.others, prop2.eta_s0zero,
 * prop2.asymptotic, prop4.closed_vs_mc, prop4.printed_erratum, prop6.closed_vs_mc,
 * lemma3.zero_loss (the construction's H = mc_d / 2 heads), prop5.flow (the share of
 * the flow starts that converged), prop7.hessian, prop7.eigs and prop7.eigs.second (the
 * second eigenvalue over the largest). Dies naming the file on a missing name or
 * setting. */
void theory_claims(const CsvTable *summary, Claims *cl);
#endif
