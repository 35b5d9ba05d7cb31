import IoTData

/// One-hot encoding of categorical columns (`Protocol Type` by default), fitted on training rows.
///
/// How categories are formed: a value is rounded to the nearest integer (halves away from
/// zero), because v2 windows may carry a window *mean* of the IP protocol number — 6.4 is
/// read as TCP (6). The `maxCategories` most frequent training categories are kept (ties:
/// the smaller number first); every other value — rarer training categories, categories
/// never seen in training, NaN and ±inf — goes to one `COLUMN=other` indicator. An unseen
/// category is therefore never an error.
///
/// Output: each encoded column is replaced, in place, by `COLUMN=k` indicators in kept-
/// category order followed by `COLUMN=other`; other columns pass through.
/// Fit: O(rows) per encoded column.
public struct OneHotEncoder: Transformer {
    public var columns: [String]
    public var maxCategories: Int
    /// When `false` (the default), a configured column absent from the matrix (dropped by an
    /// earlier filter) is skipped and named in the fitted warnings; when `true` it is an error.
    public var requireColumns: Bool

    public init(columns: [String] = ["Protocol Type"], maxCategories: Int = 8, requireColumns: Bool = false) {
        self.columns = columns
        self.maxCategories = maxCategories
        self.requireColumns = requireColumns
    }

    /// The category of a raw value: its nearest integer, or `nil` (→ other) when not finite
    /// or beyond ±2³¹.
    @inline(__always)
    public static func category(of value: Float) -> Int? {
        guard value.isFinite else { return nil }
        let rounded = value.rounded(.toNearestOrAwayFromZero)
        guard abs(rounded) < 2_147_483_648 else { return nil }
        return Int(rounded)
    }

    /// - Throws: `PrepError.invalidOption` for `maxCategories < 1`, `.missingColumn` when
    ///   `requireColumns` and a column is absent.
    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> FittedOneHotEncoder {
        guard maxCategories >= 1 else {
            throw PrepError.invalidOption(name: "maxCategories", value: "\(maxCategories)", reason: "must be ≥ 1")
        }
        var encodings: [FittedOneHotEncoder.Encoding] = []
        var warnings: [String] = []
        for name in columns {
            guard let index = matrix.columnNames.firstIndex(of: name) else {
                if requireColumns { throw PrepError.missingColumn(stage: "one-hot encoder", column: name) }
                warnings.append("one-hot encoder: column '\(name)' is not in the matrix (dropped earlier?); not encoded")
                continue
            }
            var counts: [Int: Int] = [:]
            var unusable = 0
            let columns = matrix.columnCount
            matrix.values.withUnsafeBufferPointer { values in
                for row in 0..<matrix.rowCount {
                    if let category = Self.category(of: values[row * columns + index]) {
                        counts[category, default: 0] += 1
                    } else {
                        unusable += 1
                    }
                }
            }
            let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let kept = ranked.prefix(maxCategories)
            let rest = ranked.dropFirst(maxCategories).reduce(0) { $0 + $1.value } + unusable
            if ranked.count > maxCategories {
                warnings.append("one-hot encoder: '\(name)' has \(ranked.count) categories in training; the \(maxCategories) most frequent are kept, \(rest) row(s) go to '\(name)=other'")
            }
            encodings.append(.init(column: name, categories: kept.map(\.key), trainingCounts: kept.map(\.value), otherCount: rest))
        }
        return FittedOneHotEncoder(inputColumns: matrix.columnNames, encodings: encodings, warnings: warnings)
    }
}
