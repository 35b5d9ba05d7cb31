import Foundation

extension Allowlist {
    /// The addresses of this machine's interfaces (`getifaddrs`), IPv4 and IPv6, with the
    /// interface name. Empty if the call fails (the configured entries still apply).
    public static func ownAddresses() -> [(address: IPAddress, interface: String)] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var found: [(IPAddress, String)] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr else { continue }
            let name = String(cString: entry.pointee.ifa_name)
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                let bytes = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                }
                found.append((IPAddress(version: .v4, bytes: bytes), name))
            case AF_INET6:
                let bytes = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                }
                found.append((IPAddress(version: .v6, bytes: bytes), name))
            default:
                continue
            }
        }
        return found
    }

    /// Default gateways from the kernel's routing tables (`/proc/net/route` for IPv4,
    /// `/proc/net/ipv6_route` for IPv6). Empty where those files do not exist (not Linux).
    public static func defaultGateways(procRoot: String = "/proc/net") -> [IPAddress] {
        var gateways: [IPAddress] = []
        if let text = try? String(contentsOfFile: procRoot + "/route", encoding: .utf8) {
            // Iface Destination Gateway Flags …, little-endian hex; default route: destination 0.
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count > 2, fields[1] == "00000000", let raw = UInt32(fields[2], radix: 16), raw != 0 else { continue }
                let bytes = withUnsafeBytes(of: raw.littleEndian) { Array($0) }
                gateways.append(IPAddress(version: .v4, bytes: bytes))
            }
        }
        if let text = try? String(contentsOfFile: procRoot + "/ipv6_route", encoding: .utf8) {
            // destination prefix-length source source-length next-hop metric … ; default: ::/0.
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 4, fields[0].allSatisfy({ $0 == "0" }), fields[1] == "00",
                      let bytes = hexBytes(fields[4]), bytes.contains(where: { $0 != 0 }) else { continue }
                gateways.append(IPAddress(version: .v6, bytes: bytes))
            }
        }
        return Array(Set(gateways)).sorted { $0.description < $1.description }
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        guard text.count == 32 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
