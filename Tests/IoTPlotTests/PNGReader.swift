import CZlib
import Testing
@testable import IoTPlot

/// An independent PNG reader for the tests: checks the signature and every chunk CRC, inflates the
/// IDAT data with zlib's `uncompress`, and undoes the row filters.
struct PNGReader {
    struct Chunk {
        var type: String
        var data: [UInt8]
        var crcMatches: Bool
    }

    var chunks: [Chunk] = []
    var width = 0
    var height = 0
    /// The inflated IDAT stream: per row, one filter byte then width × 4 bytes.
    var inflated: [UInt8] = []

    enum Failure: Error { case badSignature, truncated, inflateFailed(Int32) }

    init(_ png: [UInt8]) throws {
        guard png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure.badSignature }
        var offset = 8
        func readUInt32(_ at: Int) -> Int {
            Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3])
        }
        while offset < png.count {
            guard offset + 12 <= png.count else { throw Failure.truncated }
            let length = readUInt32(offset)
            guard offset + 12 + length <= png.count else { throw Failure.truncated }
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let stored = UInt(readUInt32(offset + 8 + length))
            let computed = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            chunks.append(Chunk(type: String(decoding: typeAndData[0..<4], as: UTF8.self),
                                data: Array(typeAndData[4...]), crcMatches: UInt(computed) == stored))
            offset += 12 + length
        }
        if let header = chunks.first, header.type == "IHDR" {
            width = Int(header.data[0]) << 24 | Int(header.data[1]) << 16 | Int(header.data[2]) << 8 | Int(header.data[3])
            height = Int(header.data[4]) << 24 | Int(header.data[5]) << 16 | Int(header.data[6]) << 8 | Int(header.data[7])
        }
        let compressed = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        // Allocate one byte more than expected so that an over-long stream is detected, not truncated.
        var capacity = uLong(height * (1 + width * 4) + 1)
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { destination in
            compressed.withUnsafeBufferPointer { source in
                uncompress(destination.baseAddress, &capacity, source.baseAddress, uLong(source.count))
            }
        }
        guard status == Z_OK else { throw Failure.inflateFailed(status) }
        inflated = Array(output[0..<Int(capacity)])
    }

    /// Filter-type byte of each row.
    var filterTypes: [UInt8] {
        (0..<height).map { inflated[$0 * (1 + width * 4)] }
    }

    /// The RGBA pixels after undoing the filters (PNG specification, section 9).
    func pixels() -> [UInt8] {
        let stride = width * 4
        var out = [UInt8](repeating: 0, count: height * stride)
        for row in 0..<height {
            let type = inflated[row * (stride + 1)]
            for i in 0..<stride {
                let raw = inflated[row * (stride + 1) + 1 + i]
                let left = i >= 4 ? Int(out[row * stride + i - 4]) : 0
                let up = row > 0 ? Int(out[(row - 1) * stride + i]) : 0
                let upLeft = row > 0 && i >= 4 ? Int(out[(row - 1) * stride + i - 4]) : 0
                let predictor: Int
                switch type {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                default:
                    let p = left + up - upLeft
                    let pa = abs(p - left), pb = abs(p - up), pc = abs(p - upLeft)
                    predictor = pa <= pb && pa <= pc ? left : (pb <= pc ? up : upLeft)
                }
                out[row * stride + i] = UInt8(truncatingIfNeeded: Int(raw) + predictor)
            }
        }
        return out
    }

    /// Colour of pixel (x, y) after unfiltering.
    func pixel(_ decoded: [UInt8], x: Int, y: Int) -> PlotColor {
        let offset = 4 * (y * width + x)
        return PlotColor(red: decoded[offset], green: decoded[offset + 1], blue: decoded[offset + 2], alpha: decoded[offset + 3])
    }
}
