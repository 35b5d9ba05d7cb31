import Dispatch
import Foundation

/// Writes a column store row by row, compressing a chunk of `chunkRows` rows at a time on
/// all cores. Memory: one chunk (`chunkRows` × (4 × features + 5) bytes) plus its
/// compressed copy. The file appears under its final name only after `finish()`.
public final class ColumnStoreWriter {
    public let path: String
    public let schema: StoreSchema
    public let chunkRows: Int
    let featureCount: Int
    let level: Int32
    private let output: OutputFile
    private var offset = StoreFormat.headerBytes
    private var chunks: [ChunkDescriptor] = []
    private var features: [Float]
    private var fines: [UInt8]
    private var families: [UInt8]
    private var sources: [UInt16]
    private var classes: [UInt8]
    private var pending = 0
    public private(set) var rowCount = 0
    private var fineCounts = [Int](repeating: 0, count: AttackLabel.allCases.count + 1)
    private var familyCounts = [Int](repeating: 0, count: AttackFamily.allCases.count + 1)
    private var classCounts: [Int]
    private var finished = false

    /// The CICIoT2023 layout of a raw store; `nil` for a prepared one.
    public var layout: FeatureLayout? { schema.layout }

    /// A raw CICIoT2023 store (format version 1).
    ///
    /// - Parameter level: zstd level (1 fastest … 19 smallest; 1 is as small as 3 on byte-shuffled CICIoT2023 columns and faster).
    public convenience init(path: String, layout: FeatureLayout, chunkRows: Int = StoreFormat.defaultChunkRows, level: Int32 = 1) throws {
        try self.init(path: path, schema: StoreSchema(layout: layout), chunkRows: chunkRows, level: level)
    }

    /// Creates `path.partial` and writes the header of a store with `schema`'s columns.
    public init(path: String, schema: StoreSchema, chunkRows: Int = StoreFormat.defaultChunkRows, level: Int32 = 1) throws {
        self.path = path
        self.schema = schema
        self.chunkRows = max(1, chunkRows)
        featureCount = schema.featureCount
        self.level = level
        output = try OutputFile(path: path + ".partial")
        features = [Float](repeating: 0, count: self.chunkRows * featureCount)
        fines = [UInt8](repeating: 0, count: self.chunkRows)
        families = fines
        classes = schema.task == nil ? [] : fines
        sources = [UInt16](repeating: 0, count: self.chunkRows)
        classCounts = [Int](repeating: 0, count: schema.task?.classCount ?? 0)
        var header = StoreFormat.magic
        withUnsafeBytes(of: UInt32(schema.formatVersion).littleEndian) { header.append(contentsOf: $0) }
        try output.write(header)
    }

    /// Appends one row: `featureCount` values at `values`. `classIndex` is stored only when
    /// the schema has a task, and must then be below its class count.
    @inline(__always)
    public func append(_ values: UnsafePointer<Float>, label: LabelCode, source: UInt16, classIndex: Int = 0) throws {
        let row = pending
        let featureCount = self.featureCount, chunkRows = self.chunkRows
        features.withUnsafeMutableBufferPointer { buffer in
            guard var target = buffer.baseAddress.map({ $0 + row }) else { return }
            for column in 0..<featureCount {
                target.pointee = values[column]
                target += chunkRows
            }
        }
        fines[row] = label.fine
        families[row] = label.family
        sources[row] = source
        if !classCounts.isEmpty {
            guard classIndex >= 0 && classIndex < classCounts.count else {
                throw StoreError.invalidSchema(path: path, detail: "row \(rowCount): class \(classIndex) is outside 0..<\(classCounts.count)")
            }
            classes[row] = UInt8(classIndex)
            classCounts[classIndex] += 1
        }
        fineCounts[Int(min(label.fine, UInt8(AttackLabel.allCases.count)))] += 1
        familyCounts[Int(min(label.family, UInt8(AttackFamily.allCases.count)))] += 1
        pending += 1
        rowCount += 1
        if pending == chunkRows { try flush() }
    }

