/* record.h — the records of an archive's provenance, read (provenance.h checks them).
 *
 * provenance.txt is one record: KEY=VALUE lines. sittings.txt is one record per sitting,
 * each opened by a line "[sitting]" (RECORD_SITTING). A line that is not KEY=VALUE (an
 * empty key, no '=') or stands before the first "[sitting]" stops the reader through
 * die(), naming the file and the line: a decision taken from half a record (which runs
 * to rerun) would be wrong without a word.
 *
 *   Records *r = records_read("data/paper-profile/fig10/sittings.txt", 1);
 *   record_value(&r->r[0], "wall_seconds")   -> "2054", or NULL when not stated */
#ifndef ICAR_RECORD_H
#define ICAR_RECORD_H
#include "lines.h"

#define RECORD_SITTING "[sitting]"

typedef struct {
    Lines kv;       /* the KEY=VALUE lines, in order */
    int line;       /* the line it starts on (its "[sitting]"; 1 for provenance.txt) */
} Record;

typedef struct {
    Record *r;      /* [n] */
    int n;
    char *path;
} Records;

/* The records of PATH: BLOCKS 0, the whole file as one record (provenance.txt); 1, one
 * per "[sitting]" (sittings.txt). Dies as above, and on a file it cannot read. */
Records *records_read(const char *path, int blocks);
void records_free(Records *r);
/* The value of the first line KEY=... of R; NULL if none. */
const char *record_value(const Record *r, const char *key);
/* Whether LINE ("KEY=VALUE") has the key KEY. */
int record_line_has_key(const char *line, const char *key);
#endif
