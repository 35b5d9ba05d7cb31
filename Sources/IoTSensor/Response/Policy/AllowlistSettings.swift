/// The configured part of the allowlist and whether to add the system's own addresses.
public struct AllowlistSettings: Sendable, Equatable {
    public var ranges: [AddressRange]
    /// Add every address of this machine's interfaces (default true).
    public var includeOwnAddresses: Bool
    /// Add the default gateways from the routing table (default true).
    public var includeDefaultGateways: Bool

    public init(ranges: [AddressRange] = [], includeOwnAddresses: Bool = true, includeDefaultGateways: Bool = true) {
        self.ranges = ranges
        self.includeOwnAddresses = includeOwnAddresses
        self.includeDefaultGateways = includeDefaultGateways
    }

    /// The effective allowlist: configured ranges, then gateways and own addresses as asked.
    public func build() -> Allowlist {
        var allowlist = Allowlist()
        for range in ranges { allowlist.add(range, origin: "configured") }
        if includeDefaultGateways {
            for gateway in Allowlist.defaultGateways() { allowlist.add(AddressRange(address: gateway), origin: "default gateway") }
        }
        if includeOwnAddresses {
            for (address, interface) in Allowlist.ownAddresses() {
                allowlist.add(AddressRange(address: address), origin: "own address (\(interface))")
            }
        }
        return allowlist
    }
}
