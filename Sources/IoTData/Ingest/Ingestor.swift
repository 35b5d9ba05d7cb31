import Foundation

/// CSV files → (deduplicated) column store: the `iotshield ingest` job.
public enum Ingestor {
    public struct Options: Sendable {
        public var csv = CSVReader.Options()
        /// Remove exact duplicate rows (same features and label), keeping the first.
        public var dedup = true
        public var chunkRows = StoreFormat.defaultChunkRows
        public var compressionLevel: Int32 = 1
        public init() {}
    }

    /// Reads `inputs` (files or directories of `.csv`) and, unless `store` is `nil` (a dry
    /// run), writes them to a column store at `store`.
    ///
    /// Memory is bounded by the reader's blocks, one store chunk and the duplicate table
    /// (8–16 bytes per distinct row). On error the partial store is removed.
    /// - Throws: `CSVError` (with file and line) or `StoreError`.
    public static func run(inputs: [String], store: String?, options: Options = Options(), showProgress: Bool = ProgressReporter.terminalAttached) throws -> IngestSummary {
        let started = Date()
        let files = try CSVReader.expandInputs(inputs)
        guard !files.isEmpty else { throw CSVError.cannotOpen(file: inputs.joined(separator: " "), reason: "no .csv files found") }
        let totalBytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        let progress = ProgressReporter(title: "ingest", totalBytes: totalBytes, enabled: showProgress)
        let firstHeader = try CSVReader.readHeader(path: files[0])
        let layout = firstHeader.layout
        let featureCount = layout.featureCount

        var writer: ColumnStoreWriter?
        if let store {
            writer = try ColumnStoreWriter(path: store, layout: layout, chunkRows: options.chunkRows, level: options.compressionLevel)
        }
        // Sized for the rows the input probably holds (CICIoT2023 v2 rows average ~280 bytes),
        // so the table is not rebuilt three or four times on the way; smaller rows still grow it.
        var seen = RowHashSet(minimumCapacity: max(1 << 20, totalBytes / 280))
        var fresh: [Bool] = []  // per block: was row i new (`seen.insert`'s batch answer)
        var tally = LabelTally()
        var rowsIn = 0
        var duplicates = 0
        var summaries: [CSVReader.FileSummary] = []
        var anomalies = ValueAnomalyCounts(featureCount: featureCount)

        do {
            try CSVReader(options: options.csv).read(
                files: files,
                progress: { progress.update(bytes: $0, rows: rowsIn) },
                fileDone: { summary in
                    summaries.append(summary)
                    anomalies.add(summary.anomalies)
                },
                consume: { block, _, _ in
                    rowsIn += block.rowCount
                    if options.dedup { seen.insert(contentsOf: block.hashes, count: block.rowCount, inserted: &fresh) }
                    try block.values.withUnsafeBufferPointer { values in
                        guard let base = values.baseAddress else { return }
                        for row in 0..<block.rowCount {
                            if options.dedup, !fresh[row] {
                                duplicates += 1
                                continue
                            }
                            let label = block.label(at: row)
                            tally.add(label)
                            try writer?.append(base + row * featureCount, label: label, source: block.source)
                        }
                    }
                })
        } catch {
            writer?.abandon()
            progress.finish()
            throw error
        }
        progress.finish()

        let synthetic = files.compactMap { SyntheticCSVWriter.provenance(ofCSV: $0) }.first
        var storeBytes: Int?
        if let writer {
            var metadata = StoreMetadata()
            metadata.sources = files
            metadata.rowsIn = rowsIn
            metadata.duplicatesRemoved = duplicates
            metadata.skippedMalformed = summaries.reduce(0) { $0 + $1.skippedMalformed }
            metadata.skippedUnknownLabel = summaries.reduce(0) { $0 + $1.skippedUnknownLabel }
            metadata.anomalies = anomalies
            metadata.synthetic = synthetic
            storeBytes = try writer.finish(metadata: metadata)
        }
        let names = layout.featureNames
        return IngestSummary(
            layout: layout, files: summaries, rowsIn: rowsIn, rowsOut: rowsIn - duplicates, duplicates: duplicates,
            skippedMalformed: summaries.reduce(0) { $0 + $1.skippedMalformed },
            skippedUnknownLabel: summaries.reduce(0) { $0 + $1.skippedUnknownLabel },
            bytesIn: totalBytes, seconds: Date().timeIntervalSince(started), store: store, storeBytes: storeBytes,
            rowsPerLabel: tally.byLabel, rowsPerFamily: tally.byFamily,
            missingPerColumn: Self.nonZero(anomalies.missing, names: names),
            infinitePerColumn: Self.nonZero(anomalies.infinite, names: names),
            synthetic: synthetic)
    }

    static func nonZero(_ counts: [Int], names: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (index, count) in counts.enumerated() where count > 0 { out[names[index]] = count }
        return out
    }
}
