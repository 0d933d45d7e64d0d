/* simd.h — HOT_KERNEL marks the few inner loops that dominate training time. With GCC
 * on x86-64 they are compiled three times (AVX-512, AVX2+FMA, baseline) and the best
 * version for the running CPU is picked at load time (function multi-versioning), so
 * the build needs no -march flag and still runs on any x86-64 machine; inside them
 * a*b+c may be fused into one FMA (fp-contract=fast). Elsewhere the macro is empty. Kernels written for it loop over fixed widths (KW floats, zero
 * padded) so that the vectoriser needs no remainder loops. */
#ifndef ICAR_SIMD_H
#define ICAR_SIMD_H
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HOT_KERNEL __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), optimize("fp-contract=fast")))
#else
#define HOT_KERNEL
#endif
#define KW 16   /* padded row width of the kernels: widths up to 16 take the fast path */
#endif
