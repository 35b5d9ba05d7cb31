import Dispatch
import Foundation

/// Reads a column store chunk by chunk from a memory map.
///
/// Opening validates the header, the trailer, the footer checksum and the chunk index
/// against the file's size, so a truncated or corrupt store fails here with a
/// `StoreError` instead of being mis-read; each chunk's blobs are verified again when read
/// (index checksum, zstd content checksum, exact size). Memory: the map (paged in on
/// demand) plus one decompressed chunk.
public final class ColumnStoreReader: @unchecked Sendable {
    public let path: String
    public let footer: StoreFooter
    /// The columns, checked against the footer when the store was opened.
    public let schema: StoreSchema
    private let file: MappedFile

    /// The CICIoT2023 layout of a raw store; `nil` for a prepared store.
    public var layout: FeatureLayout? { schema.layout }
    /// The task of a prepared store's `class` column, if it has one.
    public var task: LearningTask? { schema.task }
    public var featureNames: [String] { schema.featureNames }
    public var featureCount: Int { schema.featureCount }
    public var rowCount: Int { footer.rowCount }
    public var chunkCount: Int { footer.chunks.count }
    public var metadata: StoreMetadata { footer.metadata }
    /// Size of the store file in bytes.
    public var fileBytes: Int { file.count }

    public init(path: String) throws {
        self.path = path
        file = try MappedFile(path: path)
        let bytes = file.bytes
        guard bytes.count >= StoreFormat.headerBytes else {
            throw bytes.count >= 4 && Array(bytes[0..<4]) == StoreFormat.magic
                ? StoreError.truncated(path: path, detail: "only \(bytes.count) bytes")
                : StoreError.notAStore(path: path)
        }
        guard Array(bytes[0..<4]) == StoreFormat.magic else { throw StoreError.notAStore(path: path) }
        let version = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
        guard version >= 1, version <= StoreFormat.version else {
            throw StoreError.unsupportedVersion(path: path, found: version, supported: StoreFormat.version)
        }
        guard bytes.count >= StoreFormat.headerBytes + StoreFormat.trailerBytes,
              Array(bytes[(bytes.count - 8)...]) == StoreFormat.trailerMagic else {
            throw StoreError.truncated(path: path, detail: "the end-of-store marker is missing (\(bytes.count) bytes)")
        }
        let trailerStart = bytes.count - StoreFormat.trailerBytes
        let footerLength = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: trailerStart, as: UInt64.self).littleEndian)
        let footerChecksum = bytes.loadUnaligned(fromByteOffset: trailerStart + 8, as: UInt64.self).littleEndian
        guard footerLength > 0, footerLength <= trailerStart - StoreFormat.headerBytes else {
            throw StoreError.corrupt(path: path, detail: "footer length \(footerLength) does not fit the file")
        }
        let footerStart = trailerStart - footerLength
        let footerBytes = UnsafeRawBufferPointer(rebasing: bytes[footerStart..<trailerStart])
        guard Checksum64.hash(footerBytes) == footerChecksum else {
            throw StoreError.corrupt(path: path, detail: "footer checksum mismatch")
        }
        let decoded: StoreFooter
        do {
            decoded = try JSONDecoder().decode(StoreFooter.self, from: Data(footerBytes))
        } catch {
            throw StoreError.corrupt(path: path, detail: "footer does not decode: \(error)")
        }
        schema = try Self.validate(decoded, version: version, blobArea: StoreFormat.headerBytes..<footerStart, path: path)
        footer = decoded
    }

    private static func validate(_ footer: StoreFooter, version: Int, blobArea: Range<Int>, path: String) throws -> StoreSchema {
        if version == 1 && footer.layout == nil {
            throw StoreError.corrupt(path: path, detail: "a version 1 store must name its CICIoT2023 layout")
        }
        let schema = try StoreSchema.decode(footer, path: path)
        if let task = schema.task {
            guard let counts = footer.classCounts, counts.count == task.classCount else {
                throw StoreError.corrupt(path: path, detail: "class counts do not match the \(task.rawValue) task")
            }
        }
        var rows = 0
        for (index, chunk) in footer.chunks.enumerated() {
            guard chunk.rows > 0, chunk.blobs.count == footer.columns.count else {
                throw StoreError.corrupt(path: path, detail: "chunk \(index) index is malformed")
            }
            for blob in chunk.blobs {
                guard blob.length >= 0, blob.offset >= blobArea.lowerBound,
                      blob.offset <= blobArea.upperBound - blob.length else {
                    throw StoreError.corrupt(path: path, detail: "chunk \(index) points outside the file")
                }
            }
            rows += chunk.rows
        }
        guard rows == footer.rowCount else {
            throw StoreError.corrupt(path: path, detail: "chunks hold \(rows) rows, footer says \(footer.rowCount)")
        }
        return schema
    }

    private func blob(_ descriptor: BlobDescriptor, chunk: Int) throws -> UnsafeRawBufferPointer {
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[descriptor.offset..<(descriptor.offset + descriptor.length)])
        guard Checksum64.hash(bytes) == descriptor.checksum else {
            throw StoreError.corrupt(path: path, detail: "chunk \(chunk): blob checksum mismatch at offset \(descriptor.offset)")
        }
        return bytes
    }

    /// Decompresses column `column` of chunk `index` into a new array. O(rows).
    private func column<T: FixedWidthInteger>(_ column: Int, of index: Int, rows: Int, as _: T.Type) throws -> [T] {
        var values = [T](repeating: 0, count: rows)
        let source = try blob(footer.chunks[index].blobs[column], chunk: index)
        try values.withUnsafeMutableBytes { try BlobCodec.decompress(source, into: $0, width: MemoryLayout<T>.size, path: path) }
        return values
    }

    /// Decompresses chunk `index`. O(rows × columns); the feature columns are decoded in
    /// parallel on up to `threads` threads.
    public func chunk(_ index: Int, threads: Int = 1) throws -> ColumnChunk {
        let rows = footer.chunks[index].rows
        let features = try featureColumns(index, rows: rows, threads: threads)
        let n = featureCount
        return ColumnChunk(
            rowCount: rows, features: features, fineLabels: try column(n, of: index, rows: rows, as: UInt8.self),
            families: try column(n + 1, of: index, rows: rows, as: UInt8.self),
            sources: try column(n + 2, of: index, rows: rows, as: UInt16.self),
            classes: task == nil ? [] : try column(n + 3, of: index, rows: rows, as: UInt8.self))
    }

    private func featureColumns(_ index: Int, rows: Int, threads: Int) throws -> [[Float]] {
        let n = featureCount
        let parts = max(1, min(threads, n))
        if parts == 1 {
            return try (0..<n).map { try floatColumn($0, of: index, rows: rows) }
        }
        final class Slots: @unchecked Sendable {
            var columns: [Result<[Float], Error>]
            init(_ count: Int) { columns = Array(repeating: .success([]), count: count) }
        }
        let slots = Slots(n)
        slots.columns.withUnsafeMutableBufferPointer { buffer in
            let address = UInt(bitPattern: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                guard let out = UnsafeMutablePointer<Result<[Float], Error>>(bitPattern: address) else { return }
                var c = part
                while c < n {
                    out[c] = Result { try self.floatColumn(c, of: index, rows: rows) }
                    c += parts
                }
            }
        }
        return try slots.columns.map { try $0.get() }
    }

    private func floatColumn(_ column: Int, of index: Int, rows: Int) throws -> [Float] {
        var values = [Float](repeating: 0, count: rows)
        let source = try blob(footer.chunks[index].blobs[column], chunk: index)
        try values.withUnsafeMutableBytes { try BlobCodec.decompress(source, into: $0, width: 4, path: path) }
        return values
    }

    /// Calls `body` with every chunk in order (each decoded on up to `threads` threads).
    public func forEachChunk(threads: Int = 1, _ body: (ColumnChunk) throws -> Void) throws {
        for index in 0..<chunkCount { try body(try chunk(index, threads: threads)) }
    }

    /// Rows per class of the store's task (`nil` without a `class` column).
    public var classCounts: [Int]? { footer.classCounts }

    /// `true` if the file at `path` starts with the store's magic bytes.
    public static func isStore(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return [UInt8](head) == StoreFormat.magic
    }
}
