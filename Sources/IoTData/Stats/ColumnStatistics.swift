/// Streaming per-column statistics over finite values: count, min, max, mean and sample
/// standard deviation, plus missing (NaN/empty) and infinite counts.
///
/// Sums are kept in `Double` around a shift (the column's first finite value) so variance
/// stays accurate for large offsets. O(1) memory per column; O(n) time.
public struct ColumnStatistics: Sendable {
    public private(set) var count = 0
    public private(set) var missing = 0
    public private(set) var infinite = 0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity
    private var shift: Double?
    private var sum = 0.0
    private var sumOfSquares = 0.0

    public init() {}

    @inline(__always)
    public mutating func add(_ value: Float) {
        if value.isNaN { missing += 1; return }
        if value.isInfinite { infinite += 1; return }
        let x = Double(value)
        let k: Double
        if let shift { k = shift } else { shift = x; k = x }
        let d = x - k
        sum += d
        sumOfSquares += d * d
        count += 1
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
    }

    public var mean: Double { count > 0 ? (shift ?? 0) + sum / Double(count) : .nan }

    /// Sample variance (ddof = 1), `nan` below two values.
    public var variance: Double {
        guard count > 1 else { return .nan }
        let n = Double(count)
        return max(0, (sumOfSquares - sum * sum / n) / (n - 1))
    }

    public var standardDeviation: Double { variance.squareRoot() }

    /// Variance of the column after min–max scaling to [0, 1]; 0 for a constant column.
    public var scaledVariance: Double {
        let range = maximum - minimum
        guard count > 1, range > 0 else { return 0 }
        return variance / (range * range)
    }
}
