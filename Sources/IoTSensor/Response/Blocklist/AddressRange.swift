import Foundation

/// A CIDR range (`10.0.0.0/8`, `fd00::/8`) or a single address (`192.168.1.1` = `/32`, `/128`).
///
/// `contains` is O(1) (at most 16 byte comparisons); an address of the other IP version is
/// never contained.
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    public let network: IPAddress
    public let prefixLength: Int

    /// `nil` for anything but `ADDRESS` or `ADDRESS/PREFIX` with a prefix within the version's width.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0]).trimmingSpaces) else { return nil }
        let width = address.bytes.count * 8
        var length = width
        if parts.count == 2 {
            guard let parsed = Int(parts[1].trimmingSpaces), (0...width).contains(parsed) else { return nil }
            length = parsed
        }
        network = address
        prefixLength = length
    }

    public init(address: IPAddress) {
        network = address
        prefixLength = address.bytes.count * 8
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.version == network.version else { return false }
        var remaining = prefixLength
        for (a, b) in zip(address.bytes, network.bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        prefixLength == network.bytes.count * 8 ? network.description : "\(network)/\(prefixLength)"
    }
}

extension StringProtocol {
    var trimmingSpaces: String { String(self).trimmingCharacters(in: .whitespaces) }
}
