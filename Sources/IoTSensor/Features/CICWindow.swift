/// One row of CICIoT2023 v2 features: the 39 values in `FeatureLayout.v2` order, computed
/// over a window of packets, with the window's time span and (host mode) the hosts it
/// describes.
public struct CICWindow: Sendable {
    public var values: [Double]
    public var packetCount: Int
    public var firstTimestamp: Double
    public var lastTimestamp: Double
    /// Host mode: the address the window is keyed by, and the other side seen most often.
    public var host: WindowHost?

    public init(values: [Double], packetCount: Int, firstTimestamp: Double, lastTimestamp: Double, host: WindowHost? = nil) {
        self.values = values
        self.packetCount = packetCount
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.host = host
    }
}

/// Which host a host-mode window describes.
public struct WindowHost: Sendable, Equatable, Hashable {
    public enum Role: String, Sendable, Codable {
        /// The window holds packets sent by `address`.
        case source
        /// The window holds packets sent to `address`.
        case destination
    }

    public var address: UInt32
    public var role: Role
    /// The most frequent peer of `address` in the window.
    public var peer: UInt32

    public init(address: UInt32, role: Role, peer: UInt32) {
        self.address = address
        self.role = role
        self.peer = peer
    }
}

/// Dotted-quad text for an IPv4 address in host byte order.
public func ipv4String(_ address: UInt32) -> String {
    "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)"
}
