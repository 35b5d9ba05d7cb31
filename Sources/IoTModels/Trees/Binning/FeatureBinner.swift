import IoTData

/// Quantile binning of every feature into at most 255 value bins plus one bin for NaN, so a
/// binned value fits one byte (`UInt8` code).
///
/// Bin `b` of feature `f` holds the values `v` with `thresholds[f][b - 1] < v <= thresholds[f][b]`;
/// thresholds are strictly increasing and the last one is `+infinity`, so every non-NaN value
/// (including ±infinity) has a bin, and `code <= b` holds exactly when `v <= thresholds[f][b]`.
/// A split learned on codes therefore becomes the raw-float test `v <= threshold` at inference,
/// with no binning on the scoring path.
///
/// **Missing values.** NaN gets code `missingCode` (255), above every value bin. A split
/// "code <= b" (always `b < 255`) sends NaN right, and so does the float test `NaN <= t`
/// (false): NaN goes right at every split, in training and at inference alike.
///
/// Thresholds come from up to `sampleRows` rows (one drawn per stratum of `rows / sampleRows`
/// consecutive rows, seeded, so deterministic). A feature with at most `maxBins` distinct
/// sampled values gets one bin per value (thresholds at midpoints); otherwise bins of about
/// equal row count, a value that alone fills a bin getting its own.
/// Cost: O(sampleRows × log sampleRows) per feature, features in parallel.
public struct FeatureBinner: Sendable, Equatable {
    /// The code of NaN.
    public static let missingCode: UInt8 = 255
    /// The most value bins a feature can have (codes `0..<255`).
    public static let maxValueBins = 255

    /// Per feature: strictly increasing upper bounds of its bins, the last `+infinity`.
    public let thresholds: [[Float]]

    public var featureCount: Int { thresholds.count }

    /// Value bins of `feature` (NaN's bin not counted).
    public func binCount(feature: Int) -> Int { thresholds[feature].count }

    /// A binner with the given thresholds; throws `ModelCodingError.invalid` unless every
    /// feature has 1...255 strictly increasing, non-NaN thresholds ending in `+infinity`.
    public init(thresholds: [[Float]]) throws {
        for (feature, list) in thresholds.enumerated() {
            guard !list.isEmpty, list.count <= Self.maxValueBins, list.last == .infinity else {
                throw ModelCodingError.invalid("feature \(feature): \(list.count) bins or last threshold not +inf")
            }
            for i in 1..<list.count where !(list[i - 1] < list[i]) {
                throw ModelCodingError.invalid("feature \(feature): thresholds not increasing at \(i)")
            }
            if list.contains(where: \.isNaN) { throw ModelCodingError.invalid("feature \(feature): NaN threshold") }
        }
        self.thresholds = thresholds
    }

    /// Fits thresholds on `features` (rows × features, row-major).
    /// - Parameters:
    ///   - maxBins: value bins per feature, 2...255.
    ///   - sampleRows: rows looked at; all rows when there are fewer.
    ///   - seed: picks the sampled rows.
    ///   - threads: features are processed in parallel on this many threads.
    public init(fitting features: FeatureMatrix, maxBins: Int = 255, sampleRows: Int = 200_000, seed: UInt64 = 0x5EED, threads: Int = ParallelWork.defaultThreads) {
        let bins = min(max(2, maxBins), Self.maxValueBins)
        let rows = Self.sampleRowIndices(rowCount: features.rowCount, sampleRows: max(1, sampleRows), seed: seed)
        let columns = features.columnCount
        var result = [[Float]](repeating: [], count: columns)
        result.withUnsafeMutableBufferPointer { output in
            let out = UnsafeSendable(output)
            features.values.withUnsafeBufferPointer { values in
                let input = UnsafeSendable(values)
                ParallelWork.forEach(columns, threads: threads) { column in
                    var sample = [Float]()
                    sample.reserveCapacity(rows.count)
                    for row in rows {
                        let value = input.value[row * columns + column]
                        if !value.isNaN { sample.append(value) }
                    }
                    out.value[column] = Self.thresholds(sorted: sample.sorted(), maxBins: bins)
                }
            }
        }
        thresholds = result
    }

