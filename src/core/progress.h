/* progress.h — progress of long runs on stderr.
 * On a terminal: a bar redrawn in place with rate and ETA. Otherwise (make, CI, logs):
 * one line every few seconds. Never writes to stdout. */
#ifndef ICAR_PROGRESS_H
#define ICAR_PROGRESS_H

typedef struct {
    const char *label;
    long total;          /* units of work, e.g. epochs */
    double t_start;      /* seconds, monotonic */
    double t_last_print;
    int tty;
} Progress;

double now_seconds(void);   /* monotonic clock */
void progress_start(Progress *p, const char *label, long total);
/* done = units finished so far; note = short text such as "loss 1.2e-3" (may be NULL). */
void progress_update(Progress *p, long done, const char *note);
void progress_end(Progress *p, const char *note);
#endif
