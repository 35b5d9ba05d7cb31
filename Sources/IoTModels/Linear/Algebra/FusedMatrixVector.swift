import CDenseKernels

/// `y = W·x` for one input row, with each output accumulated as a sequential fused
/// multiply-add chain over the inputs in order (`acc = fma(W[o][k], x[k], acc)`, k = 0, 1, …)
/// from 0 — the arithmetic of OpenBLAS's x86-64 `sgemm` micro-kernels. Single-row
/// predictions therefore agree bit-for-bit with the `sgemm` batch path on those kernels
/// (checked on SkylakeX), and to rounding elsewhere (small-matrix paths, other CPUs), where a
/// plain `sum += w·x` loop would differ by several ulps — enough to move a perceptron's
/// large scores by more than 1e-6.
///
/// The loop is C (`CDenseKernels`): Swift cannot enable FMA for one function, and without it
/// `addingProduct` becomes a libm call per term (92 µs instead of ≈ 3 µs for one row of the
/// 128-64-32 network). O(rows·columns); no allocation; thread-safe.
enum FusedMatrixVector {
    /// `output[o] = Σ_k weights[o·columns + k]·input[k]` for `o in 0..<rows` (fused, in order).
    @inline(__always)
    static func multiply(
        weights: UnsafePointer<Float>, rows: Int, columns: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        iot_fused_matvec(weights, rows, columns, input, output)
    }
}
