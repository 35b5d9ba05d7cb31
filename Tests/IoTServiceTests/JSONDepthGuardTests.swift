import Foundation
import IoTData
@testable import IoTService
import Testing

/// The depth guard against a second computation: a plain state machine over the same bytes.
@Suite("JSON nesting guard")
struct JSONDepthGuardTests {
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

    /// 20,000 random bodies over brackets, quotes, backslashes and the brackets' neighbours in
    /// ASCII (`z`, `|`, `~`, `Z`, `^`, `_`: one bit away, for the guard's bit trick): the same
    /// verdict at limits 0–4, including bodies ending inside a string or after a backslash.
    @Test func sameVerdictAsAStateMachine() throws {
        let alphabet: [UInt8] = Array("{}[]\"\\a ,:;zZ|~^_".utf8)
        var rng = SplitMix64(seed: 2026)
        var refused = 0
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 48)
            let body = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let limit = Int(rng.next() % 5)
            let expected = Self.tooDeep(body, limit: limit)
            var thrown = false
            do {
                try body.withUnsafeBytes { try JSONDepthGuard.check($0, limit: limit) }
            } catch ServiceError.tooDeeplyNested {
                thrown = true
            }
            #expect(thrown == expected, "\(String(decoding: body, as: UTF8.self)) at limit \(limit)")
            if expected { refused += 1 }
        }
        #expect(refused > 1_000 && refused < 19_000)
    }
}
