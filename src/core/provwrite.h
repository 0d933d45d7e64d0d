/* provwrite.h — the provenance of an archive or of one sitting, written: the lines of
 * provenance.txt and of a block of sittings.txt (provenance.h lists every key).
 *
 * In order: the given KEY=VALUE pairs (figure, command, overrides, threads, seed,
 * launch, wall_seconds, ...); commit= and dirty= (git's HEAD and whether a tracked file
 * differs from it; on a copy of the tree without its history the environment's
 * ICAR_COMMIT and ICAR_DIRTY); the identity (identity.h: src_sha256=, kernel=,
 * code_id.PROGRAM= for each program that made a CSV of the runs); the machine: that of
 * the runs' sidecars where they agree (sidecars.h: its kernel= in place of this
 * process's, cpu=, cores=, then machine=runs, host=, make_kernel=), else this machine's
 * (cpu=, cores=, machine=make, and the where.RUN= lines of runs that disagree);
 * openblas_coretype= (OPENBLAS_CORETYPE, or unset); date= (now, UTC).
 *
 * src_sha256 hashes, as `sha256sum` of the sha256sum lines of every src/ *.c and *.h
 * sorted by path, the tree in the current folder (the repository's root). A program's
 * code id is read from BUILD/codeid/PROGRAM.c, the file its build compiles in. */
#ifndef ICAR_PROVWRITE_H
#define ICAR_PROVWRITE_H
#include "lines.h"

/* The identity lines of this tree and build for the runs at RUNS (a CSV, or a folder
 * of them), added to OUT. Dies naming a program whose code id BUILD lacks. */
void provenance_identity(const char *build, const char *runs, Lines *out);
/* Every line above, added to OUT. SIDECARS: the runs' sidecars; NULL: every *.where
 * under RUNS. */
void provenance_compose(const char *build, const char *runs, const Lines *sidecars, const Lines *pairs, Lines *out);
#endif
