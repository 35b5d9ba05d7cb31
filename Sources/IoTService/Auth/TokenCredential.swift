import Crypto
import Foundation

/// The text form of an API token, `iots_<id>_<secret>`, and its hashing.
///
/// The id (8 hex digits) selects the stored row; the secret (32 random bytes, hex) is kept
/// only as its SHA-256 and compared in constant time, so neither the lookup nor the
/// comparison leaks how much of a guessed secret was right.
public struct TokenCredential: Sendable, Equatable {
    public var id: String
    public var secret: String

    /// The full token as handed to the user.
    public var text: String { "iots_\(id)_\(secret)" }

    /// A new random token.
    public static func generate() -> TokenCredential {
        var generator = SystemRandomNumberGenerator()
        let idBytes = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return TokenCredential(id: hex(idBytes), secret: hex(secretBytes))
    }

    /// Parses `iots_<id>_<secret>`; `nil` for anything else.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "iots", parts[1].count == 8, parts[2].count == 64,
              parts[1].allSatisfy(\.isHexDigit), parts[2].allSatisfy(\.isHexDigit) else { return nil }
        id = String(parts[1]).lowercased()
        secret = String(parts[2]).lowercased()
    }

    init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// SHA-256 of the secret, hex.
    public var secretHash: String { Self.hash(secret) }

    static func hash(_ secret: String) -> String { hex(Array(SHA256.hash(data: Data(secret.utf8)))) }

    /// Compares two equal-length strings without an early exit.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
