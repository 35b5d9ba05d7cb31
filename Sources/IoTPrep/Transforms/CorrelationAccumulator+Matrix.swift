import Foundation
import IoTData

extension CorrelationAccumulator {
    /// An accumulator over `columns` of `matrix` (all columns by default).
    /// - Throws: `PrepError.missingColumn` for an unknown name.
    public static func accumulate(_ matrix: FeatureMatrix, columns: [String]? = nil,
                                  threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> CorrelationAccumulator {
        let names = columns ?? matrix.columnNames
        var accumulator = CorrelationAccumulator(columnNames: names)
        try accumulator.add(matrix, threads: threads)
        return accumulator
    }

    /// Adds every row of `matrix` (its rows follow the rows already added), reading the
    /// columns named `columnNames`. O(rows × columns²), parallel over 2,048-row blocks.
    /// - Throws: `PrepError.missingColumn` when a column of this accumulator is not in `matrix`.
    public mutating func add(_ matrix: FeatureMatrix, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        let indices = try columnNames.map { name -> Int in
            guard let index = matrix.columnNames.firstIndex(of: name) else {
                throw PrepError.missingColumn(stage: "correlation", column: name)
            }
            return index
        }
        let rows = matrix.rowCount
        let width = matrix.columnCount
        let blockRows = Self.blockRows
        let blocks = (rows + blockRows - 1) / blockRows
        addBlocks(blockCount: blocks, threads: threads,
                  rowsOf: { Swift.min(blockRows, rows - $0 * blockRows) },
                  fill: { block, scratch in
                      let first = block * blockRows
                      let m = Swift.min(blockRows, rows - first)
                      matrix.values.withUnsafeBufferPointer { values in
                          for (c, source) in indices.enumerated() {
                              let target = c * m
                              for r in 0..<m { scratch[target + r] = values[(first + r) * width + source] }
                          }
                      }
                  })
    }
}
