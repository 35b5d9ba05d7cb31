/// Failures opening or reading packet sources. Each names the capture file or interface.
public enum CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(source: String, reason: String)
    case permissionDenied(interface: String, reason: String)
    case badFilter(filter: String, reason: String)
    /// The capture broke after `packets` good packets; what was read before is kept.
    case truncated(source: String, packets: Int, reason: String)
    case unsupportedLinkType(source: String, linkType: Int32)

    public var description: String {
        switch self {
        case let .cannotOpen(source, reason): return "\(source): cannot open capture: \(reason)"
        case let .permissionDenied(interface, reason):
            return "\(interface): no permission to capture (\(reason)); run as root or grant CAP_NET_RAW and CAP_NET_ADMIN (setcap cap_net_raw,cap_net_admin=eip iotshield)"
        case let .badFilter(filter, reason): return "BPF filter '\(filter)' does not compile: \(reason)"
        case let .truncated(source, packets, reason):
            return "\(source): capture is damaged after packet \(packets): \(reason); the \(packets) packets before it were processed"
        case let .unsupportedLinkType(source, linkType):
            return "\(source): link type \(linkType) is not supported (Ethernet, Linux cooked capture v1/v2 and raw IP are)"
        }
    }
}
