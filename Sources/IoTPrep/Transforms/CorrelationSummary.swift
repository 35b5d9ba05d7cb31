import Foundation
import IoTData

/// The Pearson correlation matrix of a column store's feature columns and what the
/// correlation filter would drop, computed in one streaming pass (`iotshield correlate`).
///
/// Memory: one decoded chunk plus O(columns²), whatever the store's size; time
/// O(rows × columns²) on `threads` threads. The matrix follows pandas' `DataFrame.corr()`:
/// `nil` (pandas' NaN) where a column is constant; rows holding NaN or ±inf in any
/// selected column are left out (pandas drops them pair by pair — the same on data without
/// missing values) and counted in `rowsSkipped`.
public struct CorrelationSummary: Sendable, Codable {
    public var store: String
    public var columns: [String]
    /// Rows used for the moments, and rows left out for a non-finite value.
    public var rowsUsed: Int
    public var rowsSkipped: Int
    /// `matrix[i][j]` = r of `columns[i]` and `columns[j]`.
    public var matrix: [[Double?]]
    public var threshold: Double
    public var rule: CorrelationDropRule
    /// Columns kept out of the comparison (categorical), always kept.
    public var excludedColumns: [String]
    public var dropped: [DroppedColumn]
    public var kept: [String]
    /// Candidate columns with one value only (no correlation; left to the variance filter).
    public var constantColumns: [String]
    public var warnings: [String]
    /// Wall time of the pass over the store, seconds.
    public var seconds: Double

    /// Streams `store` once and applies `filter`'s drop rule.
    /// - Parameter columns: feature names to correlate (default: all of the store's).
    /// - Throws: `StoreError` (unreadable store), `PrepError.missingColumn` (unknown name),
    ///   `.invalidOption` (threshold outside [0, 1]), `.noRows` (no row without NaN/inf).
    public static func of(store path: String, columns: [String]? = nil, filter: CorrelationFilter) throws -> CorrelationSummary {
        try filter.checkThreshold()
        let start = DispatchTime.now().uptimeNanoseconds
        let reader = try ColumnStoreReader(path: path)
        let selected = columns ?? reader.featureNames
        for name in filter.excludedColumns where !reader.featureNames.contains(name) {
            throw PrepError.missingColumn(stage: "correlation over \(path)", column: name)
        }
        let accumulator = try CorrelationAccumulator.accumulate(store: reader, columns: selected, threads: filter.threads)
        guard accumulator.count > 0 else {
            throw PrepError.noRows(stage: "correlation over \(path)",
                                   reason: "\(reader.rowCount) row(s), none without NaN or ±inf in the selected columns")
        }
        let candidates = selected.filter { !filter.excludedColumns.contains($0) }
        let fitted = filter.decide(accumulator.restricted(to: candidates), inputColumns: selected)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return CorrelationSummary(
            store: path, columns: selected, rowsUsed: accumulator.count, rowsSkipped: accumulator.skippedRows,
            matrix: accumulator.correlationMatrix(), threshold: filter.threshold, rule: filter.rule,
            excludedColumns: filter.excludedColumns, dropped: fitted.dropped, kept: fitted.outputColumns,
            constantColumns: fitted.constantColumns, warnings: fitted.warnings, seconds: seconds)
    }

    /// The drop list and counts, one line each; with `matrix`, the matrix as CSV after them.
    public func text(matrix showMatrix: Bool) -> String {
        var out = "\(store): Pearson correlation of \(columns.count) columns over \(rowsUsed) rows"
            + (rowsSkipped > 0 ? " (\(rowsSkipped) rows with NaN/inf left out)" : "") + String(format: " in %.2f s\n", seconds)
        out += "rule: drop a column when |r| > \(threshold) with an earlier column (\(rule.rawValue)); exact twins always collapse\n"
        if !excludedColumns.isEmpty { out += "not candidates: \(excludedColumns.joined(separator: ", "))\n" }
        out += "drop \(dropped.count):\n"
        for column in dropped { out += "  \(column)\n" }
        if !constantColumns.isEmpty { out += "constant (no correlation): \(constantColumns.joined(separator: ", "))\n" }
        out += "keep \(kept.count): \(kept.joined(separator: ", "))\n"
        for warning in warnings { out += "note: \(warning)\n" }
        if showMatrix {
            out += "\n" + ([""] + columns).map(Self.csvField).joined(separator: ",") + "\n"
            for (name, row) in zip(columns, matrix) {
                out += ([Self.csvField(name)] + row.map { $0.map { String(format: "%.6f", $0) } ?? "nan" }).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
