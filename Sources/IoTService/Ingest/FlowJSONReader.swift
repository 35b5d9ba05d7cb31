import Foundation
import IoTData

/// A strict JSON (RFC 8259) reader for ingest bodies, in one pass: the top-level shape (an
/// array of records, `{"records": [...]}`, or one record object) is walked here and every
/// record field is handed to a `FlowJSONSink` with the reader on its value, so the sink reads
/// numbers straight into its feature row. Objects and arrays inside a record are checked and
/// skipped (`.composite`); callers refuse them where a number or text is needed.
///
/// Hand-written because `JSONSerialization` builds `Any` trees (a boxed `NSNumber` per
/// value, a dictionary per record, dynamic casts to read them back) and took three quarters
/// of the service's CPU time on batched JSON bodies; this reads numbers straight from the
/// bytes with `FloatParser` (correctly rounded, as CSV bodies are read). Record keys are
/// interned: a key whose bytes equal those of the key at the same field position of the
/// previous record is that key again (one `memcmp`, no `String`), and sinks look up what a key
/// means by its index. O(body bytes). Nesting deeper than the limit given to `read` stops the
/// read at the bracket that goes too deep (`ServiceError.tooDeeplyNested`), so the recursion
/// here is bounded and a body of 10,000 opening brackets costs a few bytes' reading.
///
/// Failure modes: `Malformed` with the byte offset and what was wrong there;
/// `ServiceError.tooDeeplyNested`.
struct FlowJSONReader {
    enum Value: Equatable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case null
        /// An object or array (well-formed; its contents are not kept).
        case composite
    }

    /// The shape of the body at the top.
    enum Shape: Equatable {
        /// An array of items.
        case array
        /// An object with a `records` key whose (last) value is an array of items.
        case wrapped
        /// An object with a `records` key whose (last) value is not an array.
        case wrappedNotArray
        /// An object without a `records` key: its fields went to `topField`.
        case object
        /// A string, number or literal.
        case scalar
    }

    struct Malformed: Error, Equatable {
        var offset: Int
        var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Objects and arrays open around the reader, and how many may be.
    private var depth = 0
    private let depthLimit: Int
    /// Record keys read so far, interned: a key index is a position in here.
    private(set) var keys: [String] = []
    private var keyIndices: [String: Int] = [:]
    /// Per field position of an object: where the last plain key read there lies in the body
    /// (ASCII, no escapes: its bytes are its text) and its index. Records repeat their keys in
    /// order, so a key is usually the same bytes as the one at its position in the previous
    /// record.
    private var recentKeys: [(start: Int, count: Int, key: Int)] = []

    /// Reads `bytes` as one JSON document, handing records to `sink`; objects and arrays may
    /// nest `depthLimit` deep (a record in `{"records": [...]}` is at depth 3).
    static func read<Sink: FlowJSONSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink, depthLimit: Int) throws -> Shape {
        var reader = FlowJSONReader(bytes: bytes, depthLimit: depthLimit)
        let shape = try reader.top(&sink)
        reader.skipSpace()
        guard reader.position == bytes.count else { throw reader.malformed("unexpected characters after the JSON value") }
        return shape
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, depthLimit: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
    }

    /// Past an opening bracket.
    @inline(__always)
    private mutating func enter() throws {
        depth += 1
        if depth > depthLimit { throw ServiceError.tooDeeplyNested(limit: depthLimit) }
    }

    // MARK: structure

    private mutating func top<Sink: FlowJSONSink>(_ sink: inout Sink) throws -> Shape {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "["):
            sink.beginList()
            try list { reader, index in try sink.item(index, reader: &reader) }
            return .array
        case UInt8(ascii: "{"):
            var shape = Shape.object
            try object { reader, key in
                guard reader.keys[key] == "records" else { return try sink.topField(key, reader: &reader) }
                if reader.peekAfterSpace() == UInt8(ascii: "[") {
                    sink.beginList()
                    try reader.list { reader, index in try sink.item(index, reader: &reader) }
                    shape = .wrapped
                } else {
                    _ = try reader.value()
                    shape = .wrappedNotArray
                }
            }
            return shape
        default:
            _ = try value()
            return .scalar
        }
    }

    /// `[item, …]`: `element(&reader, index)` is called with the reader on each item, and
    /// must read it (`object`, `value`).
    mutating func list(_ element: (inout FlowJSONReader, Int) throws -> Void) throws {
        skipSpace()
        try expect(UInt8(ascii: "["))
        try enter()
        defer { depth -= 1 }
        skipSpace()
        if peek() == UInt8(ascii: "]") { position += 1; return }
        var index = 0
        while true {
            skipSpace()
            try element(&self, index)
            index += 1
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// A record object `{ "key": value, … }`: `field(&reader, key)` is called for each key
    /// (an index into `keys`) with the reader on its value, and must read the value. Objects
    /// inside a record pass `interningKeys: false`: their keys are checked, not kept (key -1).
    mutating func object(interningKeys: Bool = true, _ field: (inout FlowJSONReader, Int) throws -> Void) throws {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        try enter()
        defer { depth -= 1 }
        skipSpace()
        if peek() == UInt8(ascii: "}") { position += 1; return }
        var fieldIndex = 0
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw malformed("expected a string key") }
            let key: Int
            if interningKeys { key = try self.key(at: fieldIndex) } else { _ = try string(); key = -1 }
            fieldIndex += 1
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try field(&self, key)
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    /// Whether the next value (after white space) is an object.
    mutating func isAtObject() -> Bool { peekAfterSpace() == UInt8(ascii: "{") }

    /// Any JSON value; objects and arrays are checked and reported as `.composite`.
    mutating func value() throws -> Value {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"):
            try object(interningKeys: false) { reader, _ in _ = try reader.value() }
            return .composite
        case UInt8(ascii: "["):
            try list { reader, _ in _ = try reader.value() }
            return .composite
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case nil: throw malformed("unexpected end of the body")
        case let byte?:
            guard byte == UInt8(ascii: "-") || Self.isDigit(byte) else { throw malformed("unexpected character") }
            return .number(try number())
        }
    }

    // MARK: scalars

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, correctly rounded; beyond
    /// ±`Double.greatestFiniteMagnitude` it is refused.
    private mutating func number() throws -> Double {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw malformed("a number needs digits") }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let digit = peek(), Self.isDigit(digit) else { throw malformed("a number needs digits after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw malformed("a number needs digits in its exponent") }
            skipDigits()
        }
        guard let base = bytes.baseAddress else { throw malformed("empty body") }
        let (value, kind) = FloatParser.parse(base + start, base + position)
        guard kind == .number else { throw Malformed(offset: start, reason: "not a number") }
        // As Foundation's parser: a number beyond Double's range is an error, not infinity.
        guard value.isFinite else { throw Malformed(offset: start, reason: "number out of range") }
        return value
    }

    /// The index in `keys` of an object's key at field position `index` (the reader is on its
    /// opening quote): that of the plain key last read at this position when the bytes up to
    /// the closing quote are the same (a plain key has no quote, backslash or control byte,
    /// so equal bytes are the same key), else the text read by `string()`, interned, and
    /// remembered for the position when it is plain.
    private mutating func key(at index: Int) throws -> Int {
        let start = position + 1
        if index < recentKeys.count, let base = bytes.baseAddress {
            let recent = recentKeys[index]
            let end = start + recent.count
            if end < bytes.count, base[end] == UInt8(ascii: "\""), memcmp(base + start, base + recent.start, recent.count) == 0 {
                position = end + 1
                return recent.key
            }
        }
        let text = try string()
        let key: Int
        if let known = keyIndices[text] {
            key = known
        } else {
            key = keys.count
            keys.append(text)
            keyIndices[text] = key
        }
        let count = position - start - 1
        if count == text.utf8.count, text.utf8.allSatisfy({ $0 < 0x80 }) {  // plain
            let recent = (start, count, key)
            if index < recentKeys.count { recentKeys[index] = recent } else if index == recentKeys.count { recentKeys.append(recent) }
        }
        return key
    }

    /// A string's text, escapes decoded; its UTF-8 must be valid.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        // Fast path: no escapes up to the closing quote; ASCII needs no UTF-8 validation.
        var ascii = true
        while let byte = peek(), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw malformed("control character in a string") }
            ascii = ascii && byte < 0x80
            position += 1
        }
        if ascii, peek() == UInt8(ascii: "\"") {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            position += 1
            return text
        }
        var text = Array(bytes[start..<position])
        while true {
            guard let byte = peek() else { throw Malformed(offset: start - 1, reason: "unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let result = String(validating: text, as: UTF8.self) else {
                    throw Malformed(offset: start - 1, reason: "invalid UTF-8 in a string")
                }
                return result
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            default:
                guard byte >= 0x20 else { position -= 1; throw malformed("control character in a string") }
                text.append(byte)
            }
        }
    }

    /// After a backslash: one escape, appended as UTF-8 (surrogate pairs joined).
    private mutating func escape(into text: inout [UInt8]) throws {
        guard let byte = peek() else { throw malformed("unterminated escape") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(byte)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw malformed("unpaired surrogate in \\u escape")
                }
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw malformed("unpaired surrogate in \\u escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw malformed("unpaired surrogate in \\u escape")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw malformed("invalid \\u escape") }
            UTF8.encode(unicode) { text.append($0) }
        default:
            position -= 1
            throw malformed("invalid escape")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw malformed("short \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw malformed("invalid hex digit in \\u escape")
            }
            result = result << 4 | digit
            position += 1
        }
        return result
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw malformed("unexpected end of the body") }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { throw malformed("unexpected character") }
        position += count
    }

    // MARK: bytes

    @inline(__always)
    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func peekAfterSpace() -> UInt8? {
        skipSpace()
        return peek()
    }

    @inline(__always)
    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else {
            throw malformed(peek() == nil ? "unexpected end of the body" : "expected '\(Character(Unicode.Scalar(byte)))'")
        }
        position += 1
    }

    private func malformed(_ reason: String) -> Malformed {
        Malformed(offset: position, reason: reason)
    }
}
