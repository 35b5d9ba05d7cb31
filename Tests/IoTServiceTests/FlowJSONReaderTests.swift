import Foundation
@testable import IoTService
import Testing

/// The hand-written JSON reader against Foundation's parser: the same records from real rows,
/// the same verdict (valid or not) on thousands of damaged bodies, and RFC 8259's corners.
@Suite("JSON bodies read by hand")
struct FlowJSONReaderTests {
    let decoder = FlowRecordDecoder(maxRecords: 10_000)

    /// What the reader handed over, kept whole: each record's fields by key text.
    typealias Fields = [(key: String, value: FlowJSONReader.Value)]
    enum Item { case object(Fields), other }
    enum Top { case array([Item]), wrapped([Item]?), object(Fields), scalar }

    /// A sink that keeps every field (the decoder's sink judges them as it goes).
    struct FieldsSink: FlowJSONSink {
        var items: [Item] = []
        var top: Fields = []
        mutating func beginList() { items = [] }
        mutating func item(_ index: Int, reader: inout FlowJSONReader) throws {
            guard reader.isAtObject() else { _ = try reader.value(); items.append(.other); return }
            var fields: Fields = []
            try reader.object { reader, key in fields.append((reader.keys[key], try reader.value())) }
            items.append(.object(fields))
        }
        mutating func topField(_ key: Int, reader: inout FlowJSONReader) throws {
            top.append((reader.keys[key], try reader.value()))
        }
    }

    static func read(_ text: String) throws -> Top { try read(Array(text.utf8)) }

    static func read(_ bytes: [UInt8]) throws -> Top {
        var sink = FieldsSink()
        let shape = try bytes.withUnsafeBufferPointer { try FlowJSONReader.read($0, into: &sink, depthLimit: 64) }
        switch shape {
        case .array: return .array(sink.items)
        case .wrapped: return .wrapped(sink.items)
        case .wrappedNotArray: return .wrapped(nil)
        case .object: return .object(sink.top)
        case .scalar: return .scalar
        }
    }

    /// `,` then only white space before `]` or `}`.
    static func hasTrailingComma(_ text: String) -> Bool {
        text.range(of: #",\s*[\]}]"#, options: .regularExpression) != nil
    }

    static func accepts(_ bytes: [UInt8]) -> Bool {
        (try? read(bytes)) != nil
    }

    /// Real rows as a JSON array decode to exactly the values of the same rows as CSV, with
    /// the extra fields carried through; numbers written as strings read the same.
    @Test func realRowsReadAsTheirCSVValues() throws {
        let rows = Array(Samples.rows.prefix(300))
        let objects = rows.map { Samples.object($0, extra: ["src_ip": "10.0.0.66", "dest_ip": "10.0.0.5", "sensor": "gw-1"]) }
        let fromJSON = try decoder.decode(Array(Samples.json(objects).utf8), format: .json)
        let fromCSV = try decoder.decode(Array(Samples.csv(rows).utf8), format: .csv)
        #expect(fromJSON.count == 300)
        for (a, b) in zip(fromJSON, fromCSV) {
            #expect(a.features.map(\.bitPattern) == b.features.map(\.bitPattern))
            #expect(a.sourceIP == b.sourceIP && a.destinationIP == b.destinationIP && a.sensor == b.sensor)
        }
        let texts = rows.prefix(20).map { row in Samples.object(row).mapValues { "\($0)" } }
        let fromText = try decoder.decode(Array(Samples.json(["records": texts]).utf8), format: .json)
        #expect(zip(fromText, fromCSV).allSatisfy { $0.features == $1.features })
    }

    /// Records repeat their keys, and the reader reuses the key it read at the same position of
    /// the previous record when the bytes match: a key that only starts like the previous one,
    /// extends it, is spelled with escapes, is not ASCII, or moves to another position still
    /// reads as itself — Foundation's reading of each record's keys and values is the oracle.
    @Test func keysReusedAcrossRecordsStillReadAsThemselves() throws {
        let records = [
            #"{"Rate": 1, "Header_Length": 2, "é": 3, "x": 4}"#,
            #"{"Rat": 5, "Header_Length2": 6, "é": 7, "x\"": 8}"#,
            #"{"R\u0061te": 9, "Header_Length": 10, "\u00e9": 11, "x": 12}"#,
            #"{"x": 13, "Rate": 14, "Header_Length": 15}"#,
            #"{"Rate": 16, "Header_Length": 17, "é": 18, "x": 19, "extra": 20}"#,
            #"{"Rate": 21}"#,
            #"{"Rate": 22, "Header_Length": 23, "é": 24, "x": 25}"#,
        ]
        let body = "[" + records.joined(separator: ",") + "]"
        guard case .array(let items) = try Self.read(body) else { Issue.record("not an array"); return }
        #expect(items.count == records.count)
        for (item, text) in zip(items, records) {
            guard case .object(let fields) = item,
                  let expected = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                Issue.record("not an object: \(text)"); continue
            }
            #expect(fields.count == expected.count, "\(text)")
            for (key, value) in fields {
                #expect((expected[key] as? NSNumber)?.doubleValue == { if case .number(let n) = value { n } else { nil } }(), "\(text): \(key)")
            }
        }
    }

