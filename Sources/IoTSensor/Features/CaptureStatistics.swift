/// Counts of what a capture held and what the extractor made of it.
public struct CaptureStatistics: Sendable, Codable, Equatable {
    public var frames = 0
    public var bytes = 0
    public var ipv4 = 0
    public var arp = 0
    public var ipv6 = 0
    public var otherNetwork = 0
    public var vlanTagged = 0
    /// Frames whose headers could not be decoded (skipped, counted).
    public var malformed = 0
    /// Packets that became part of a window.
    public var kept = 0
    public var windows = 0
    /// Host mode: windows closed early because the host table was full.
    public var evictions = 0
    /// Set when the capture file is damaged: where it broke. Packets before that were processed.
    public var damage: String?

    public init() {}

    mutating func count(_ p: DecodedPacket) {
        frames += 1
        bytes += p.capturedLength
        if p.malformed { malformed += 1 }
        if p.vlanTagged { vlanTagged += 1 }
        switch p.network {
        case .ipv4: ipv4 += 1
        case .arp: arp += 1
        case .ipv6: ipv6 += 1
        case .other: otherNetwork += 1
        }
    }
}
