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
    private let file: MappedFile

    public var layout: FeatureLayout { footer.layout }
    public var featureNames: [String] { Array(footer.columns.prefix(featureCount).map(\.name)) }
    public var featureCount: Int { footer.layout.featureCount }
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
        guard version <= StoreFormat.version else {
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
        try Self.validate(decoded, blobArea: StoreFormat.headerBytes..<footerStart, path: path)
        footer = decoded
    }

    private static func validate(_ footer: StoreFooter, blobArea: Range<Int>, path: String) throws {
        let featureCount = footer.layout.featureCount
        let expected = footer.layout.featureNames.map { ColumnDescriptor(name: $0, type: .float32) }
        guard footer.columns.count == featureCount + 3, Array(footer.columns.prefix(featureCount)) == expected else {
            throw StoreError.corrupt(path: path, detail: "column list does not match the \(footer.layout.rawValue) layout")
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
    }

    private func blob(_ descriptor: BlobDescriptor, chunk: Int) throws -> UnsafeRawBufferPointer {
        let bytes = UnsafeRawBufferPointer(rebasing: file.bytes[descriptor.offset..<(descriptor.offset + descriptor.length)])
        guard Checksum64.hash(bytes) == descriptor.checksum else {
            throw StoreError.corrupt(path: path, detail: "chunk \(chunk): blob checksum mismatch at offset \(descriptor.offset)")
        }
        return bytes
    }

    /// Decompresses chunk `index`. O(rows × columns).
    public func chunk(_ index: Int) throws -> ColumnChunk {
        let descriptor = footer.chunks[index]
        let rows = descriptor.rows
        var features: [[Float]] = []
        features.reserveCapacity(featureCount)
        for column in 0..<featureCount {
            var values = [Float](repeating: 0, count: rows)
            let source = try blob(descriptor.blobs[column], chunk: index)
            try values.withUnsafeMutableBytes { try BlobCodec.decompress(source, into: $0, width: 4, path: path) }
            features.append(values)
        }
        var fines = [UInt8](repeating: 0, count: rows)
        var families = fines
        var sources = [UInt16](repeating: 0, count: rows)
        let fineBlob = try blob(descriptor.blobs[featureCount], chunk: index)
        try fines.withUnsafeMutableBytes { try BlobCodec.decompress(fineBlob, into: $0, width: 1, path: path) }
        let familyBlob = try blob(descriptor.blobs[featureCount + 1], chunk: index)
        try families.withUnsafeMutableBytes { try BlobCodec.decompress(familyBlob, into: $0, width: 1, path: path) }
        let sourceBlob = try blob(descriptor.blobs[featureCount + 2], chunk: index)
        try sources.withUnsafeMutableBytes { try BlobCodec.decompress(sourceBlob, into: $0, width: 2, path: path) }
        return ColumnChunk(rowCount: rows, features: features, fineLabels: fines, families: families, sources: sources)
    }

    /// Calls `body` with every chunk in order.
    public func forEachChunk(_ body: (ColumnChunk) throws -> Void) throws {
        for index in 0..<chunkCount { try body(try chunk(index)) }
    }

    /// `true` if the file at `path` starts with the store's magic bytes.
    public static func isStore(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return [UInt8](head) == StoreFormat.magic
    }
}
