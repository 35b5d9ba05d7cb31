import IoTData

/// Pearson correlations of many columns in one streaming pass, in Double.
///
/// Rows arrive in blocks (`blockRows` rows of a `FeatureMatrix`, or of a column-store
/// chunk); each block is reduced exactly — block means, then co-moments
/// `Σ (xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ)` of the centred values — and blocks are combined with Chan,
/// Golub & LeVeque's pairwise update
/// `C = C_a + C_b + (x̄_b − x̄_a)(x̄_b − x̄_a)ᵀ · n_a n_b / n`, which never subtracts two large
/// sums of squares. Block boundaries depend only on the row count, and blocks are merged
/// in row order, so the result does not depend on the thread count. Accumulators covering
/// consecutive row ranges `merge`.
///
/// A row with any non-finite value in the selected columns is skipped for the moments
/// (`skippedRows`); run the imputer first to avoid that. Alongside the moments it tracks
/// per-column min/max (a column is constant when min == max) and, for every pair, whether
/// the two columns are value-for-value identical on all rows seen (NaN equal to NaN) —
/// exact twins.
///
/// Cost: O(rows × columns²) multiply-adds, parallel over blocks; memory
/// O(columns² + threads × blockRows × columns).
public struct CorrelationAccumulator: Sendable {
    public let columnNames: [String]
    /// Rows used for the moments (all selected values finite).
    public private(set) var count: Int = 0
    /// Rows skipped because a selected value was NaN or ±inf.
    public private(set) var skippedRows: Int = 0
    /// Column means over the used rows.
    public private(set) var mean: [Double]
    /// Co-moments, row-major columns × columns; only `i ≤ j` is maintained.
    var comoment: [Double]
    /// Min / max over the used rows (+inf / −inf before any).
    public private(set) var minimum: [Float]
    public private(set) var maximum: [Float]
    /// `identical[i × columns + j]` for `i < j`: columns equal on every row seen.
    var identical: [Bool]
    var rowsSeen: Int = 0

    /// Rows per block (a multiple that divides the column store's 131,072-row chunks).
    public static let blockRows = 2048

    public var columnCount: Int { columnNames.count }

    public init(columnNames: [String]) {
        self.columnNames = columnNames
        let d = columnNames.count
        mean = [Double](repeating: 0, count: d)
        comoment = [Double](repeating: 0, count: d * d)
        minimum = [Float](repeating: .infinity, count: d)
        maximum = [Float](repeating: -.infinity, count: d)
        identical = [Bool](repeating: true, count: d * d)
    }

    // MARK: Results

    /// `true` when column `i` has no used row or all its used values are equal.
    public func isConstant(_ i: Int) -> Bool { count == 0 || minimum[i] == maximum[i] }

    /// `true` when columns `i` and `j` (≠) held identical values on every row seen.
    public func areIdentical(_ i: Int, _ j: Int) -> Bool {
        guard i != j else { return true }
        return rowsSeen > 0 && identical[min(i, j) * columnCount + max(i, j)]
    }

    /// Population covariance of columns `i` and `j` (`nil` before any row).
    public func covariance(_ i: Int, _ j: Int) -> Double? {
        guard count > 0 else { return nil }
        return comoment[min(i, j) * columnCount + max(i, j)] / Double(count)
    }

    /// Pearson r of columns `i` and `j`; `nil` (pandas' NaN) when either column is constant
    /// or fewer than two rows were used. Clamped to [−1, 1].
    public func correlation(_ i: Int, _ j: Int) -> Double? {
        guard count >= 2, !isConstant(i), !isConstant(j) else { return nil }
        let d = columnCount
        let sxx = comoment[i * d + i]
        let syy = comoment[j * d + j]
        guard sxx > 0, syy > 0 else { return nil }
        let r = comoment[min(i, j) * d + max(i, j)] / (sxx.squareRoot() * syy.squareRoot())
        return Swift.min(1, Swift.max(-1, r))
    }

    /// The full matrix of `correlation(i, j)` (diagonal 1 for non-constant columns).
    public func correlationMatrix() -> [[Double?]] {
        (0..<columnCount).map { i in (0..<columnCount).map { j in correlation(i, j) } }
    }

