import Dispatch
import Foundation

/// Makes scale data for benchmarks from real rows: each synthetic row lies on the segment
/// between a random real row and another real row of the same label (SMOTE-style
/// interpolation, `x = a + u·(b − a)`, `u` uniform in [0, 1)), so label proportions and
/// per-label value ranges follow the source.
///
/// The output is marked synthetic (store metadata, or a `.synthetic.json` sidecar for
/// CSV) and must never feed a quality figure. Output is identical for a given seed
/// whatever the thread count. Memory: the source rows plus a few 64 Ki-row blocks.
public struct SyntheticRowGenerator: Sendable {
    public let layout: FeatureLayout
    public let source: String
    let rows: [Float]            // row-major source features
    let labels: [LabelCode]
    let groupOfRow: [Int]
    let groups: [[Int]]

    public static let method = "same-label linear interpolation (SMOTE-style)"
    static let blockRows = 1 << 16

    /// Loads every row of a (small) source store.
    public init(store path: String) throws {
        let reader = try ColumnStoreReader(path: path)
        guard reader.rowCount > 0 else {
            throw StoreError.corrupt(path: path, detail: "the store holds no rows to synthesise from")
        }
        guard let layout = reader.layout else {
            throw StoreError.invalidSchema(path: path, detail: "a prepared store; synth interpolates raw CICIoT2023 rows — give the ingested store")
        }
        self.layout = layout
        source = path
        let featureCount = reader.featureCount
        var rows = [Float]()
        rows.reserveCapacity(reader.rowCount * featureCount)
        var labels = [LabelCode]()
        try reader.forEachChunk { chunk in
            for row in 0..<chunk.rowCount {
                for column in 0..<featureCount { rows.append(chunk.features[column][row]) }
                labels.append(chunk.label(at: row))
            }
        }
        var groupIndex: [LabelCode: Int] = [:]
        var groups: [[Int]] = []
        var groupOfRow: [Int] = []
        for (row, label) in labels.enumerated() {
            let index = groupIndex[label] ?? { groupIndex[label] = groups.count; groups.append([]); return groups.count - 1 }()
            groups[index].append(row)
            groupOfRow.append(index)
        }
        self.rows = rows
        self.labels = labels
        self.groupOfRow = groupOfRow
        self.groups = groups
    }

    /// Generates block `block` (rows `block * blockRows ..< min(total, …)`): features row-major and labels.
    func generateBlock(_ block: Int, total: Int, seed: UInt64) -> (values: [Float], labels: [LabelCode]) {
        let featureCount = layout.featureCount
        let count = min(Self.blockRows, total - block * Self.blockRows)
        var generator = SplitMix64(seed: seed, stream: UInt64(block))
        var values = [Float](repeating: 0, count: count * featureCount)
        var labels = [LabelCode]()
        labels.reserveCapacity(count)
        rows.withUnsafeBufferPointer { source in
            for r in 0..<count {
                let a = Int(generator.next() % UInt64(self.labels.count))
                let group = groups[groupOfRow[a]]
                let b = group[Int(generator.next() % UInt64(group.count))]
                let u = generator.nextUnitFloat()
                for column in 0..<featureCount {
                    let x = source[a * featureCount + column]
                    let y = source[b * featureCount + column]
                    values[r * featureCount + column] = x + u * (y - x)
                }
                labels.append(self.labels[a])
            }
        }
        return (values, labels)
    }

    public func provenance(rows: Int, seed: UInt64) -> SyntheticProvenance {
        SyntheticProvenance(method: Self.method, from: source, seed: seed, rows: rows)
    }

    /// Writes `total` synthetic rows to a column store.
    public func writeStore(path: String, rows total: Int, seed: UInt64, progress: ProgressReporter? = nil) throws {
        let writer = try ColumnStoreWriter(path: path, layout: layout)
        do {
            let blocks = (total + Self.blockRows - 1) / Self.blockRows
            for block in 0..<blocks {
                let (values, labels) = generateBlock(block, total: total, seed: seed)
                try values.withUnsafeBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    for (r, label) in labels.enumerated() {
                        try writer.append(base + r * layout.featureCount, label: label, source: 0)
                    }
                }
                progress?.update(bytes: (block + 1) * Self.blockRows, rows: (block + 1) * Self.blockRows)
            }
            var metadata = StoreMetadata()
            metadata.sources = [source]
            metadata.rowsIn = total
            metadata.synthetic = provenance(rows: total, seed: seed)
            try writer.finish(metadata: metadata)
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// Writes `total` synthetic rows as CSV (the layout's columns plus `Label`) and its sidecar.
    public func writeCSV(path: String, rows total: Int, seed: UInt64, threads: Int = ProcessInfo.processInfo.activeProcessorCount, progress: ProgressReporter? = nil) throws {
        let writer = try SyntheticCSVWriter(path: path, layout: layout)
        let blocks = (total + Self.blockRows - 1) / Self.blockRows
        let batch = max(1, threads)
        final class Slots: @unchecked Sendable {
            let texts: UnsafeMutablePointer<[UInt8]>
            let count: Int
            init(_ count: Int) { self.count = count; texts = .allocate(capacity: count); texts.initialize(repeating: [], count: count) }
            deinit { texts.deinitialize(count: count); texts.deallocate() }
        }
        let slots = Slots(batch)
        var first = 0
        while first < blocks {
            let n = min(batch, blocks - first)
            let start = first
            DispatchQueue.concurrentPerform(iterations: n) { i in
                let (values, labels) = generateBlock(start + i, total: total, seed: seed)
                slots.texts[i] = SyntheticCSVWriter.format(values: values, labels: labels, featureCount: layout.featureCount)
            }
            for i in 0..<n { try writer.write(slots.texts[i]) }
            first += n
            progress?.update(bytes: min(first * Self.blockRows, total), rows: min(first * Self.blockRows, total))
        }
        try writer.finish(provenance: provenance(rows: total, seed: seed))
    }
}
