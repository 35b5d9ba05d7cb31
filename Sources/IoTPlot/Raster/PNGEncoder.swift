import CZlib

/// Encodes a ``Canvas`` as a PNG file (8-bit RGBA, non-interlaced), using zlib for deflate and CRC-32.
///
/// Each row gets the PNG filter (None, Sub, Up, Average or Paeth) whose output has the smallest sum of
/// absolute byte values, the usual heuristic that makes flat chart areas compress well.
/// O(width · height) time; memory about three times the raw image size.
public enum PNGEncoder {
    /// The 8-byte PNG signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Compressed data is split into IDAT chunks of at most this many bytes (1 MiB).
    static let maximumChunk = 1 << 20

    /// The PNG bytes of `canvas`; `level` is the zlib compression level (0 … 9).
    /// - Throws: ``PlotError/invalidImageSize(width:height:)`` for an empty canvas,
    ///   ``PlotError/compressionFailed(status:)`` if zlib fails.
    public static func encode(_ canvas: Canvas, level: Int32 = 6) throws -> [UInt8] {
        guard canvas.width > 0, canvas.height > 0, canvas.width <= Int(Int32.max), canvas.height <= Int(Int32.max) else {
            throw PlotError.invalidImageSize(width: canvas.width, height: canvas.height)
        }
        var header: [UInt8] = []
        appendBigEndian(UInt32(canvas.width), to: &header)
        appendBigEndian(UInt32(canvas.height), to: &header)
        header += [8, 6, 0, 0, 0]  // bit depth 8, colour type 6 (RGBA), deflate, adaptive filtering, no interlace

        var png = signature
        appendChunk("IHDR", header, to: &png)
        let compressed = try deflate(filtered(canvas), level: level)
        for start in stride(from: 0, to: compressed.count, by: maximumChunk) {
            appendChunk("IDAT", Array(compressed[start..<min(compressed.count, start + maximumChunk)]), to: &png)
        }
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// The scanlines, each prefixed by its filter-type byte. O(width · height).
    static func filtered(_ canvas: Canvas) -> [UInt8] {
        let stride = canvas.width * 4
        var output = [UInt8]()
        output.reserveCapacity(canvas.height * (stride + 1))
        var candidate = [UInt8](repeating: 0, count: stride)
        var best = [UInt8](repeating: 0, count: stride)
        canvas.pixels.withUnsafeBufferPointer { pixels in
            for row in 0..<canvas.height {
                let start = row * stride
                var bestType: UInt8 = 0
                var bestScore = Int.max
                for type in UInt8(0)...4 {
                    var score = 0
                    for i in 0..<stride {
                        let raw = pixels[start + i]
                        let left = i >= 4 ? pixels[start + i - 4] : 0
                        let up = row > 0 ? pixels[start + i - stride] : 0
                        let upLeft = row > 0 && i >= 4 ? pixels[start + i - stride - 4] : 0
                        let predictor: UInt8
                        switch type {
                        case 0: predictor = 0
                        case 1: predictor = left
                        case 2: predictor = up
                        case 3: predictor = UInt8((Int(left) + Int(up)) / 2)
                        default: predictor = paeth(left, up, upLeft)
                        }
                        let value = raw &- predictor
                        candidate[i] = value
                        score += value < 128 ? Int(value) : 256 - Int(value)
                    }
                    if score < bestScore {
                        bestScore = score
                        bestType = type
                        swap(&best, &candidate)
                    }
                }
                output.append(bestType)
                output += best
            }
        }
        return output
    }

    /// The Paeth predictor from the PNG specification: whichever of left, up, up-left is closest to
    /// left + up − up-left.
    static func paeth(_ left: UInt8, _ up: UInt8, _ upLeft: UInt8) -> UInt8 {
        let estimate = Int(left) + Int(up) - Int(upLeft)
        let distanceLeft = abs(estimate - Int(left)), distanceUp = abs(estimate - Int(up))
        let distanceUpLeft = abs(estimate - Int(upLeft))
        if distanceLeft <= distanceUp && distanceLeft <= distanceUpLeft { return left }
        return distanceUp <= distanceUpLeft ? up : upLeft
    }

    /// A zlib stream (header, deflate data, Adler-32) of `data`.
    static func deflate(_ data: [UInt8], level: Int32) throws -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { destination in
            data.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &capacity, source.baseAddress, uLong(source.count), min(9, max(0, level)))
            }
        }
        guard status == Z_OK else { throw PlotError.compressionFailed(status: status) }
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Appends length, type, data and the CRC-32 of type + data.
    static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        appendBigEndian(UInt32(data.count), to: &png)
        png += typeBytes
        png += data
        var crc = crc32(0, nil, 0)
        // zlib treats a null buffer as "return the initial value", so empty data must not be passed.
        for part in [typeBytes, data] where !part.isEmpty {
            crc = part.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        }
        appendBigEndian(UInt32(truncatingIfNeeded: crc), to: &png)
    }

    static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
                  UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }
}
