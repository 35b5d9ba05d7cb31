import IoTData

extension PreparedSet {
    /// Writes the rows as a prepared column store: the transformed feature columns by name,
    /// the task's class per row (`class` column), and each row's label codes and source
    /// file taken from the row it came from — for a SMOTE row, its seed row (`origin.row`).
    ///
    /// - Parameters:
    ///   - codes, sources: per row of the data the origins index (e.g. `Dataset.labels`,
    ///     `Dataset.sources`); rows without an origin (provenance off) get
    ///     `LabelCode.unlabeled` and source 0 — the `class` column still holds their class.
    ///   - sourceNames: the input files, stored in the metadata.
    /// - Returns: the store's size in bytes. Memory: one chunk; time O(rows × columns).
    /// - Throws: `StoreError` (bad column names, I/O); the partial file is removed.
    @discardableResult
    public func writeStore(to path: String, task: LearningTask, codes: [LabelCode], sources: [UInt16],
                           sourceNames: [String], rowsIn: Int? = nil) throws -> Int {
        let schema = try StoreSchema(featureNames: features.columnNames, task: task, path: path)
        let writer = try ColumnStoreWriter(path: path, schema: schema)
        do {
            let columns = features.columnCount
            let withOrigins = origins.count == rowCount
            var oversampled = 0
            try features.values.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for row in 0..<rowCount {
                    var code = LabelCode.unlabeled
                    var source: UInt16 = 0
                    if withOrigins {
                        let origin = origins[row]
                        if origin.isSynthetic { oversampled += 1 }
                        if origin.row >= 0 && origin.row < codes.count { code = codes[origin.row] }
                        if origin.row >= 0 && origin.row < sources.count { source = sources[origin.row] }
                    }
                    try writer.append(base + row * columns, label: code, source: source, classIndex: classes[row])
                }
            }
            var metadata = StoreMetadata()
            metadata.sources = sourceNames
            metadata.rowsIn = rowsIn ?? rowCount
            metadata.oversampledRows = withOrigins ? oversampled : nil
            return try writer.finish(metadata: metadata)
        } catch {
            writer.abandon()
            throw error
        }
    }
}
