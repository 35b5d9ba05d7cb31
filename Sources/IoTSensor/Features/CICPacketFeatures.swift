/// The CIC v2 extractor's per-packet row, computed from a decoded frame.
///
/// Indicators follow the extractor exactly (see docs/ciciot2023.md): port indicators for TCP
/// (HTTP 80, HTTPS 443, Telnet 23, SSH 22, IRC 21, SMTP 25, either port) and UDP (DNS 53,
/// DHCP 67→68 or 68→67); `IPv` and `LLC` are 1 for every IPv4 packet (an upstream quirk kept
/// for compatibility); `ARP` is 1 for ARP frames.
public struct CICPacketFeatures: Sendable, Equatable {
    public var headerLength: Int
    public var protocolType: Int
    public var timeToLive: Int
    /// TCP flag byte (only the CIC's seven flags are used).
    public var tcpFlags: UInt8
    /// Bit i set = indicator i of `CICPacketFeatures.indicatorNames`.
    public var indicators: UInt16
    public var size: Int
    public var timestamp: Double

    /// HTTP … LLC, in the v2 column order.
    public static let indicatorNames = ["HTTP", "HTTPS", "DNS", "Telnet", "SMTP", "SSH", "IRC", "TCP", "UDP", "DHCP", "ARP", "ICMP", "IGMP", "IPv", "LLC"]
    /// fin, syn, rst, psh, ack, ece, cwr: their bits in the TCP flag byte.
    public static let flagBits: [UInt8] = [0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80]

    /// The row for a kept packet, or `nil` when the CIC extractor keeps no row for it
    /// (anything but IPv4 or ARP directly in an Ethernet frame, or an IPv4 header it cannot parse).
    ///
    /// - Parameter strictEthernet: keep only frames whose *outer* EtherType is IPv4/ARP (VLAN-
    ///   tagged frames are dropped), as the CIC tool does; `false` also keeps tagged frames.
    public init?(_ p: DecodedPacket, timestamp: Double, strictEthernet: Bool = true) {
        if strictEthernet, p.vlanTagged { return nil }
        switch p.network {
        case .ipv4 where !p.malformed:
            headerLength = p.transportHeaderLength
            protocolType = Int(p.ipProtocol)
            timeToLive = Int(p.timeToLive)
            var bits: UInt16 = 1 << 13 | 1 << 14  // IPv, LLC
            func set(_ i: Int) { bits |= 1 << UInt16(i) }
            let s = p.sourcePort, d = p.destinationPort
            switch p.transport {
            case .tcp:
                set(7)
                tcpFlags = p.tcpFlags
                if s == 80 || d == 80 { set(0) }
                if s == 443 || d == 443 { set(1) }
                if s == 23 || d == 23 { set(3) }
                if s == 25 || d == 25 { set(4) }
                if s == 22 || d == 22 { set(5) }
                if s == 21 || d == 21 { set(6) }
            case .udp:
                set(8)
                tcpFlags = 0
                if s == 53 || d == 53 { set(2) }
                if (s == 67 && d == 68) || (s == 68 && d == 67) { set(9) }
            default:
                tcpFlags = 0
            }
            if p.ipProtocol == 1 { set(11) }
            if p.ipProtocol == 2 { set(12) }
            indicators = bits
        case .arp:
            headerLength = 0
            protocolType = 0
            timeToLive = 0
            tcpFlags = 0
            indicators = 1 << 10
        default:
            return nil
        }
        size = p.capturedLength
        self.timestamp = timestamp
    }
}
