/* simd.h — HOT_KERNEL marks the few inner loops that dominate training time. With GCC
 * on x86-64 they are compiled three times (AVX-512, AVX2+FMA, baseline) and the best
 * version for the running CPU is picked at load time (function multi-versioning), so
 * the build needs no -march flag and still runs on any x86-64 machine; inside them
 * a*b+c may be fused into one FMA (fp-contract=fast) and short copy loops stay inline
 * instead of becoming memcpy calls. Elsewhere the macros are empty. Kernels written
 * for them loop over fixed widths (KW floats, zero padded, or GCC vector types of KW
 * lanes) so that the vectoriser needs no remainder loops. */
#ifndef ICAR_SIMD_H
#define ICAR_SIMD_H
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HOT_KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), optimize("fp-contract=fast", "no-tree-loop-distribute-patterns")))
/* The same, also allowing sums to be reassociated (vectorised reductions): for kernels
 * whose sums are short (a row of at most KW floats), where the order changes nothing
 * but the last bits. */
#define HOT_KERNEL_REASSOC __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), \
    optimize("fp-contract=fast", "no-tree-loop-distribute-patterns", "associative-math", "no-signed-zeros", "no-trapping-math")))
#else
#define HOT_KERNEL
#define HOT_KERNEL_REASSOC
#endif
#define KW 16   /* padded row width of the kernels: widths up to 16 take the fast path */

/* KW lanes as one GCC vector; GCC splits it into whatever the target's registers hold.
 * vld/vst load and store one through memcpy (unaligned, no aliasing questions). They
 * are always inlined into the kernels, so no vector crosses a call: the ABI note GCC
 * gives about passing 64-byte vectors does not apply. */
#include <stdint.h>
#include <string.h>
typedef float v16 __attribute__((vector_size(KW * sizeof(float))));
typedef int32_t vi16 __attribute__((vector_size(KW * sizeof(int32_t))));
#pragma GCC diagnostic ignored "-Wpsabi"
static inline __attribute__((always_inline)) v16 vld(const float *p) { v16 x; memcpy(&x, p, sizeof x); return x; }
static inline __attribute__((always_inline)) void vst(float *p, v16 x) { memcpy(p, &x, sizeof x); }
#endif
