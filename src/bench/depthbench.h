/* depthbench.h — throughput of the Figure 5 / 10 training (make bench).
 *
 * depthbench_epoch: seconds per training epoch (shuffle, gather, forward, backward,
 * Adam; no test evaluation) on n random AR sequences, the fastest (and the slowest) of
 * `reps` epochs after one warm-up epoch.
 * depthbench_kernels: each kernel of one layer alone, called exactly as the model
 * calls it (chunks of sequences under OpenMP, single-threaded OpenBLAS inside), over
 * the n sequences of an epoch, forward and backward; seconds (fastest of reps) and
 * FLOPs per epoch for ONE layer. */
#ifndef ICAR_DEPTHBENCH_H
#define ICAR_DEPTHBENCH_H
#include "depth.h"

typedef struct {
    const char *name;
    double seconds, slowest, flops;   /* per epoch (per layer for kernels) */
} BenchKernel;

double depthbench_epoch(const DepthOpts *o, int L, int reps, double *slowest, double *flops_per_epoch);
/* Fills k[] (at most 4) and returns how many. */
int depthbench_kernels(const DepthOpts *o, int reps, BenchKernel *k);
#endif
