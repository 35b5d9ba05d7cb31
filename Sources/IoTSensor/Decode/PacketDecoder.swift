/// Decodes Ethernet (with 802.1Q/QinQ tags), Linux cooked capture v1/v2 and raw-IP frames
/// into `DecodedPacket`s: IPv4 (with options), ARP, TCP (with options), UDP, ICMP, IGMP,
/// and IPv6 (addresses counted only).
///
/// Every read is bounds-checked against the captured length, so a truncated, fuzzed or
/// malicious frame yields a packet marked `malformed` (or with fewer layers), never a
/// crash. The IPv4 payload is cut at the header's total length, as dpkt (the CIC
/// extractor's parser) does. O(header bytes); no allocation.
public enum PacketDecoder {
    @inline(__always)
    static func u16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(b[at]) << 8 | UInt16(b[at + 1])
    }

    @inline(__always)
    static func u32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) -> DecodedPacket {
        var packet = DecodedPacket()
        packet.capturedLength = bytes.count
        switch linkType {
        case .ethernet:
            guard bytes.count >= 14 else { packet.malformed = true; return packet }
            var type = u16(bytes, 12)
            packet.outerEtherType = type
            var offset = 14
            while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
                guard bytes.count >= offset + 4 else { packet.malformed = true; return packet }
                packet.vlanTagged = true
                type = u16(bytes, offset + 2)
                offset += 4
            }
            packet.etherType = type
            decodeNetwork(bytes, from: offset, etherType: type, into: &packet)
        case .linuxCooked:
            guard bytes.count >= 16 else { packet.malformed = true; return packet }
            let type = u16(bytes, 14)
            packet.etherType = type
            decodeNetwork(bytes, from: 16, etherType: type, into: &packet)
        case .linuxCooked2:
            guard bytes.count >= 20 else { packet.malformed = true; return packet }
            let type = u16(bytes, 0)
            packet.etherType = type
            decodeNetwork(bytes, from: 20, etherType: type, into: &packet)
        case .rawIP:
            guard bytes.count >= 1 else { packet.malformed = true; return packet }
            let version = bytes[0] >> 4
            let type: UInt16 = version == 4 ? 0x0800 : version == 6 ? 0x86DD : 0
            packet.etherType = type
            decodeNetwork(bytes, from: 0, etherType: type, into: &packet)
        }
        return packet
    }

    static func decodeNetwork(_ b: UnsafeRawBufferPointer, from start: Int, etherType: UInt16, into packet: inout DecodedPacket) {
        switch etherType {
        case 0x0800:
            packet.network = .ipv4
            decodeIPv4(b, from: start, into: &packet)
        case 0x0806:
            packet.network = .arp
            // Ethernet/IPv4 ARP: sender protocol address at +14, target at +24.
            if b.count >= start + 28, u16(b, start + 2) == 0x0800, b[start + 5] == 4 {
                packet.sourceAddress = u32(b, start + 14)
                packet.destinationAddress = u32(b, start + 24)
            }
        case 0x86DD:
            packet.network = .ipv6
            if b.count < start + 40 { packet.malformed = true }
        default:
            packet.network = .other
        }
    }

    static func decodeIPv4(_ b: UnsafeRawBufferPointer, from start: Int, into packet: inout DecodedPacket) {
        guard b.count >= start + 20 else { packet.malformed = true; return }
        // Like dpkt: a header length under 20 is invalid; options cut short by the capture are tolerated.
        let headerLength = Int(b[start] & 0x0F) * 4
        guard headerLength >= 20 else {
            packet.malformed = true
            return
        }
        let totalLength = Int(u16(b, start + 2))
        let fragmentOffset = u16(b, start + 6) & 0x1FFF
        packet.timeToLive = b[start + 8]
        packet.ipProtocol = b[start + 9]
        packet.sourceAddress = u32(b, start + 12)
        packet.destinationAddress = u32(b, start + 16)
        // Payload: cut at the total length when it is set (0 happens with segmentation offload).
        let payloadStart = min(start + headerLength, b.count)
        let payloadEnd = totalLength > 0 ? min(b.count, max(payloadStart, start + totalLength)) : b.count
        let payloadLength = payloadEnd - payloadStart
        switch packet.ipProtocol {
        case 1: packet.transport = .icmp
        case 2: packet.transport = .igmp
        default: break
        }
        guard fragmentOffset == 0 else {
            packet.isLaterFragment = true
            return
        }
        switch packet.ipProtocol {
        case 6:
            guard payloadLength >= 20 else { return }
            let dataOffset = Int(b[payloadStart + 12] >> 4) * 4
            guard dataOffset >= 20 else { return }
            packet.transport = .tcp
            packet.sourcePort = u16(b, payloadStart)
            packet.destinationPort = u16(b, payloadStart + 2)
            packet.tcpFlags = b[payloadStart + 13]
            packet.transportHeaderLength = min(dataOffset, payloadLength)
        case 17:
            guard payloadLength >= 8 else { return }
            packet.transport = .udp
            packet.sourcePort = u16(b, payloadStart)
            packet.destinationPort = u16(b, payloadStart + 2)
            packet.transportHeaderLength = 8
        case 1, 2:
            break
        default:
            packet.transport = .other
        }
    }
}
