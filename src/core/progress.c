#include "progress.h"
#include <stdio.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

void progress_start(Progress *p, const char *label, long total) {
    p->label = label;
    p->total = total;
    p->t_start = now_seconds();
    p->t_last_print = p->t_start;
    p->tty = isatty(STDERR_FILENO);
}

static void print_line(Progress *p, long done, const char *note, int final) {
    double elapsed = now_seconds() - p->t_start;
    double rate = elapsed > 0 ? done / elapsed : 0;
    double eta = rate > 0 ? (p->total - done) / rate : 0;
    int width = 30, filled = p->total > 0 ? (int)(width * done / p->total) : width;
    if (p->tty) {
        fprintf(stderr, "\r%s [", p->label);
        for (int i = 0; i < width; i++) fputc(i < filled ? '#' : '.', stderr);
        fprintf(stderr, "] %ld/%ld %.1f/s ETA %.0fs %s\033[K", done, p->total, rate, eta,
                note ? note : "");
        if (final) fputc('\n', stderr);
    } else {
        fprintf(stderr, "%s: %ld/%ld (%.1f/s, %s %.0fs) %s\n", p->label, done, p->total, rate,
                final ? "took" : "ETA", final ? elapsed : eta, note ? note : "");
    }
    fflush(stderr);
}

void progress_update(Progress *p, long done, const char *note) {
    double t = now_seconds();
    double every = p->tty ? 0.2 : 5.0;
    if (t - p->t_last_print < every) return;
    p->t_last_print = t;
    print_line(p, done, note, 0);
}

void progress_end(Progress *p, const char *note) {
    print_line(p, p->total, note, 1);
}
