import Foundation

/// The summary `iotshield inspect` prints for a store or a CSV.
public struct DatasetProfile: Codable, Sendable {
    public struct Column: Codable, Sendable {
        public var name: String
        public var min: Double?
        public var max: Double?
        public var mean: Double?
        public var std: Double?
        public var missing: Int
        public var infinite: Int
        /// Variance after min–max scaling (0 for constant columns).
        public var scaledVariance: Double
        public var constant: Bool
        public var nearConstant: Bool

        enum CodingKeys: String, CodingKey {
            case name, min, max, mean, std, missing, infinite, constant
            case scaledVariance = "scaled_variance", nearConstant = "near_constant"
        }
    }

    public var source: String
    /// `store` or `csv`.
    public var kind: String
    /// The CICIoT2023 layout; `nil` for a prepared store (transformed columns).
    public var layout: FeatureLayout?
    /// A prepared store's task, and its rows per class (class name → rows).
    public var task: LearningTask?
    public var classes: [String: Int]?
    /// Prepared stores: rows made by SMOTE.
    public var oversampledRows: Int?
    public var rows: Int
    /// Exact duplicates: removed at ingest (store) or found while reading (CSV).
    public var duplicates: Int
    public var families: [String: Int]
    public var labels: [String: Int]
    public var columns: [Column]
    public var nearConstantColumns: [String]
    public var synthetic: SyntheticProvenance?
    /// The scaled-variance threshold below which a column is called near-constant.
    public var nearConstantThreshold: Double

    enum CodingKeys: String, CodingKey {
        case source, kind, layout, task, classes, rows, duplicates, families, labels, columns, synthetic
        case oversampledRows = "oversampled_rows"
        case nearConstantColumns = "near_constant_columns", nearConstantThreshold = "near_constant_threshold"
    }

    /// Default threshold: a column whose min–max-scaled variance is below 1e-4 (e.g. a 0/1
    /// column that is 1 in fewer than 1 row in 10,000) is near-constant.
    public static let defaultNearConstantThreshold = 1e-4

    /// Profiles a column store, raw or prepared (one pass over its chunks).
    public static func of(store path: String, threshold: Double = defaultNearConstantThreshold) throws -> DatasetProfile {
        let reader = try ColumnStoreReader(path: path)
        var stats = [ColumnStatistics](repeating: ColumnStatistics(), count: reader.featureCount)
        try reader.forEachChunk { chunk in
            for column in 0..<reader.featureCount {
                chunk.features[column].withUnsafeBufferPointer { values in
                    for value in values { stats[column].add(value) }
                }
            }
        }
        let tally = LabelTally(fine: reader.footer.fineLabelCounts, family: reader.footer.familyCounts)
        var profile = make(
            source: path, kind: reader.layout == nil ? "prepared store" : "store", names: reader.featureNames,
            layout: reader.layout, rows: reader.rowCount, duplicates: reader.metadata.duplicatesRemoved, tally: tally,
            stats: stats, synthetic: reader.metadata.synthetic, threshold: threshold)
        if let task = reader.task, let counts = reader.classCounts {
            profile.task = task
            profile.classes = Dictionary(uniqueKeysWithValues: zip(task.classNames, counts))
        }
        profile.oversampledRows = reader.metadata.oversampledRows
        return profile
    }

    /// Profiles CSV files (streamed; duplicates are counted, not removed).
    public static func of(csv inputs: [String], options: CSVReader.Options = .init(), threshold: Double = defaultNearConstantThreshold) throws -> DatasetProfile {
        let files = try CSVReader.expandInputs(inputs)
        guard let first = files.first else { throw CSVError.cannotOpen(file: inputs.joined(separator: " "), reason: "no .csv files found") }
        let layout = try CSVReader.readHeader(path: first).layout
        let featureCount = layout.featureCount
        var stats = [ColumnStatistics](repeating: ColumnStatistics(), count: featureCount)
        var seen = RowHashSet()
        var tally = LabelTally()
        var rows = 0
        var duplicates = 0
        var fresh: [Bool] = []  // per block: was row i new
        try CSVReader(options: options).read(files: files) { block, _, _ in
            seen.insert(contentsOf: block.hashes, count: block.rowCount, inserted: &fresh)
            block.values.withUnsafeBufferPointer { values in
                for row in 0..<block.rowCount {
                    if !fresh[row] { duplicates += 1 }
                    tally.add(block.label(at: row))
                    let base = row * featureCount
                    for column in 0..<featureCount { stats[column].add(values[base + column]) }
                }
            }
            rows += block.rowCount
        }
        return make(
            source: inputs.joined(separator: " "), kind: "csv", names: layout.featureNames, layout: layout, rows: rows, duplicates: duplicates,
            tally: tally, stats: stats, synthetic: files.compactMap { SyntheticCSVWriter.provenance(ofCSV: $0) }.first,
            threshold: threshold)
    }

