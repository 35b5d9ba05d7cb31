/// Turns decoded packets into feature windows: `CICFeatureExtractor` (global, CIC-exact) or
/// `HostWindowExtractor` (keyed by host).
public protocol WindowExtractor: Sendable {
    var keptPackets: Int { get }
    /// Windows closed early for lack of state room (host mode); 0 otherwise.
    var evictions: Int { get }
    /// Evicted windows dropped unscored (fewer than 2 packets); 0 outside host mode.
    var droppedOnEviction: Int { get }
    /// The most windows open at once so far, and the cap on that number.
    var peakOpenWindows: Int { get }
    var maximumOpenWindows: Int { get }
    mutating func add(_ packet: DecodedPacket, timestamp: Double, emit: (CICWindow) -> Void)
    mutating func finish(emit: (CICWindow) -> Void)
}

extension CICFeatureExtractor: WindowExtractor {
    public var evictions: Int { 0 }
    public var droppedOnEviction: Int { 0 }
    /// One global window, always open once a packet was kept.
    public var peakOpenWindows: Int { keptPackets > 0 ? 1 : 0 }
    public var maximumOpenWindows: Int { 1 }
}

extension HostWindowExtractor: WindowExtractor {
    public var maximumOpenWindows: Int { maximumHosts }
}

/// How windows are formed.
public enum WindowMode: String, Sendable, Codable, CaseIterable {
    /// Global windows over all traffic, reproducing the CIC extractor (dataset compatibility).
    case cic
    /// Windows keyed by source and by destination host (live use: alerts name hosts).
    case host
}