    /// The same moments restricted to `names` (each one of `columnNames`), in that order —
    /// what an accumulator over only those columns would have seen. O(names²).
    public func restricted(to names: [String]) -> CorrelationAccumulator {
        let index = Dictionary(columnNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let map = names.map { name -> Int in
            guard let i = index[name] else { preconditionFailure("CorrelationAccumulator.restricted: unknown column \(name)") }
            return i
        }
        var result = CorrelationAccumulator(columnNames: names)
        let d = columnCount, e = names.count
        result.count = count
        result.skippedRows = skippedRows
        result.rowsSeen = rowsSeen
        for (a, i) in map.enumerated() {
            result.mean[a] = mean[i]
            result.minimum[a] = minimum[i]
            result.maximum[a] = maximum[i]
            for (b, j) in map.enumerated() where b >= a {
                result.comoment[a * e + b] = comoment[Swift.min(i, j) * d + Swift.max(i, j)]
                if b > a { result.identical[a * e + b] = i == j || identical[Swift.min(i, j) * d + Swift.max(i, j)] }
            }
        }
        return result
    }

    // MARK: Combining

    /// Adds the rows of `other`, which follow this accumulator's rows. O(columns²).
    public mutating func merge(_ other: CorrelationAccumulator) {
        precondition(other.columnNames == columnNames, "CorrelationAccumulator.merge: different columns")
        let d = columnCount
        if other.rowsSeen > 0 {
            for i in 0..<d {
                if other.minimum[i] < minimum[i] { minimum[i] = other.minimum[i] }
                if other.maximum[i] > maximum[i] { maximum[i] = other.maximum[i] }
                for j in (i + 1)..<max(i + 1, d) where !other.identical[i * d + j] { identical[i * d + j] = false }
            }
        }
        rowsSeen += other.rowsSeen
        skippedRows += other.skippedRows
        guard other.count > 0 else { return }
        guard count > 0 else {
            count = other.count
            mean = other.mean
            comoment = other.comoment
            return
        }
        let na = Double(count)
        let nb = Double(other.count)
        let n = na + nb
        let factor = na * nb / n
        var delta = [Double](repeating: 0, count: d)
        for i in 0..<d { delta[i] = other.mean[i] - mean[i] }
        for i in 0..<d {
            for j in i..<d {
                comoment[i * d + j] += other.comoment[i * d + j] + delta[i] * delta[j] * factor
            }
            mean[i] += delta[i] * nb / n
        }
        count += other.count
    }

    // MARK: Blocks

    /// The accumulator of one block, given column-major: column `c` of the block is
    /// `block[c × rows ..< (c + 1) × rows]`. The hot loop of the whole type.
    static func reduceBlock(columnNames: [String], block: UnsafeBufferPointer<Float>, rows m: Int) -> CorrelationAccumulator {
        var result = CorrelationAccumulator(columnNames: columnNames)
        let d = columnNames.count
        guard m > 0, d > 0, let raw = block.baseAddress else { return result }
        result.rowsSeen = m
        // Twins, on every row (before filtering non-finite rows).
        for i in 0..<d {
            let a = raw + i * m
            for j in (i + 1)..<max(i + 1, d) {
                let b = raw + j * m
                var same = true
                for r in 0..<m where a[r] != b[r] && !(a[r].isNaN && b[r].isNaN) {
                    same = false
                    break
                }
                result.identical[i * d + j] = same
            }
        }
        // Rows whose selected values are all finite.
        var finite = [Bool](repeating: true, count: m)
        for c in 0..<d {
            let column = raw + c * m
            for r in 0..<m where !column[r].isFinite { finite[r] = false }
        }
        var used: [Int] = []
        used.reserveCapacity(m)
        for r in 0..<m where finite[r] { used.append(r) }
        let k = used.count
        result.skippedRows = m - k
        result.count = k
        guard k > 0 else { return result }
        // Means, min/max and centred values (Double, column-major k rows).
        var centred = [Double](repeating: 0, count: d * k)
        centred.withUnsafeMutableBufferPointer { centredBuffer in
            guard let out = centredBuffer.baseAddress else { return }
            for c in 0..<d {
                let column = raw + c * m
                let target = out + c * k
                var sum = 0.0
                var low = Float.infinity
                var high = -Float.infinity
                for (p, r) in used.enumerated() {
                    let x = column[r]
                    target[p] = Double(x)
                    sum += Double(x)
                    if x < low { low = x }
                    if x > high { high = x }
                }
                let mean = sum / Double(k)
                var correction = 0.0
                for p in 0..<k {
                    target[p] -= mean
                    correction += target[p]
                }
                // Fold the rounding residue of the mean back in (two-pass with correction).
                let residue = correction / Double(k)
                for p in 0..<k { target[p] -= residue }
                result.mean[c] = mean + residue
                result.minimum[c] = low
                result.maximum[c] = high
            }
            for i in 0..<d {
                let x = out + i * k
                for j in i..<d {
                    let y = out + j * k
                    // Four partial sums: independent chains the CPU can overlap.
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var p = 0
                    while p + 4 <= k {
                        s0 += x[p] * y[p]
                        s1 += x[p + 1] * y[p + 1]
                        s2 += x[p + 2] * y[p + 2]
                        s3 += x[p + 3] * y[p + 3]
                        p += 4
                    }
                    while p < k {
                        s0 += x[p] * y[p]
                        p += 1
                    }
                    result.comoment[i * d + j] = (s0 + s1) + (s2 + s3)
                }
            }
        }
        return result
    }

    /// Reduces `blockCount` blocks in parallel (block `b` filled by `fill(b, scratch)` into
    /// a column-major scratch of `columns × rowsOf(b)` values) and merges them in order.
    mutating func addBlocks(blockCount: Int, threads: Int, rowsOf: @Sendable (Int) -> Int,
                            fill: @Sendable (Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        let names = columnNames
        let d = columnCount
        let batch = max(1, threads) * 4
        var first = 0
        while first < blockCount {
            let n = min(batch, blockCount - first)
            let slots = ResultSlots<CorrelationAccumulator>(count: n)
            let start = first
            Parallel.forEachRange(count: n, threads: threads) { range in
                var scratch = [Float]()
                for index in range {
                    let m = rowsOf(start + index)
                    if scratch.count < m * d { scratch = [Float](repeating: 0, count: m * d) }
                    scratch.withUnsafeMutableBufferPointer { buffer in
                        let view = UnsafeMutableBufferPointer(rebasing: buffer[0..<(m * d)])
                        fill(start + index, view)
                        slots[index] = Self.reduceBlock(columnNames: names, block: UnsafeBufferPointer(view), rows: m)
                    }
                }
            }
            for index in 0..<n {
                if let partial = slots[index] { merge(partial) }
            }
            first += n
        }
    }
}