    static func make(
        source: String, kind: String, names: [String], layout: FeatureLayout?, rows: Int, duplicates: Int, tally: LabelTally,
        stats: [ColumnStatistics], synthetic: SyntheticProvenance?, threshold: Double
    ) -> DatasetProfile {
        let columns = zip(names, stats).map { name, s -> Column in
            let finite = s.count > 0
            return Column(
                name: name, min: finite ? s.minimum : nil, max: finite ? s.maximum : nil,
                mean: finite ? s.mean : nil, std: s.count > 1 ? s.standardDeviation : nil,
                missing: s.missing, infinite: s.infinite, scaledVariance: s.scaledVariance,
                constant: s.count == 0 || s.minimum == s.maximum, nearConstant: s.scaledVariance < threshold)
        }
        return DatasetProfile(
            source: source, kind: kind, layout: layout, rows: rows, duplicates: duplicates,
            families: tally.byFamily, labels: tally.byLabel, columns: columns,
            nearConstantColumns: columns.filter(\.nearConstant).map(\.name), synthetic: synthetic,
            nearConstantThreshold: threshold)
    }

    /// A human-readable report.
    public var text: String {
        var out = "\(source) (\(kind), "
            + (layout.map { "CICIoT2023 \($0.rawValue) layout, " } ?? task.map { "prepared for the \($0.rawValue) task, " } ?? "")
            + "\(columns.count) features)\n"
        if let synthetic {
            out += "SYNTHETIC data (\(synthetic.method) from \(synthetic.from), seed \(synthetic.seed)): for scale benchmarks only\n"
        }
        out += "rows: \(rows)   duplicates: \(duplicates)"
            + (oversampledRows.map { "   SMOTE rows: \($0)" } ?? "") + "\n"
        if let task, let classes {
            out += "\nrows per class (\(task.rawValue) task):\n"
            for name in task.classNames {
                let count = classes[name] ?? 0
                out += "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(count).leftPad(10))\n"
            }
        }
        out += "\nrows per family:\n"
        for (name, count) in families.sorted(by: { $0.value > $1.value }) {
            out += "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(count).leftPad(10))  \(String(format: "%6.2f%%", 100 * Double(count) / Double(max(rows, 1))))\n"
        }
        out += "\nrows per label:\n"
        for (name, count) in labels.sorted(by: { $0.value > $1.value }) {
            out += "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(count).leftPad(10))\n"
        }
        out += "\n" + "column".padding(toLength: 18, withPad: " ", startingAt: 0)
            + ["min", "max", "mean", "std", "missing", "inf"].map { $0.leftPad(13) }.joined() + "\n"
        for c in columns {
            let cells = [c.min, c.max, c.mean, c.std].map { $0.map { Self.number($0) } ?? "-" }
                + [String(c.missing), String(c.infinite)]
            out += c.name.padding(toLength: 18, withPad: " ", startingAt: 0) + cells.map { $0.leftPad(13) }.joined()
                + (c.constant ? "  constant" : c.nearConstant ? "  near-constant" : "") + "\n"
        }
        out += "\nnear-constant columns (scaled variance < \(nearConstantThreshold)): "
            + (nearConstantColumns.isEmpty ? "none" : nearConstantColumns.joined(separator: ", ")) + "\n"
        return out
    }

    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e12 { return String(Int(x)) }
        return abs(x) >= 1e6 || abs(x) < 1e-3 ? String(format: "%.4g", x) : String(format: "%.4f", x)
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
