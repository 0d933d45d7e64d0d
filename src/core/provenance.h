/* provenance.h — the provenance of an archive folder, parsed and checked.
 *
 * An archive (data/paper-profile/NAME/) states how it was made in provenance.txt, one
 * KEY=VALUE per line (provwrite.h writes it); a figure made over several sittings also
 * has sittings.txt, one block per earlier sitting, each opened by a line "[sitting]"
 * (pending.h writes them; record.h reads both), and a pending folder has only that.
 * Every key is one of PROVENANCE_KEYS (provenance.c: what each means, the form of its
 * value, the files that must state it). A record is checked for: lines that are not
 * KEY=VALUE, unknown keys, a key given twice (only note may repeat), required keys
 * missing, values not of their form (numbers, a 0/1 flag, an ISO 8601 UTC date, a
 * commit of 40 hex digits present in the history where the history is given, a SHA-256
 * of 64 hex digits). earlier_sittings must equal the number of blocks of sittings.txt.
 * Each problem is printed on stderr as "PATH:LINE: ..." (PATH alone for a whole file). */
#ifndef ICAR_PROVENANCE_H
#define ICAR_PROVENANCE_H
#include <stdio.h>

#define PROVENANCE_FILE "provenance.txt"
#define SITTINGS_FILE "sittings.txt"

/* The commits of a git history (`git rev-list --all`), sorted. */
typedef struct {
    char **id;
    int n;
} CommitList;

/* One commit per line, 40 lowercase hex digits; dies naming the file and line of any
 * other line. */
CommitList *commits_read(const char *path);
void commits_free(CommitList *c);

/* The problems of the provenance of archive folder DIR: its provenance.txt, and its
 * sittings.txt where there is one (a pending folder has only that; one of the two must
 * be there). COMMITS: the history the commits must be in; NULL: their form only. */
int provenance_check(const char *dir, const CommitList *commits);
/* Every known key with the form of its value, the files that must state it and its
 * meaning, one per line. */
void provenance_describe(FILE *f);
#endif
