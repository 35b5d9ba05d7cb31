/// What the decoder learned from one frame: addresses, protocol numbers and the L4 fields
/// the CICIoT2023 features use. Plain values, no references into the capture buffer.
public struct DecodedPacket: Sendable, Equatable {
    public enum Network: UInt8, Sendable {
        case ipv4, arp, ipv6, other
    }

    public enum Transport: UInt8, Sendable {
        /// No transport header parsed (not IPv4, a non-first fragment, or too short).
        case none, tcp, udp, icmp, igmp, other
    }

    public var network: Network = .other
    public var transport: Transport = .none
    /// The outermost EtherType (0x8100 for a VLAN-tagged frame), 0 for non-Ethernet links.
    public var outerEtherType: UInt16 = 0
    /// The EtherType after any VLAN tags.
    public var etherType: UInt16 = 0
    public var vlanTagged = false
    /// IPv4 addresses (host byte order); for ARP, the sender and target protocol addresses.
    public var sourceAddress: UInt32 = 0
    public var destinationAddress: UInt32 = 0
    public var ipProtocol: UInt8 = 0
    public var timeToLive: UInt8 = 0
    /// A fragment other than the first (offset ≠ 0): its payload is not decoded.
    public var isLaterFragment = false
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    /// TCP flag byte (FIN 0x01 … CWR 0x80).
    public var tcpFlags: UInt8 = 0
    /// L4 header length as the CIC extractor counts it: TCP 20 + option bytes captured, UDP 8.
    public var transportHeaderLength: Int = 0
    /// Bytes captured for the frame (`Tot size` in CICIoT2023).
    public var capturedLength: Int = 0
    /// The frame could not be decoded as what its headers claim (counted, never fatal).
    public var malformed = false
}