    /// Appends row `row` of a parsed block.
    public func append(_ block: RowBlock, row: Int) throws {
        try block.values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            try append(base + row * featureCount, label: block.label(at: row), source: block.source)
        }
    }

    private final class BlobSlots: @unchecked Sendable {
        let blobs: UnsafeMutablePointer<Result<[UInt8], Error>>
        let count: Int
        init(count: Int) {
            self.count = count
            blobs = .allocate(capacity: count)
            blobs.initialize(repeating: .success([]), count: count)
        }
        deinit { blobs.deinitialize(count: count); blobs.deallocate() }
    }

    private func flush() throws {
        guard pending > 0 else { return }
        let rows = pending
        let columnCount = schema.columns.count
        let slots = BlobSlots(count: columnCount)
        let featureCount = self.featureCount, chunkRows = self.chunkRows, level = self.level, path = self.path
        features.withUnsafeBytes { featureBytes in
        fines.withUnsafeBytes { fineBytes in
        families.withUnsafeBytes { familyBytes in
        sources.withUnsafeBytes { sourceBytes in
        classes.withUnsafeBytes { classBytes in
            let addresses = [featureBytes, fineBytes, familyBytes, sourceBytes, classBytes].map { UInt(bitPattern: $0.baseAddress) }
            DispatchQueue.concurrentPerform(iterations: columnCount) { column in
                let (address, byteOffset, width): (UInt, Int, Int)
                if column < featureCount {
                    (address, byteOffset, width) = (addresses[0], column * chunkRows * 4, 4)
                } else if column == featureCount {
                    (address, byteOffset, width) = (addresses[1], 0, 1)
                } else if column == featureCount + 1 {
                    (address, byteOffset, width) = (addresses[2], 0, 1)
                } else if column == featureCount + 2 {
                    (address, byteOffset, width) = (addresses[3], 0, 2)
                } else {
                    (address, byteOffset, width) = (addresses[4], 0, 1)
                }
                guard let base = UnsafeRawPointer(bitPattern: address) else { return }
                let source = UnsafeRawBufferPointer(start: base + byteOffset, count: rows * width)
                slots.blobs[column] = Result { try BlobCodec.compress(source, width: width, level: level, path: path) }
            }
        }}}}}
        var descriptors: [BlobDescriptor] = []
        for column in 0..<columnCount {
            let blob = try slots.blobs[column].get()
            descriptors.append(BlobDescriptor(offset: offset, length: blob.count, checksum: Checksum64.hash(blob)))
            try output.write(blob)
            offset += blob.count
        }
        chunks.append(ChunkDescriptor(rows: rows, blobs: descriptors))
        pending = 0
    }

    /// The columns this writer stores, in order.
    public var columns: [ColumnDescriptor] { schema.columns }

    /// Writes the last chunk, the footer and the trailer, syncs, and renames the file into place.
    /// Returns the store's size in bytes.
    @discardableResult
    public func finish(metadata: StoreMetadata) throws -> Int {
        precondition(!finished, "ColumnStoreWriter.finish called twice")
        try flush()
        let footer = StoreFooter(
            formatVersion: schema.formatVersion, layout: schema.layout, task: schema.task,
            classCounts: schema.task == nil ? nil : classCounts, columns: columns, rowCount: rowCount, chunks: chunks,
            fineLabelCounts: fineCounts, familyCounts: familyCounts, metadata: metadata)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try encoder.encode(footer))
        var trailer: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { trailer.append(contentsOf: $0) }
        withUnsafeBytes(of: Checksum64.hash(json).littleEndian) { trailer.append(contentsOf: $0) }
        trailer.append(contentsOf: StoreFormat.trailerMagic)
        try output.write(json)
        try output.write(trailer)
        try output.sync()
        output.close()
        finished = true
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
        guard rename(path + ".partial", path) == 0 else {
            throw StoreError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
        return offset + json.count + trailer.count
    }

    /// Removes the partial file (after a failed ingest).
    public func abandon() {
        output.close()
        try? FileManager.default.removeItem(atPath: path + ".partial")
    }
}
