/* lines.h — a growing list of text lines (the runs of a sitting, the lines of a
 * provenance, the files of a folder), each its own malloc'd string.
 *
 *   Lines l = {0};
 *   lines_add(&l, "L1.csv");  lines_addf(&l, "seed=%d", 1);
 *   lines_sort_unique(&l);    bytewise order (LC_ALL=C sort -u)
 *   lines_free(&l); */
#ifndef ICAR_LINES_H
#define ICAR_LINES_H
#include <stdio.h>

typedef struct {
    char **s;       /* [n] */
    int n, cap;
} Lines;

void lines_add(Lines *l, const char *text);
void lines_addf(Lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds each space-separated word of TEXT. */
void lines_add_words(Lines *l, const char *text);
/* The index of TEXT in L, -1 if absent. */
int lines_find(const Lines *l, const char *text);
/* Sorts bytewise (strcmp) and drops repeats. */
void lines_sort_unique(Lines *l);
/* Writes every line to F, each ending in SEP ('\n' or ' '); with ' ' the last has none. */
void lines_print(const Lines *l, FILE *f, char sep);
/* The lines joined by single spaces, as one malloc'd string ("" for none). */
char *lines_join(const Lines *l);
void lines_free(Lines *l);
#endif
