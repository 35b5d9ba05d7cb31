/// `y = W·x` for one input row, with each output accumulated as a sequential fused
/// multiply-add chain over the inputs in order (`acc = fma(W[o][k], x[k], acc)`, k = 0, 1, …)
/// from 0 — the arithmetic of OpenBLAS's x86-64 `sgemm` micro-kernels. The single-row
/// predictions therefore agree bit-for-bit with the `sgemm` batch path on those kernels
/// (checked on SkylakeX), and to rounding elsewhere (small-matrix paths, other CPUs), where a
/// plain `sum += w·x` loop would differ by several ulps — enough to move a perceptron's
/// large scores by more than 1e-6.
///
/// O(rows·columns); four outputs are interleaved so their independent chains overlap.
/// Without `-mfma` Swift lowers `addingProduct` to libm's `fmaf` (hardware FMA through glibc's
/// ifunc on CPUs that have it), a few ns per term. No allocation.
enum FusedMatrixVector {
    /// `output[o] = Σ_k weights[o·columns + k]·input[k]` for `o in 0..<rows` (fused, in order).
    @inline(__always)
    static func multiply(
        weights: UnsafePointer<Float>, rows: Int, columns: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        var o = 0
        while o + 4 <= rows {
            let w0 = weights + o * columns
            let w1 = w0 + columns
            let w2 = w1 + columns
            let w3 = w2 + columns
            var a0: Float = 0
            var a1: Float = 0
            var a2: Float = 0
            var a3: Float = 0
            for k in 0..<columns {
                let x = input[k]
                a0 = a0.addingProduct(w0[k], x)
                a1 = a1.addingProduct(w1[k], x)
                a2 = a2.addingProduct(w2[k], x)
                a3 = a3.addingProduct(w3[k], x)
            }
            output[o] = a0
            output[o + 1] = a1
            output[o + 2] = a2
            output[o + 3] = a3
            o += 4
        }
        while o < rows {
            let w = weights + o * columns
            var a: Float = 0
            for k in 0..<columns { a = a.addingProduct(w[k], input[k]) }
            output[o] = a
            o += 1
        }
    }
}
