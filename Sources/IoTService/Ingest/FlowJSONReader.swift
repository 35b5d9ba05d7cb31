import Foundation
import IoTData

/// A strict JSON (RFC 8259) reader for ingest bodies: the top-level value, and each record
/// object's keys with scalar values. Objects and arrays inside a record are checked and
/// skipped (`.composite`); callers refuse them where a number or text is needed.
///
/// Hand-written because `JSONSerialization` builds `Any` trees (a boxed `NSNumber` per
/// value, a dictionary per record, dynamic casts to read them back) and took three quarters
/// of the service's CPU time on batched JSON bodies; this reads numbers straight from the
/// bytes with `FloatParser` (correctly rounded, as CSV bodies are read) and makes one
/// `String` per key and text value. O(body bytes); nesting depth is bounded beforehand by
/// `JSONDepthGuard`, so the recursion here is too.
///
/// Failure mode: `Malformed` with the byte offset and what was wrong there.
struct FlowJSONReader {
    enum Value: Equatable {
        case number(Double)
        case string(String)
        case bool(Bool)
        case null
        /// An object or array (well-formed; its contents are not kept).
        case composite
    }

    typealias Fields = [(key: String, value: Value)]

    /// One element of the record list: an object's fields, or something else.
    enum Item {
        case object(Fields)
        case other
    }

    /// What the body holds at the top.
    enum Top {
        /// An array of items.
        case array([Item])
        /// An object with a `records` key: its value's items (nil when it is not an array).
        case wrapped([Item]?)
        /// An object without a `records` key: one record.
        case object(Fields)
        /// A string, number, literal.
        case scalar
    }

    struct Malformed: Error, Equatable {
        var offset: Int
        var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Per field position of an object: the last plain key read there (ASCII, no escapes).
    /// The records of a batch repeat their keys in order, so a key is usually the same bytes
    /// as the one at its position in the previous record and is reused instead of made again.
    private var recentKeys: [String] = []

    /// Reads `bytes` as one JSON document.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Top {
        var reader = FlowJSONReader(bytes: bytes)
        let top = try reader.top()
        reader.skipSpace()
        guard reader.position == bytes.count else { throw reader.malformed("unexpected characters after the JSON value") }
        return top
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: structure

    private mutating func top() throws -> Top {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "["):
            return .array(try items())
        case UInt8(ascii: "{"):
            var sawRecords = false
            var wrapped: [Item]?
            let fields = try object { reader, key in
                guard key == "records" else { return false }
                sawRecords = true
                if reader.peekAfterSpace() == UInt8(ascii: "[") {
                    wrapped = try reader.items()
                } else {
                    _ = try reader.value()
                    wrapped = nil
                }
                return true
            }
            return sawRecords ? .wrapped(wrapped) : .object(fields)
        default:
            _ = try value()
            return .scalar
        }
    }

    /// `[item, …]`: objects as fields, anything else checked and counted as `.other`.
    private mutating func items() throws -> [Item] {
        skipSpace()
        try expect(UInt8(ascii: "["))
        var result: [Item] = []
        skipSpace()
        if peek() == UInt8(ascii: "]") { position += 1; return result }
        while true {
            skipSpace()
            if peek() == UInt8(ascii: "{") {
                result.append(.object(try object { _, _ in false }))
            } else {
                _ = try value()
                result.append(.other)
            }
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"))
            return result
        }
    }

    /// `{ "key": value, … }` as fields. `special` may consume a key's value itself (returning
    /// true); that key is then not among the fields.
    private mutating func object(special: (inout FlowJSONReader, String) throws -> Bool) throws -> Fields {
        skipSpace()
        try expect(UInt8(ascii: "{"))
        var fields: Fields = []
        skipSpace()
        if peek() == UInt8(ascii: "}") { position += 1; return fields }
        fields.reserveCapacity(recentKeys.count)  // the previous record's keys: no regrowth
        var fieldIndex = 0
        while true {
            skipSpace()
            guard peek() == UInt8(ascii: "\"") else { throw malformed("expected a string key") }
            let key = try key(at: fieldIndex)
            fieldIndex += 1
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            if try !special(&self, key) { fields.append((key, try value())) }
            skipSpace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"))
            return fields
        }
    }

    /// Any JSON value; objects and arrays are checked and reported as `.composite`.
    private mutating func value() throws -> Value {
        skipSpace()
        switch peek() {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"): _ = try object { _, _ in false }; return .composite
        case UInt8(ascii: "["):
            position += 1
            skipSpace()
            if peek() == UInt8(ascii: "]") { position += 1; return .composite }
            while true {
                _ = try value()
                skipSpace()
                if peek() == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .composite
            }
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

    /// An object's key at field position `index` (the reader is on its opening quote): the
    /// string kept for that position when the bytes up to the closing quote are the same
    /// (a plain key has no quote, backslash or control byte, so equal bytes are the same
    /// key), else `string()`, remembered for the position when it is plain.
    private mutating func key(at index: Int) throws -> String {
        let start = position + 1
        if index < recentKeys.count {
            var recent = recentKeys[index]
            let end = recent.withUTF8 { utf8 -> Int? in
                let end = start + utf8.count
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), let here = bytes.baseAddress else { return nil }
                guard let known = utf8.baseAddress else { return end }  // the empty key
                return memcmp(here + start, known, utf8.count) == 0 ? end : nil
            }
            if let end {
                position = end + 1
                return recent
            }
        }
        let key = try string()
        if position - start - 1 == key.utf8.count, key.utf8.allSatisfy({ $0 < 0x80 }) {  // plain
            if index < recentKeys.count { recentKeys[index] = key } else if index == recentKeys.count { recentKeys.append(key) }
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
