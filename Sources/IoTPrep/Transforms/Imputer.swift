import Foundation
import Dispatch
import IoTData

/// Missing-value imputation fitted on training rows.
///
/// Missing means NaN, and also ±infinity when `infinityIsMissing` (the default: the full
/// CICIoT2023 release has `inf` in `Rate`-like columns, which no scaler can use). A column
/// with no finite training value is filled with 0 and named in `FittedImputer.warnings`
/// (the variance filter then drops it as constant) — never a crash.
///
/// Fit: O(rows × columns) (the median uses quickselect, columns in parallel; memory one
/// column copy per thread).
public struct Imputer: Transformer {
    public var strategy: ImputationStrategy
    public var infinityIsMissing: Bool
    public var threads: Int

    public init(strategy: ImputationStrategy = .median, infinityIsMissing: Bool = true, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.strategy = strategy
        self.infinityIsMissing = infinityIsMissing
        self.threads = threads
    }

    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> FittedImputer {
        guard matrix.rowCount > 0 else { throw PrepError.noRows(stage: "imputer", reason: "cannot fit on an empty matrix") }
        if case .constant(let value) = strategy, !value.isFinite {
            throw PrepError.invalidOption(name: "imputer constant", value: "\(value)", reason: "the fill value must be finite")
        }
        let columns = matrix.columnCount
        let moments = ColumnMoments(matrix)
        var missing = [Int](repeating: 0, count: columns)
        for column in 0..<columns {
            missing[column] = infinityIsMissing ? moments.nonFinite[column] : moments.nanCount[column]
        }
        var fill = [Float](repeating: 0, count: columns)
        var warnings: [String] = []
        switch strategy {
        case .constant(let value):
            fill = [Float](repeating: value, count: columns)
        case .mean:
            for column in 0..<columns where moments.count[column] > 0 { fill[column] = Float(moments.mean[column]) }
        case .median:
            let medians = Self.medians(matrix, threads: threads)
            for column in 0..<columns { fill[column] = medians[column].map { Float($0) } ?? 0 }
        }
        for column in 0..<columns where moments.count[column] == 0 {
            let name = matrix.columnNames[column]
            if case .constant(let value) = strategy {
                warnings.append("imputer: column '\(name)' has no finite value in the \(matrix.rowCount) training rows; every value becomes \(value)")
            } else {
                fill[column] = 0
                warnings.append("imputer: column '\(name)' has no finite value in the \(matrix.rowCount) training rows; filled with 0 (the variance filter will see it as constant)")
            }
        }
        return FittedImputer(inputColumns: matrix.columnNames, fillValues: fill, strategy: strategy,
                             infinityIsMissing: infinityIsMissing, missingInTraining: missing, warnings: warnings)
    }

    /// Median of each column's finite values (`nil` when none), columns in parallel.
    static func medians(_ matrix: FeatureMatrix, threads: Int) -> [Double?] {
        let columns = matrix.columnCount
        let rows = matrix.rowCount
        let slots = ResultSlots<Double>(count: columns)
        Parallel.forEachRange(count: columns, threads: threads) { range in
            var scratch: [Float] = []
            scratch.reserveCapacity(rows)
            matrix.values.withUnsafeBufferPointer { values in
                for column in range {
                    scratch.removeAll(keepingCapacity: true)
                    for row in 0..<rows {
                        let x = values[row * columns + column]
                        if x.isFinite { scratch.append(x) }
                    }
                    slots[column] = Quickselect.median(&scratch)
                }
            }
        }
        return (0..<columns).map { slots[$0] }
    }
}
