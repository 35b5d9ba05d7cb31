import IoTData

extension Dataset {
    /// This dataset without exact duplicate rows (same features and label), keeping each
    /// row's first occurrence, with every row's `RowHash` recomputed from its values.
    ///
    /// Every split in IoTPrep assumes a deduplicated dataset: a duplicate on both sides of
    /// a split puts a test row into training. `Dataset.load(csv:)` and column stores are
    /// already deduplicated; use this for datasets built in memory (their `hashes` may be
    /// placeholders, so they are recomputed here). O(rows × features); memory: one hash
    /// table of 8–16 bytes per distinct row.
    ///
    /// - Returns: the deduplicated dataset and the number of rows removed.
    public func deduplicated() -> (dataset: Dataset, removed: Int) {
        let (keep, fresh) = firstOccurrences()
        var copy = self
        copy.hashes = fresh
        if keep.count == rowCount { return (copy, 0) }
        return (copy.subset(keep), rowCount - keep.count)
    }

    /// Removes exact duplicate rows in place (see `deduplicated()`); returns how many.
    @discardableResult
    public mutating func dedup() -> Int {
        let (result, removed) = deduplicated()
        self = result
        return removed
    }

    /// The content hash of every row, recomputed, and the indices of first occurrences.
    func firstOccurrences() -> (keep: [Int], hashes: [UInt64]) {
        let featureCount = features.columnCount
        var fresh = [UInt64](repeating: 0, count: rowCount)
        if featureCount == 0 {
            // No feature columns: the label alone decides.
            let none: [Float] = [0]
            none.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for row in 0..<rowCount { fresh[row] = RowHash.hash(base, count: 0, label: labels[row]) }
            }
        } else {
            features.values.withUnsafeBufferPointer { values in
                guard let base = values.baseAddress else { return }
                for row in 0..<rowCount {
                    fresh[row] = RowHash.hash(base + row * featureCount, count: featureCount, label: labels[row])
                }
            }
        }
        var seen = RowHashSet(minimumCapacity: max(16, rowCount * 2))
        var keep: [Int] = []
        keep.reserveCapacity(rowCount)
        for row in 0..<rowCount where seen.insert(fresh[row]) { keep.append(row) }
        return (keep, fresh)
    }
}
