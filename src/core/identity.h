/* identity.h — the code identity of archived runs, and which of them a later code must
 * make again.
 *
 * An identity is the lines of a provenance record that decide whether a run made again
 * must equal the archived one byte for byte:
 *   src_sha256=        a hash of every source of src/
 *   kernel=            the CPU kernels (OpenBLAS's configuration, the project's own level)
 *   code_id.PROGRAM=   the code id of each program that made archived CSVs (their
 *                      "# tool=" line): the narrower identity of that program's runs
 * Two identities state the same code for the files of PROGRAMS when the code id of each
 * program agrees, where both state all of them (a change to another program leaves them
 * alone), else when src_sha256 agrees; and in either case the kernels agree.
 *
 * The identity of a run of archive ARCH (data/paper-profile/NAME/) is that of the sitting
 * that made it: the first block of ARCH/sittings.txt whose runs= lists it, else
 * ARCH/provenance.txt (the last sitting). */
#ifndef ICAR_IDENTITY_H
#define ICAR_IDENTITY_H
#include "lines.h"
#include "record.h"

/* Adds the identity lines of R to ID, in order. */
void identity_of_record(const Record *r, Lines *id);
/* The identity of run RUN (a file name of ARCH/FIGURE/runs/) of archive ARCH into ID;
 * RUN NULL: the last sitting's. Dies when provenance.txt is missing or states none. */
void identity_of_run(const char *arch, const char *run, Lines *id);
/* Whether A and B state the same code and kernels for the files made by PROGRAMS. */
int identity_same(const Lines *a, const Lines *b, const Lines *programs);
/* ID with its kernel= replaced by that of SIDECAR (a run's RUN.where), where that file
 * is there: the kernels that run ran with. Returns 0 where its segments ran on several
 * kernels (sidecars.h): then no identity is the run's, and it is not compared byte for
 * byte; 1 otherwise. */
int identity_run_kernel(Lines *id, const char *sidecar);
/* The programs named by the "# tool=" lines of the CSVs at PATH (a file, or every CSV
 * under a folder), sorted, once each. Dies if PATH does not exist. */
void identity_programs(const char *path, Lines *programs);
/* The runs of ARCH that an earlier sitting made with another identity than its last
 * sitting (provenance.txt), sorted, once each: runs no later code made again. None
 * without sittings.txt. */
void identity_earlier_runs(const char *arch, Lines *runs);
/* The figure ARCH/provenance.txt names (figure=); malloc'd. Dies without one. */
char *identity_figure(const char *arch);
/* Whether the files assembled from ARCH's runs are to equal this build's byte for byte:
 * the kernels of the machine that assembled them (make_kernel= where stated, else
 * kernel=) are this process's (runwhere_kernel). */
int identity_assembled_here(const char *arch);
#endif
