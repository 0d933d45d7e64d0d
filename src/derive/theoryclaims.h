/* theoryclaims.h — the claims of icar-theory computed from its output summary.csv.
 *
 * icar-theory calls it on the summary.csv it has just written, and icar-rederive on an
 * archived one, so that an archived claims fragment is re-derived, not trusted. Two
 * claims need numbers summary.csv does not record (THEORY_UNRECORDED_CLAIMS): the share
 * of Prop. 5's flows that converge (the summary has the worst residual only) and the
 * ratio of Prop. 7's two largest eigenvalues (it has the largest over T, not the
 * largest itself); icar-theory measures those directly. */
#ifndef ICAR_THEORYCLAIMS_H
#define ICAR_THEORYCLAIMS_H
#include "claims.h"
#include "csvio.h"

/* The claims of the theory that summary.csv does not decide: space-separated. */
#define THEORY_UNRECORDED_CLAIMS "prop5.flow prop7.eigs.second"

/* From SUMMARY (name,value rows; the settings mc, mc_d, mc_T, mc_heads): lemma2.forward,
 * prop1.gd_step, prop2.eta, prop2.others, prop2.eta_s0zero, prop2.asymptotic,
 * prop4.closed_vs_mc, prop4.printed_erratum, prop6.closed_vs_mc, lemma3.zero_loss (the
 * construction's H = mc_d / 2 heads), prop7.hessian and prop7.eigs. Dies naming the file
 * on a missing name or setting. */
void theory_claims(const CsvTable *summary, Claims *cl);
#endif
