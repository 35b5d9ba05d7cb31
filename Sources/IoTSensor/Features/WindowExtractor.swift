/// Turns decoded packets into feature windows: `CICFeatureExtractor` (global, CIC-exact) or
/// `HostWindowExtractor` (keyed by host).
public protocol WindowExtractor: Sendable {
    var keptPackets: Int { get }
    /// Windows closed early for lack of state room (host mode); 0 otherwise.
    var evictions: Int { get }
    mutating func add(_ packet: DecodedPacket, timestamp: Double, emit: (CICWindow) -> Void)
    mutating func finish(emit: (CICWindow) -> Void)
}

extension CICFeatureExtractor: WindowExtractor {
    public var evictions: Int { 0 }
}

extension HostWindowExtractor: WindowExtractor {}

/// How windows are formed.
public enum WindowMode: String, Sendable, Codable, CaseIterable {
    /// Global windows over all traffic, reproducing the CIC extractor (dataset compatibility).
    case cic
    /// Windows keyed by source and by destination host (live use: alerts name hosts).
    case host
}
