/// Little-endian binary encoding for fitted models (compact and exact for floats, unlike JSON).
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Room for `count` bytes in all, so that writing up to that many never reallocates
    /// (a reallocation holds the old and the new buffer at once).
    public mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Float) { write(value.bitPattern) }
    public mutating func write(_ value: Double) { write(value.bitPattern) }
    public mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// A count followed by the elements (little-endian on every platform Swift runs on today).
    public mutating func write(_ values: [Float]) {
        write(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ values: [Int32]) {
        write(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ values: [UInt8]) {
        write(UInt64(values.count))
        bytes.append(contentsOf: values)
    }

    public mutating func write(_ values: [Double]) {
        write(UInt64(values.count))
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

/// Reads what `BinaryWriter` wrote; every read is bounds-checked and throws
/// `ModelCodingError.truncated` instead of reading past the end.
public struct BinaryReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else {
            throw ModelCodingError.truncated(offset: offset, wanted: count)
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let slice = try take(MemoryLayout<T>.size)
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: slice) }
        return T(littleEndian: value)
    }

    public mutating func readFloat() throws -> Float { Float(bitPattern: try read(UInt32.self)) }
    public mutating func readDouble() throws -> Double { Double(bitPattern: try read(UInt64.self)) }
    public mutating func readBool() throws -> Bool { try read(UInt8.self) != 0 }

    public mutating func readString() throws -> String {
        let count = Int(try read(UInt32.self))
        return String(decoding: try take(count), as: UTF8.self)
    }

    mutating func readCount(elementSize: Int) throws -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64((bytes.count - offset) / max(1, elementSize)) else {
            throw ModelCodingError.truncated(offset: offset, wanted: Int(clamping: count) &* elementSize)
        }
        return Int(count)
    }

    public mutating func readFloats() throws -> [Float] {
        let count = try readCount(elementSize: 4)
        let slice = try take(count * 4)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyBytes(from: slice)
            initialized = count
        }
    }

    public mutating func readInt32s() throws -> [Int32] {
        let count = try readCount(elementSize: 4)
        let slice = try take(count * 4)
        return [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyBytes(from: slice)
            initialized = count
        }
    }

    public mutating func readBytes() throws -> [UInt8] {
        let count = try readCount(elementSize: 1)
        return Array(try take(count))
    }

    public mutating func readDoubles() throws -> [Double] {
        let count = try readCount(elementSize: 8)
        let slice = try take(count * 8)
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyBytes(from: slice)
            initialized = count
        }
    }
}

/// Failures decoding a model's binary state.
public enum ModelCodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(offset: Int, wanted: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case let .truncated(offset, wanted): return "model data ends early (wanted \(wanted) bytes at offset \(offset))"
        case let .invalid(detail): return "model data is invalid: \(detail)"
        }
    }
}
