import CZstd

/// Compresses and decompresses one column blob: byte-shuffle (for multi-byte types), then a
/// zstd frame with content checksum. Stateless; safe to call from many threads at once.
enum BlobCodec {
    /// Compresses `count` elements of `width` bytes at `source`.
    static func compress(_ source: UnsafeRawBufferPointer, width: Int, level: Int32, path: String) throws -> [UInt8] {
        let shuffled = shuffle(source, width: width)
        let context = ZSTD_createCCtx()
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        let bound = ZSTD_compressBound(shuffled.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            shuffled.withUnsafeBytes { input in
                ZSTD_compress2(context, out.baseAddress, bound, input.baseAddress, input.count)
            }
        }
        if ZSTD_isError(written) != 0 {
            throw StoreError.compressionFailed(path: path, reason: String(cString: ZSTD_getErrorName(written)))
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses a blob that must hold exactly `destination.count` bytes.
    static func decompress(_ blob: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer, width: Int, path: String) throws {
        var shuffled = [UInt8](repeating: 0, count: destination.count)
        let produced = shuffled.withUnsafeMutableBytes { out in
            ZSTD_decompress(out.baseAddress, out.count, blob.baseAddress, blob.count)
        }
        if ZSTD_isError(produced) != 0 {
            throw StoreError.corrupt(path: path, detail: "blob does not decompress: \(String(cString: ZSTD_getErrorName(produced)))")
        }
        guard produced == destination.count else {
            throw StoreError.corrupt(path: path, detail: "blob holds \(produced) bytes, index says \(destination.count)")
        }
        shuffled.withUnsafeBytes { unshuffle($0, into: destination, width: width) }
    }

    /// Byte planes: all first bytes of the elements, then all second bytes, … O(n).
    static func shuffle(_ source: UnsafeRawBufferPointer, width: Int) -> [UInt8] {
        let count = source.count / width
        if width == 1 { return Array(source) }
        return [UInt8](unsafeUninitializedCapacity: source.count) { out, initialized in
            guard let src = source.baseAddress?.assumingMemoryBound(to: UInt8.self), let dst = out.baseAddress else { return }
            for byte in 0..<width {
                let plane = dst + byte * count
                var from = src + byte
                for element in 0..<count {
                    plane[element] = from.pointee
                    from += width
                }
            }
            initialized = source.count
        }
    }

    /// The inverse of `shuffle`. O(n).
    static func unshuffle(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer, width: Int) {
        if width == 1 { destination.copyMemory(from: source); return }
        let count = source.count / width
        guard let src = source.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let dst = destination.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        for byte in 0..<width {
            let plane = src + byte * count
            var to = dst + byte
            for element in 0..<count {
                to.pointee = plane[element]
                to += width
            }
        }
    }
}