    /// One row per stratum of `rowCount / sampleRows` rows (all rows when fewer), ascending.
    static func sampleRowIndices(rowCount: Int, sampleRows: Int, seed: UInt64) -> [Int] {
        guard rowCount > sampleRows else { return Array(0..<rowCount) }
        var rng = SplitMix64(seed: seed)
        let n = UInt64(rowCount), s = UInt64(sampleRows)
        return (0..<s).map { i in
            // Row in [i·n/s, (i+1)·n/s): i·n + r with r uniform in [0, n), divided by s.
            let offset = rng.next().multipliedFullWidth(by: n).high
            return Int((i * n + offset) / s)
        }
    }

    /// Thresholds for one feature from its sorted non-NaN sample values.
    static func thresholds(sorted values: [Float], maxBins: Int) -> [Float] {
        guard !values.isEmpty else { return [.infinity] }
        var distinct: [Float] = []
        var counts: [Int] = []
        for value in values {
            if let last = distinct.last, last == value { counts[counts.count - 1] += 1 } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        var cuts: [Int] = []  // cut after distinct[i]
        if distinct.count <= maxBins {
            cuts = Array(0..<(distinct.count - 1))
        } else {
            var remainingRows = values.count
            var remainingBins = maxBins
            var inBin = 0
            for i in 0..<(distinct.count - 1) {
                inBin += counts[i]
                let target = Double(remainingRows) / Double(remainingBins)
                if Double(inBin) >= target || Double(counts[i + 1]) >= target {
                    cuts.append(i)
                    remainingRows -= inBin
                    remainingBins -= 1
                    inBin = 0
                    if remainingBins == 1 { break }
                }
            }
        }
        var result: [Float] = []
        result.reserveCapacity(cuts.count + 1)
        for i in cuts {
            let low = distinct[i], high = distinct[i + 1]
            var threshold = Float((Double(low) + Double(high)) / 2)
            if !(threshold >= low && threshold < high) { threshold = low }
            result.append(threshold)
        }
        if result.last == .infinity { result.removeLast() }
        result.append(.infinity)
        return result
    }

    /// The code of `value` for `feature`: NaN → `missingCode`, else the first bin whose
    /// threshold is `>= value`. O(log bins).
    @inline(__always)
    static func code(of value: Float, thresholds: UnsafeBufferPointer<Float>) -> UInt8 {
        if value.isNaN { return missingCode }
        var low = 0, high = thresholds.count - 1  // answer in low...high; thresholds[high] = +inf
        while low < high {
            let mid = (low + high) >> 1
            if value <= thresholds[mid] { high = mid } else { low = mid + 1 }
        }
        return UInt8(truncatingIfNeeded: low)
    }

    /// The code of `value` in `feature`'s bins.
    public func code(_ value: Float, feature: Int) -> UInt8 {
        thresholds[feature].withUnsafeBufferPointer { Self.code(of: value, thresholds: $0) }
    }

    /// Bins every row of `features` (whose column count must equal `featureCount`) into a
    /// column-major byte matrix. O(rows × features × log bins), rows in parallel blocks.
    public func bin(_ features: FeatureMatrix, threads: Int = ParallelWork.defaultThreads) -> BinnedMatrix {
        precondition(features.columnCount == featureCount, "FeatureBinner.bin: \(features.columnCount) columns for \(featureCount) features")
        let rows = features.rowCount, columns = featureCount
        let blockRows = 16_384
        let blocks = (rows + blockRows - 1) / blockRows
        let flat = thresholds.flatMap { $0 }
        var starts = [Int](repeating: 0, count: columns + 1)
        for column in 0..<columns { starts[column + 1] = starts[column] + thresholds[column].count }
        let codes = [UInt8](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            let out = UnsafeSendable(buffer)
            features.values.withUnsafeBufferPointer { values in
                flat.withUnsafeBufferPointer { flatThresholds in
                    let input = UnsafeSendable((values, flatThresholds))
                    ParallelWork.forEach(blocks, threads: threads) { block in
                        let (values, flatThresholds) = input.value
                        guard let outBase = out.value.baseAddress else { return }
                        let first = block * blockRows, last = min(rows, first + blockRows)
                        for column in 0..<columns {
                            let list = UnsafeBufferPointer(rebasing: flatThresholds[starts[column]..<starts[column + 1]])
                            let target = outBase + column * rows
                            for row in first..<last {
                                target[row] = Self.code(of: values[row * columns + column], thresholds: list)
                            }
                        }
                    }
                }
            }
            initialized = rows * columns
        }
        return BinnedMatrix(rowCount: rows, featureCount: columns, codes: codes, binCounts: thresholds.map(\.count))
    }
}
