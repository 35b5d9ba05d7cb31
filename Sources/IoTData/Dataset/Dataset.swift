import Foundation

/// Rows held in memory: features plus each row's label code, source file index and
/// content hash (`RowHash`, used to prove that no test row reaches training).
public struct Dataset: Sendable {
    public var features: FeatureMatrix
    public var labels: [LabelCode]
    public var sources: [UInt16]
    public var hashes: [UInt64]
    public var layout: FeatureLayout
    /// Source file names, indexed by `sources`.
    public var sourceNames: [String]
    /// Exact duplicates removed when the rows were loaded (CSV) or ingested (store).
    public var duplicatesRemovedAtLoad = 0

    public var rowCount: Int { features.rowCount }

    public init(features: FeatureMatrix, labels: [LabelCode], sources: [UInt16], hashes: [UInt64], layout: FeatureLayout, sourceNames: [String]) {
        precondition(labels.count == features.rowCount && sources.count == features.rowCount && hashes.count == features.rowCount)
        self.features = features
        self.labels = labels
        self.sources = sources
        self.hashes = hashes
        self.layout = layout
        self.sourceNames = sourceNames
    }

    /// The rows at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(
            features: features.rows(indices), labels: indices.map { labels[$0] }, sources: indices.map { sources[$0] },
            hashes: indices.map { hashes[$0] }, layout: layout, sourceNames: sourceNames)
    }

    /// Class indices for `task`; `nil` for rows that cannot serve it.
    public func classIndices(for task: LearningTask) -> [Int?] { labels.map { task.classIndex(of: $0) } }

    /// Loads every row of a raw column store. Memory: rows × (4 × features + 12) bytes.
    /// - Throws: `StoreError` from the reader; `.invalidSchema` for a prepared store, whose
    ///   transformed columns are not the CICIoT2023 features a pipeline starts from.
    public static func load(store path: String) throws -> Dataset {
        let reader = try ColumnStoreReader(path: path)
        guard let layout = reader.layout else {
            throw StoreError.invalidSchema(path: path, detail: "a prepared store (\(reader.featureCount) transformed feature columns"
                + (reader.task.map { ", \($0.rawValue) task" } ?? "") + "); this needs raw CICIoT2023 rows — give the ingested store or the CSV files")
        }
        let featureCount = reader.featureCount
        var values = [Float]()
        values.reserveCapacity(reader.rowCount * featureCount)
        var labels = [LabelCode]()
        var sources = [UInt16]()
        var hashes = [UInt64]()
        labels.reserveCapacity(reader.rowCount)
        try reader.forEachChunk { chunk in
            var row = [Float](repeating: 0, count: featureCount)
            for r in 0..<chunk.rowCount {
                for c in 0..<featureCount { row[c] = chunk.features[c][r] }
                values.append(contentsOf: row)
                let label = chunk.label(at: r)
                labels.append(label)
                sources.append(chunk.sources[r])
                hashes.append(row.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { RowHash.hash($0, count: featureCount, label: label) } ?? 0 })
            }
        }
        var dataset = Dataset(
            features: FeatureMatrix(rowCount: labels.count, columnNames: reader.featureNames, values: values),
            labels: labels, sources: sources, hashes: hashes, layout: layout, sourceNames: reader.metadata.sources)
        dataset.duplicatesRemovedAtLoad = reader.metadata.duplicatesRemoved
        return dataset
    }

    /// Loads CSV files (or directories of them), removing exact duplicates unless `dedup` is false.
    public static func load(csv inputs: [String], options: CSVReader.Options = .init(), dedup: Bool = true) throws -> Dataset {
        let files = try CSVReader.expandInputs(inputs)
        guard let first = files.first else { throw CSVError.cannotOpen(file: inputs.joined(separator: " "), reason: "no .csv files found") }
        let layout = try CSVReader.readHeader(path: first).layout
        let featureCount = layout.featureCount
        var values = [Float]()
        var labels = [LabelCode]()
        var sources = [UInt16]()
        var hashes = [UInt64]()
        var seen = RowHashSet()
        var fresh: [Bool] = []  // per block: was row i new
        var duplicates = 0
        try CSVReader(options: options).read(files: files) { block, _, _ in
            if dedup { seen.insert(contentsOf: block.hashes, count: block.rowCount, inserted: &fresh) }
            block.values.withUnsafeBufferPointer { buffer in
                for row in 0..<block.rowCount {
                    if dedup, !fresh[row] { duplicates += 1; continue }
                    values.append(contentsOf: buffer[(row * featureCount)..<((row + 1) * featureCount)])
                    labels.append(block.label(at: row))
                    sources.append(block.source)
                    hashes.append(block.hashes[row])
                }
            }
        }
        var dataset = Dataset(
            features: FeatureMatrix(rowCount: labels.count, columnNames: layout.featureNames, values: values),
            labels: labels, sources: sources, hashes: hashes, layout: layout, sourceNames: files)
        dataset.duplicatesRemovedAtLoad = duplicates
        return dataset
    }

    /// Loads a store (if `paths` is one store) or CSV files.
    public static func load(_ paths: [String], csvOptions: CSVReader.Options = .init()) throws -> Dataset {
        if paths.count == 1, ColumnStoreReader.isStore(path: paths[0]) { return try load(store: paths[0]) }
        return try load(csv: paths, options: csvOptions)
    }
}