    /// Every corner of the grammar that Foundation's parser accepts, this reader accepts with
    /// the same scalar values, and every one it refuses, this reader refuses. One deliberate
    /// difference: Foundation on Linux accepts a trailing comma (`[1,]`), which RFC 8259 does
    /// not; this reader refuses it.
    @Test func grammarCornersMatchFoundation() throws {
        let valid = [
            #"{"a": -0, "b": 0.5e-3, "c": 1E+2, "d": 123456789012345678901234567890, "e": "\u00e9\ud83d\ude00\n\/\"", "f": [1, {"g": []}], "h": null, "i": true, "j": false}"#,
            " \t\r\n[ ] ", "{}", "[{}]", #"{"records": []}"#, "3", #""text""#, "[[], {}, 1]",
        ]
        for text in valid {
            #expect(Self.accepts(Array(text.utf8)), "refused: \(text)")
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil)
        }
        guard case .object(let fields) = try Self.read(valid[0]) else { Issue.record("not an object"); return }
        let values = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(values["a"] == .number(-0.0) && values["b"] == .number(0.0005) && values["c"] == .number(100))
        #expect(values["d"] == .number(123456789012345678901234567890.0))
        #expect(values["e"] == .string("é😀\n/\""))
        #expect(values["f"] == .composite && values["h"] == .null && values["i"] == .bool(true) && values["j"] == .bool(false))
        let invalid = [
            "", " ", "[", "]", "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, "[1,]", "[1 2]", "01", "1.", ".5", "+1", "1e", "-",
            "tru", "nul", "True", #""\x""#, #""\u12""#, #""\ud800""#, #""\udc00x""#, "\"a\u{01}b\"", #"{a: 1}"#, "[1] 2", "NaN", "Infinity", "1e400", "[-2e308]",
            #"{"a": 1 "b": 2}"#, "'a'", "[\"unterminated]",
        ]
        for text in invalid {
            #expect(!Self.accepts(Array(text.utf8)), "accepted: \(text)")
            if !Self.hasTrailingComma(text) {
                #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) == nil, "Foundation accepts \(text)")
            }
        }
        #expect(!Self.accepts([0x22, 0xC3, 0x28, 0x22]))  // invalid UTF-8 inside a string
    }

    /// Thousands of bodies with a byte changed, removed or duplicated (ASCII only, where the
    /// two parsers' rules are the same): this reader accepts exactly those Foundation accepts
    /// (but for trailing commas, see above), and never traps.
    @Test func damagedBodiesGetFoundationsVerdict() throws {
        let objects = Samples.rows.prefix(3).map { Samples.object($0, extra: ["src_ip": "10.0.0.66", "note": ["x": [1, 2]]]) }
        let body = Array(Samples.json(["records": objects]).utf8)
        let alphabet = Array(#"{}[]:,"\ 0123456789.eE+-truefalsn"#.utf8)
        var generator = SystemRandomNumberGenerator()
        var disagreements: [String] = []
        for _ in 0..<3_000 {
            var damaged = body
            let at = Int.random(in: 0..<damaged.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: damaged[at] = alphabet.randomElement(using: &generator) ?? 0x20
            case 1: damaged.remove(at: at)
            default: damaged.insert(damaged[at], at: at)
            }
            let foundation = (try? JSONSerialization.jsonObject(with: Data(damaged), options: [.fragmentsAllowed])) != nil
            let text = String(decoding: damaged, as: UTF8.self)
            if Self.accepts(damaged) != foundation, !(foundation && Self.hasTrailingComma(text)), disagreements.count < 5 {
                disagreements.append(text)
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
    }

    /// Errors name the byte where the body went wrong.
    @Test func malformedBodiesNameTheByte() throws {
        #expect(throws: ServiceError.malformedJSON("not valid JSON: unexpected end of the body at byte 12")) {
            _ = try decoder.decode(Array(#"[{"a": 1}, 3"#.utf8), format: .json)
        }
        #expect(throws: ServiceError.invalidShape("record 0 is not an object", record: 0)) {
            _ = try decoder.decode(Array("[3, {}]".utf8), format: .json)
        }
        #expect(throws: ServiceError.invalidShape("'records' must be an array", record: nil)) {
            _ = try decoder.decode(Array(#"{"records": {"a": 1}}"#.utf8), format: .json)
        }
    }
}
