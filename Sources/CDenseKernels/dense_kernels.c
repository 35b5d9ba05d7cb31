// Single-row dense kernels for IoTShield's linear models and network (see the header).
// Written in C because Swift cannot enable a CPU feature for one function: without
// -mfma, Swift lowers Float.addingProduct to a libm call per term (≈ 90 µs for one row of
// the 128-64-32 network instead of a few µs).
#include "dense_kernels.h"

#include <math.h>

// Eight independent chains per pass so the FMA latency overlaps; each chain stays in k order.
#define FUSED_MATVEC_BODY(FMA)                                                     \
    long o = 0;                                                                    \
    for (; o + 8 <= rows; o += 8) {                                                \
        const float *w0 = w + o * cols;                                            \
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;      \
        for (long k = 0; k < cols; k++) {                                          \
            const float v = x[k];                                                  \
            a0 = FMA(w0[k], v, a0);                                                \
            a1 = FMA(w0[cols + k], v, a1);                                         \
            a2 = FMA(w0[2 * cols + k], v, a2);                                     \
            a3 = FMA(w0[3 * cols + k], v, a3);                                     \
            a4 = FMA(w0[4 * cols + k], v, a4);                                     \
            a5 = FMA(w0[5 * cols + k], v, a5);                                     \
            a6 = FMA(w0[6 * cols + k], v, a6);                                     \
            a7 = FMA(w0[7 * cols + k], v, a7);                                     \
        }                                                                          \
        y[o] = a0; y[o + 1] = a1; y[o + 2] = a2; y[o + 3] = a3;                    \
        y[o + 4] = a4; y[o + 5] = a5; y[o + 6] = a6; y[o + 7] = a7;                \
    }                                                                              \
    for (; o < rows; o++) {                                                        \
        const float *wo = w + o * cols;                                            \
        float a = 0;                                                               \
        for (long k = 0; k < cols; k++) a = FMA(wo[k], x[k], a);                   \
        y[o] = a;                                                                  \
    }

static void fused_matvec_portable(const float *w, long rows, long cols, const float *x, float *y) {
    FUSED_MATVEC_BODY(fmaf)
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>

__attribute__((target("fma"))) static void fused_matvec_fma(const float *w, long rows, long cols, const float *x, float *y) {
    FUSED_MATVEC_BODY(__builtin_fmaf)
}

/// FMA in CPUID leaf 1 (ECX bit 12), and the OS saving AVX state (OSXSAVE, XCR0 bits 1–2).
static int cpu_has_fma(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 12)) || !(ecx & (1u << 27))) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6u) == 6u;
}

typedef void (*fused_matvec_fn)(const float *, long, long, const float *, float *);

void iot_fused_matvec(const float *w, long rows, long cols, const float *x, float *y) {
    // Resolved once; concurrent first calls store the same pointer.
    static fused_matvec_fn resolved = 0;
    fused_matvec_fn fn = __atomic_load_n(&resolved, __ATOMIC_RELAXED);
    if (!fn) {
        fn = cpu_has_fma() ? fused_matvec_fma : fused_matvec_portable;
        __atomic_store_n(&resolved, fn, __ATOMIC_RELAXED);
    }
    fn(w, rows, cols, x, y);
}
#else
// Elsewhere (e.g. arm64, where FMA is baseline) fmaf compiles to the instruction.
void iot_fused_matvec(const float *w, long rows, long cols, const float *x, float *y) {
    fused_matvec_portable(w, rows, cols, x, y);
}
#endif
