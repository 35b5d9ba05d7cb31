import IoTData

/// Scoring shared by the linear models: scores `z = W·x + b` (`W` is `classCount ×
/// featureCount`, row-major), then softmax.
enum LinearScoring {
    /// Softmax of `X·Wᵀ + b` for every row: one `sgemm` (O(rows·features·classes)) plus
    /// O(rows·classes). Allocates only the returned `rows × classCount` array.
    static func probabilities(_ features: FeatureMatrix, weights: [Float], intercepts: [Float], classCount: Int) -> [Float] {
        let featureCount = intercepts.isEmpty ? 0 : weights.count / intercepts.count
        precondition(features.columnCount == featureCount, "expected \(featureCount) feature columns, got \(features.columnCount)")
        let rows = features.rowCount
        var out = [Float](repeating: 0, count: rows * classCount)
        guard rows > 0 else { return out }
        out.withUnsafeMutableBufferPointer { scores in
            guard let z = scores.baseAddress else { return }
            features.values.withUnsafeBufferPointer { x in
                weights.withUnsafeBufferPointer { w in
                    guard let xBase = x.baseAddress, let wBase = w.baseAddress else { return }
                    BLAS.gemm(transposeB: true, m: rows, n: classCount, k: featureCount,
                              a: xBase, lda: featureCount, b: wBase, ldb: featureCount, beta: 0, c: z, ldc: classCount)
                }
            }
            intercepts.withUnsafeBufferPointer { b in
                for r in 0..<rows {
                    let row = z + r * classCount
                    for c in 0..<classCount { row[c] += b[c] }
                    Softmax.inPlace(row, width: classCount)
                }
            }
        }
        return out
    }

    /// The same for one row, into `probabilities`; O(features·classes), no allocation. Uses
    /// `FusedMatrixVector`, so it matches the batch path bit-for-bit on OpenBLAS's x86-64 kernels.
    @inline(__always)
    static func rowProbabilities(
        _ row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>,
        weights: [Float], intercepts: [Float]
    ) {
        let classCount = intercepts.count
        let featureCount = row.count
        precondition(probabilities.count >= classCount && weights.count == classCount * featureCount, "row or output has the wrong size")
        guard let out = probabilities.baseAddress, let x = row.baseAddress else { return }
        weights.withUnsafeBufferPointer { w in
            intercepts.withUnsafeBufferPointer { b in
                guard let wBase = w.baseAddress else { return }
                FusedMatrixVector.multiply(weights: wBase, rows: classCount, columns: featureCount, input: x, output: out)
                for c in 0..<classCount { out[c] += b[c] }
            }
        }
        Softmax.inPlace(out, width: classCount)
    }

    /// `Σ_c |W[c][j]|` per feature, normalised to sum 1; `nil` when every weight is zero.
    static func importances(weights: [Float], classCount: Int, featureCount: Int) -> [Float]? {
        var totals = [Double](repeating: 0, count: featureCount)
        for c in 0..<classCount {
            for j in 0..<featureCount { totals[j] += Double(abs(weights[c * featureCount + j])) }
        }
        let sum = totals.reduce(0, +)
        guard sum > 0 else { return nil }
        return totals.map { Float($0 / sum) }
    }
}
