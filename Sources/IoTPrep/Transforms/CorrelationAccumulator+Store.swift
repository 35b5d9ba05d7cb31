import Foundation
import IoTData

extension CorrelationAccumulator {
    /// Adds the rows of one column-store chunk, reading the feature columns at `columns`
    /// (indices into the chunk's features, one per accumulator column). The chunk is
    /// already column-major, so each block is a plain copy. O(rows × columns²).
    public mutating func add(_ chunk: ColumnChunk, columns: [Int], threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(columns.count == columnCount, "CorrelationAccumulator.add(chunk:): one index per column")
        let rows = chunk.rowCount
        let blockRows = Self.blockRows
        let blocks = (rows + blockRows - 1) / blockRows
        addBlocks(blockCount: blocks, threads: threads,
                  rowsOf: { Swift.min(blockRows, rows - $0 * blockRows) },
                  fill: { block, scratch in
                      let first = block * blockRows
                      let m = Swift.min(blockRows, rows - first)
                      for (c, source) in columns.enumerated() {
                          chunk.features[source].withUnsafeBufferPointer { values in
                              for r in 0..<m { scratch[c * m + r] = values[first + r] }
                          }
                      }
                  })
    }

    /// Correlations over a whole column store, read chunk by chunk: memory is one decoded
    /// chunk plus O(columns²), whatever the store's size.
    /// - Parameter columns: feature names to include (default: every feature of the store).
    /// - Throws: `StoreError` from the reader, `PrepError.missingColumn` for an unknown name.
    public static func accumulate(store: ColumnStoreReader, columns: [String]? = nil,
                                  threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> CorrelationAccumulator {
        let available = store.featureNames
        let names = columns ?? available
        let indices = try names.map { name -> Int in
            guard let index = available.firstIndex(of: name) else {
                throw PrepError.missingColumn(stage: "correlation over \(store.path)", column: name)
            }
            return index
        }
        var accumulator = CorrelationAccumulator(columnNames: names)
        try store.forEachChunk(threads: threads) { chunk in accumulator.add(chunk, columns: indices, threads: threads) }
        return accumulator
    }
}
