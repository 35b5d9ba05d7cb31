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
    /// Host mode: evicted windows too small to score (fewer than 2 packets), dropped.
    public var droppedOnEviction = 0
    /// The most windows open at once, and the cap on them (`maximumHosts`; 1 in CIC mode).
    /// Under a flood of new addresses `peakOpenWindows` reaches the cap and stays there.
    public var peakOpenWindows = 0
    public var maxOpenWindows = 0
    /// Set when the capture file is damaged: where it broke. Packets before that were processed.
    public var damage: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case frames, bytes, ipv4, arp, ipv6, malformed, kept, windows, evictions, damage
        case otherNetwork = "other_network", vlanTagged = "vlan_tagged", droppedOnEviction = "dropped_on_eviction"
        case peakOpenWindows = "peak_open_windows", maxOpenWindows = "max_open_windows"
    }

    /// Copies the extractor's end-of-capture counters (kept packets, state-table figures).
    mutating func record<E: WindowExtractor>(_ extractor: E) {
        kept = extractor.keptPackets
        evictions = extractor.evictions
        droppedOnEviction = extractor.droppedOnEviction
        peakOpenWindows = extractor.peakOpenWindows
        maxOpenWindows = extractor.maximumOpenWindows
    }

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

    /// Adds another source's counts (peaks and caps: the larger).
    mutating func merge(_ other: CaptureStatistics) {
        frames += other.frames
        bytes += other.bytes
        ipv4 += other.ipv4
        arp += other.arp
        ipv6 += other.ipv6
        otherNetwork += other.otherNetwork
        vlanTagged += other.vlanTagged
        malformed += other.malformed
        kept += other.kept
        evictions += other.evictions
        droppedOnEviction += other.droppedOnEviction
        peakOpenWindows = max(peakOpenWindows, other.peakOpenWindows)
        maxOpenWindows = max(maxOpenWindows, other.maxOpenWindows)
        if let damage = other.damage { self.damage = [self.damage, damage].compactMap { $0 }.joined(separator: "; ") }
    }
}
