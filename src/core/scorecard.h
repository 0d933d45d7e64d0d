/* scorecard.h — what of the paper holds: the findings (findings.h) and their verdicts,
 * as Markdown, for the manuscript and the README.
 *
 * The scorecard opens with the counts of the findings by verdict, at this run's profile
 * and at the paper's sizes, then lists every finding, in the findings file's order,
 * whatever its verdict:
 *   | finding | the paper says | at the paper's sizes | RUN_LABEL |
 * the finding's id links to LINK followed by its section's anchor; each verdict cell
 * reads "VERDICT, k of n seeds: MEDIAN (MIN–MAX), asked BOUND (`CLAIM`)" for the
 * finding's deciding claim (min–max only where more than one seed was measured), or
 * "not archived". Where `coloured` (the manuscript), the verdict's words are marked
 * with its class (numtext.h: verdict_put_marked), as in the claims tables; the README's
 * are plain words. The list of deviations has one row per finding and profile whose
 * verdict is deviates or inconclusive, with the reasons of the registry's rows for the
 * claims that did not reproduce (an erratum: the statements of its claims), its verdicts
 * coloured. */
#ifndef ICAR_SCORECARD_H
#define ICAR_SCORECARD_H
#include "findings.h"
#include <stdio.h>

void scorecard_put(FILE *out, const Findings *fs, const CsvTable *claims, const char *link, const char *run_label,
                   int coloured);
void scorecard_put_deviations(FILE *out, const Findings *fs, const CsvTable *claims, const char *link,
                              const char *run_label);
#endif
