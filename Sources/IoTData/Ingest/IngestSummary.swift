/// What `Ingestor.run` did: rows in and out, duplicates, skips and value anomalies.
public struct IngestSummary: Codable, Sendable {
    public var layout: FeatureLayout
    public var files: [CSVReader.FileSummary]
    public var rowsIn: Int
    public var rowsOut: Int
    public var duplicates: Int
    public var skippedMalformed: Int
    public var skippedUnknownLabel: Int
    public var bytesIn: Int
    public var seconds: Double
    public var store: String?
    public var storeBytes: Int?
    public var rowsPerLabel: [String: Int]
    public var rowsPerFamily: [String: Int]
    public var missingPerColumn: [String: Int]
    public var infinitePerColumn: [String: Int]
    public var synthetic: SyntheticProvenance?

    enum CodingKeys: String, CodingKey {
        case layout, files, duplicates, seconds, store, synthetic
        case rowsIn = "rows_in", rowsOut = "rows_out", skippedMalformed = "skipped_malformed"
        case skippedUnknownLabel = "skipped_unknown_label", bytesIn = "bytes_in", storeBytes = "store_bytes"
        case rowsPerLabel = "rows_per_label", rowsPerFamily = "rows_per_family"
        case missingPerColumn = "missing_per_column", infinitePerColumn = "infinite_per_column"
    }
}
