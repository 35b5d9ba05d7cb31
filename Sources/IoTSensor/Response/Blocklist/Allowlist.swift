/// Addresses that are never blocked, whatever a policy or a model says: configured addresses
/// and CIDR ranges (IPv4 and IPv6), the default gateways and the sensor's own interface
/// addresses (both read from the system when the policy asks for them, the default), and —
/// always — anything that is not a single unicast host (unspecified, loopback, broadcast,
/// multicast).
///
/// `reason(for:)` is O(entries); allowlists are short (tens of entries).
public struct Allowlist: Sendable {
    public struct Entry: Sendable, Equatable {
        public var range: AddressRange
        /// Where the entry came from: `configured`, `gateway`, `own address (eth0)`.
        public var origin: String
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    public mutating func add(_ range: AddressRange, origin: String) {
        entries.append(Entry(range: range, origin: origin))
    }

    /// Why `address` must not be blocked, or `nil` if it may be. Text that is not an IP
    /// address is refused too (nothing is written for it).
    public func reason(for text: String) -> String? {
        guard let address = IPAddress(text) else { return "not an IP address" }
        if let special = address.nonUnicastReason { return special }
        if let entry = entries.first(where: { $0.range.contains(address) }) {
            return "allowlisted (\(entry.origin) \(entry.range))"
        }
        return nil
    }
}
