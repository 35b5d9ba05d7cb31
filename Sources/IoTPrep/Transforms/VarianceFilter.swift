import Foundation
import IoTData

/// Near-zero-variance filter fitted on training rows.
///
/// A column is dropped when
/// - its finite training values are all equal, or it has none (`constant`) — always;
/// - its population variance (ddof = 0) is ≤ `threshold` (`lowVariance`; with the default
///   0 only constant columns go, as in scikit-learn's `VarianceThreshold()`);
/// - `maxDominantFraction` is set and one value covers more than that fraction of the
///   finite training values (`dominantValue`; e.g. 0.9999 removes v2's `SMTP`, almost always 0).
///
/// Every drop is reported with its statistic. Variance is scale-dependent: run this before
/// any scaler. Fit: O(rows × columns), plus O(rows log rows) per column for the dominant
/// value test when enabled.
public struct VarianceFilter: Transformer {
    public var threshold: Double
    public var maxDominantFraction: Double?

    public init(threshold: Double = 0, maxDominantFraction: Double? = nil) {
        self.threshold = threshold
        self.maxDominantFraction = maxDominantFraction
    }

    /// - Throws: `PrepError.invalidOption` for a negative threshold or a fraction outside
    ///   (0, 1]; `.noRows` for an empty matrix; `.noFeaturesLeft` when every column would go.
    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> FittedVarianceFilter {
        guard threshold.isFinite, threshold >= 0 else {
            throw PrepError.invalidOption(name: "variance threshold", value: "\(threshold)", reason: "must be ≥ 0")
        }
        if let fraction = maxDominantFraction, !(fraction > 0 && fraction <= 1) {
            throw PrepError.invalidOption(name: "maxDominantFraction", value: "\(fraction)", reason: "must be in (0, 1]")
        }
        guard matrix.rowCount > 0 else { throw PrepError.noRows(stage: "variance filter", reason: "cannot fit on an empty matrix") }
        let moments = ColumnMoments(matrix)
        var kept: [Int] = []
        var dropped: [DroppedColumn] = []
        for (column, name) in matrix.columnNames.enumerated() {
            if moments.count[column] == 0 {
                dropped.append(DroppedColumn(name: name, kind: .constant, value: nil,
                                             detail: "no finite value in \(matrix.rowCount) training rows"))
            } else if moments.isConstant(column) {
                let value = moments.minimum[column]
                dropped.append(DroppedColumn(name: name, kind: .constant, value: value,
                                             detail: "constant: all \(moments.count[column]) finite training values are \(value)"))
            } else if moments.variance[column] <= threshold {
                dropped.append(DroppedColumn(name: name, kind: .lowVariance, value: moments.variance[column],
                                             detail: "variance \(moments.variance[column]) ≤ threshold \(threshold)"))
            } else if let limit = maxDominantFraction, let (value, share) = Self.dominant(matrix, column: column), share > limit {
                dropped.append(DroppedColumn(name: name, kind: .dominantValue, value: share,
                                             detail: "value \(value) in \(String(format: "%.3f", share * 100)) % of training rows (> \(limit * 100) %)"))
            } else {
                kept.append(column)
            }
        }
        guard !kept.isEmpty || matrix.columnCount == 0 else {
            throw PrepError.noFeaturesLeft(stage: "variance filter",
                                           reason: "all \(matrix.columnCount) columns are constant or below the variance threshold \(threshold) in the training rows")
        }
        return FittedVarianceFilter(
            selection: ColumnSelection(inputColumns: matrix.columnNames, kept: kept, dropped: dropped),
            threshold: threshold, maxDominantFraction: maxDominantFraction, variances: moments.variance)
    }

    /// The most frequent finite value of a column and its share of the finite values.
    static func dominant(_ matrix: FeatureMatrix, column: Int) -> (value: Float, share: Double)? {
        var values = matrix.column(column).filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        values.sort()
        var best = (value: values[0], run: 0)
        var start = 0
        for i in 1...values.count where i == values.count || values[i] != values[start] {
            if i - start > best.run { best = (values[start], i - start) }
            start = i
        }
        return (best.value, Double(best.run) / Double(values.count))
    }
}
