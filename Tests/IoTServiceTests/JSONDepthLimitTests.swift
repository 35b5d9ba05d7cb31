import Foundation
import IoTData
@testable import IoTService
import Testing

/// The reader's nesting limit against a second computation: a plain state machine over the
/// same bytes, on valid JSON (the reader stops at the first fault, so only bodies without
/// another fault have one verdict to compare).
@Suite("JSON nesting limit")
struct JSONDepthLimitTests {
    /// The reference: in-string and escape flags, one byte at a time.
    static func tooDeep(_ bytes: [UInt8], limit: Int) -> Bool {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return false
    }

    /// A random valid JSON value up to `levels` deep, with brackets, quotes and backslashes
    /// inside its strings and keys (which must not count).
    static func value(levels: Int, _ rng: inout SplitMix64) -> String {
        let texts = [#""a[{""#, #""\"]}""#, #""\\""#, #""x""#, #""\u005b""#]
        switch levels > 0 ? rng.next() % 6 : rng.next() % 2 {
        case 0: return texts[Int(rng.next() % UInt64(texts.count))]
        case 1: return String(rng.next() % 1_000)
        case 2, 3:
            let items = (0..<Int(1 + rng.next() % 3)).map { _ in value(levels: levels - 1, &rng) }
            return "[" + items.joined(separator: ",") + "]"
        default:
            let fields = (0..<Int(1 + rng.next() % 3)).map { i in "\(texts[(i + Int(rng.next() % 5)) % texts.count]):\(value(levels: levels - 1, &rng))" }
            return "{" + fields.joined(separator: ",") + "}"
        }
    }

    /// 5,000 random valid bodies up to 12 levels deep: the decoder refuses exactly those the
    /// state machine finds deeper than `FlowRecordDecoder.maxDepth`, with `tooDeeplyNested`.
    @Test func sameVerdictAsAStateMachine() throws {
        var rng = SplitMix64(seed: 2026)
        let decoder = FlowRecordDecoder(maxRecords: 100)
        var refused = 0
        for _ in 0..<5_000 {
            let body = Array(Self.value(levels: Int(rng.next() % 13), &rng).utf8)
            #expect((try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) != nil)
            let expected = Self.tooDeep(body, limit: FlowRecordDecoder.maxDepth)
            var thrown = false
            do {
                _ = try decoder.decodeJSON(body)
            } catch ServiceError.tooDeeplyNested(let limit) {
                thrown = limit == FlowRecordDecoder.maxDepth
            } catch {}
            #expect(thrown == expected, "\(String(decoding: body, as: UTF8.self).prefix(200))")
            if expected { refused += 1 }
        }
        #expect(refused > 100 && refused < 4_900, "\(refused) refused")
    }

    /// 10 MB of opening brackets is refused at the ninth.
    @Test func endlessOpeningBracketsStopAtTheLimit() throws {
        let body = [UInt8](repeating: UInt8(ascii: "["), count: 10_000_000)
        #expect(throws: ServiceError.tooDeeplyNested(limit: FlowRecordDecoder.maxDepth)) {
            _ = try FlowRecordDecoder(maxRecords: 10).decodeJSON(body)
        }
    }
}
