import Foundation
import IoTData

/// Removes one feature of each highly correlated pair (|Pearson r| > `threshold`, 0.9 by
/// default), fitted on training rows.
///
/// Decision (documented, deterministic): candidate columns are walked in matrix order; a
/// column is dropped when its |r| with an earlier column exceeds the threshold — with the
/// default rule any earlier column, exactly as the usual pandas recipe does (see
/// `CorrelationDropRule`). So of a pair the earlier column is kept (`LLC` = `IPv` keeps
/// `IPv`, `Tot size` = `AVG` keeps `AVG`).
/// - Exact twins (value-for-value identical non-constant columns) always collapse to the
///   earlier one, whatever the threshold.
/// - Constant columns have no correlation (pandas' NaN): they are never dropped here nor
///   cause a drop, and are listed in `FittedCorrelationFilter.constantColumns` (the
///   variance filter is what removes them).
/// - `excludedColumns` (categorical columns such as `Protocol Type`, whose codes have no
///   linear meaning) are not candidates: always kept, never compared. The label is never a
///   candidate: it is not a feature column.
///
/// Correlations come from one streaming pass (`CorrelationAccumulator`); the same decision
/// is available over a column store (`fit(store:)`). Fit: O(rows × columns²).
public struct CorrelationFilter: Transformer {
    public var threshold: Double
    public var rule: CorrelationDropRule
    public var excludedColumns: [String]
    public var threads: Int

    public init(threshold: Double = 0.9, rule: CorrelationDropRule = .pandasUpperTriangle, excludedColumns: [String] = [],
                threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.threshold = threshold
        self.rule = rule
        self.excludedColumns = excludedColumns
        self.threads = threads
    }

    /// - Throws: `PrepError.invalidOption` for a threshold outside [0, 1], `.noRows` for an
    ///   empty matrix.
    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> FittedCorrelationFilter {
        try checkThreshold()
        guard matrix.rowCount > 0 else { throw PrepError.noRows(stage: "correlation filter", reason: "cannot fit on an empty matrix") }
        let candidates = matrix.columnNames.filter { !excludedColumns.contains($0) }
        let accumulator = try CorrelationAccumulator.accumulate(matrix, columns: candidates, threads: threads)
        return decide(accumulator, inputColumns: matrix.columnNames)
    }

    /// Fits over a column store chunk by chunk (memory: one chunk), for data too large to
    /// hold. The fitted filter applies to matrices with the store's feature columns.
    /// - Throws: `StoreError`, or `PrepError` as `fit(_:classes:)`.
    public func fit(store: ColumnStoreReader) throws -> FittedCorrelationFilter {
        try checkThreshold()
        let names = store.featureNames
        let candidates = names.filter { !excludedColumns.contains($0) }
        let accumulator = try CorrelationAccumulator.accumulate(store: store, columns: candidates, threads: threads)
        guard accumulator.count > 0 else { throw PrepError.noRows(stage: "correlation filter", reason: "the store \(store.path) has no usable row") }
        return decide(accumulator, inputColumns: names)
    }

    func checkThreshold() throws {
        guard threshold.isFinite, threshold >= 0, threshold <= 1 else {
            throw PrepError.invalidOption(name: "correlation threshold", value: "\(threshold)", reason: "must be in [0, 1] (|r| above it drops a column)")
        }
    }

    /// Applies the drop rule to accumulated correlations. `inputColumns` lists every column
    /// of the matrices the filter will see; those missing from the accumulator are kept.
    /// O(columns²).
    public func decide(_ accumulator: CorrelationAccumulator, inputColumns: [String]) -> FittedCorrelationFilter {
        let names = accumulator.columnNames
        let d = names.count
        var droppedFlags = [Bool](repeating: false, count: d)
        var dropped: [String: DroppedColumn] = [:]
        var pairs: [FittedCorrelationFilter.Pair] = []
        for j in 0..<d where !accumulator.isConstant(j) {
            var reason: DroppedColumn?
            for i in 0..<j where !accumulator.isConstant(i) {
                if rule == .greedyKept && droppedFlags[i] { continue }
                let r = accumulator.correlation(i, j)
                let twin = accumulator.areIdentical(i, j)
                let above = r.map { abs($0) > threshold } ?? false
                guard twin || above else { continue }
                pairs.append(.init(kept: names[i], dropped: names[j], r: r ?? 1, twin: twin))
                if reason == nil || (twin && reason?.kind != .twin) {
                    reason = twin
                        ? DroppedColumn(name: names[j], kind: .twin, partner: names[i], value: r,
                                        detail: "identical to '\(names[i])' on every training row")
                        : DroppedColumn(name: names[j], kind: .correlated, partner: names[i], value: r,
                                        detail: "r = \(Self.format(r ?? 0)) with '\(names[i])' (|r| > \(threshold))")
                }
            }
            if let reason {
                droppedFlags[j] = true
                dropped[names[j]] = reason
            }
        }
        var kept: [Int] = []
        var droppedList: [DroppedColumn] = []
        for (index, name) in inputColumns.enumerated() {
            if let reason = dropped[name] { droppedList.append(reason) } else { kept.append(index) }
        }
        let constant = (0..<d).filter { accumulator.isConstant($0) }.map { names[$0] }
        var warnings: [String] = []
        if accumulator.skippedRows > 0 {
            warnings.append("correlation filter: \(accumulator.skippedRows) row(s) with NaN or ±inf were left out of the correlations (impute first)")
        }
        if accumulator.count < 2 {
            warnings.append("correlation filter: fewer than 2 usable rows; no correlation could be computed, nothing dropped")
        }
        return FittedCorrelationFilter(
            selection: ColumnSelection(inputColumns: inputColumns, kept: kept, dropped: droppedList),
            threshold: threshold, rule: rule, excludedColumns: excludedColumns, pairs: pairs,
            constantColumns: constant, rowsUsed: accumulator.count, warnings: warnings)
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
