import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 in the first 4), parsed and printed with the C
/// library's `inet_pton`/`inet_ntop`, so every textual form the kernel accepts is accepted.
///
/// Value type; parsing and printing are O(1). IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`)
/// are folded to IPv4, so an allowlist entry for `1.2.3.4` also covers them.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Version: Sendable { case v4, v6 }

    public let version: Version
    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// `nil` unless `text` is a dotted-quad IPv4 or a textual IPv6 address (no brackets, no zone).
    public init?(_ text: String) {
        if text.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, text, &raw) == 1 else { return nil }
            let all = withUnsafeBytes(of: &raw) { Array($0) }
            if all[0..<10].allSatisfy({ $0 == 0 }) && all[10] == 0xFF && all[11] == 0xFF {
                self.init(version: .v4, bytes: Array(all[12..<16]))
            } else {
                self.init(version: .v6, bytes: all)
            }
        } else {
            var raw = in_addr()
            guard inet_pton(AF_INET, text, &raw) == 1 else { return nil }
            self.init(version: .v4, bytes: withUnsafeBytes(of: &raw) { Array($0) })
        }
    }

    init(version: Version, bytes: [UInt8]) {
        self.version = version
        self.bytes = bytes
    }

    /// The canonical text (`inet_ntop`): IPv6 compressed and lower-case.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = version == .v4 ? AF_INET : AF_INET6
        let printed = bytes.withUnsafeBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard printed != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why this address must never be blocked whatever the policy says (not a single host:
    /// unspecified, loopback, broadcast, multicast), or `nil` for an ordinary unicast address.
    public var nonUnicastReason: String? {
        switch version {
        case .v4:
            if bytes == [0, 0, 0, 0] { return "unspecified address" }
            if bytes[0] == 127 { return "loopback address" }
            if bytes == [255, 255, 255, 255] { return "broadcast address" }
            if bytes[0] >= 224 && bytes[0] <= 239 { return "multicast address" }
            if bytes[0] == 0 { return "this-network address" }
            return nil
        case .v6:
            if bytes.allSatisfy({ $0 == 0 }) { return "unspecified address" }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return "loopback address" }
            if bytes[0] == 0xFF { return "multicast address" }
            return nil
        }
    }
}
