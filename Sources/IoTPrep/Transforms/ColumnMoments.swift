import IoTData

/// Per-column statistics of the finite values of a row-major matrix, in Double:
/// count, min, max, mean and population variance (ddof = 0).
///
/// The variance is scikit-learn's two-pass formula with its correction term,
/// `(Σ(x − m)² − (Σ(x − m))² / n) / n`, so `StandardScaler` parameters agree with
/// scikit-learn's to rounding. Non-finite values are skipped and counted. Two passes,
/// O(rows × columns), memory O(columns).
struct ColumnMoments: Sendable {
    var count: [Int]
    var nonFinite: [Int]
    var nanCount: [Int]
    var minimum: [Double]
    var maximum: [Double]
    var mean: [Double]
    var variance: [Double]

    init(_ matrix: FeatureMatrix) {
        let columns = matrix.columnCount
        let rows = matrix.rowCount
        var count = [Int](repeating: 0, count: columns)
        var nonFinite = [Int](repeating: 0, count: columns)
        var nanCount = [Int](repeating: 0, count: columns)
        var minimum = [Double](repeating: .infinity, count: columns)
        var maximum = [Double](repeating: -.infinity, count: columns)
        var sum = [Double](repeating: 0, count: columns)
        matrix.values.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                let base = row * columns
                for column in 0..<columns {
                    let x = values[base + column]
                    if x.isFinite {
                        let v = Double(x)
                        count[column] += 1
                        sum[column] += v
                        if v < minimum[column] { minimum[column] = v }
                        if v > maximum[column] { maximum[column] = v }
                    } else {
                        nonFinite[column] += 1
                        if x.isNaN { nanCount[column] += 1 }
                    }
                }
            }
        }
        var mean = [Double](repeating: 0, count: columns)
        for column in 0..<columns where count[column] > 0 { mean[column] = sum[column] / Double(count[column]) }
        var squares = [Double](repeating: 0, count: columns)
        var correction = [Double](repeating: 0, count: columns)
        matrix.values.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                let base = row * columns
                for column in 0..<columns {
                    let x = values[base + column]
                    guard x.isFinite else { continue }
                    let d = Double(x) - mean[column]
                    correction[column] += d
                    squares[column] += d * d
                }
            }
        }
        var variance = [Double](repeating: 0, count: columns)
        for column in 0..<columns where count[column] > 0 {
            let n = Double(count[column])
            variance[column] = max(0, (squares[column] - correction[column] * correction[column] / n) / n)
        }
        self.count = count
        self.nonFinite = nonFinite
        self.nanCount = nanCount
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
        self.variance = variance
    }

    /// `true` when the column has no finite value or all its finite values are equal.
    func isConstant(_ column: Int) -> Bool { count[column] == 0 || minimum[column] == maximum[column] }
}
