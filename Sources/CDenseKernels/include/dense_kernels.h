#ifndef IOTSHIELD_DENSE_KERNELS_H
#define IOTSHIELD_DENSE_KERNELS_H

/// y[o] = w[o][0]·x[0] + … + w[o][cols−1]·x[cols−1] for o < rows (w row-major, rows × cols),
/// each output accumulated from 0 as a sequential chain of fused multiply-adds in k order:
/// the arithmetic of OpenBLAS's x86-64 sgemm micro-kernels, so one row scored here equals
/// the same row scored in a batch by cblas_sgemm on those kernels.
///
/// Uses the FMA instruction when the CPU (and OS) support it, checked once with CPUID;
/// otherwise libm's fmaf (same results, slower). O(rows·cols); no allocation; thread-safe.
void iot_fused_matvec(const float *w, long rows, long cols, const float *x, float *y);

#endif
