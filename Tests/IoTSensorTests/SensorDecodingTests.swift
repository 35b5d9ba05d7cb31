import Foundation
import Testing
import IoTData
@testable import IoTSensor

@Suite("Decoding and host windows")
struct SensorDecodingTests {
    static let root = CICReferenceTests.root
    static func pcap(_ name: String) -> String { root.appendingPathComponent("data/pcap/\(name).pcap").path }

    static func address(_ text: String) -> UInt32 {
        text.split(separator: ".").reduce(UInt32(0)) { $0 << 8 | (UInt32($1) ?? 0) }
    }

    /// The brute-force capture: 172.30.0.200 attacks the web server 172.30.0.10.
    @Test func hostModeNamesAttackerAndVictim() throws {
        var windows: [CICWindow] = []
        let stats = try FeatureExtraction.host(pcap: Self.pcap("testbed_bruteforce_ref03"), windowSize: 10) { windows.append($0) }
        #expect(stats.kept == 973)
        let attacker = Self.address("172.30.0.200"), victim = Self.address("172.30.0.10")
        let fromAttacker = windows.filter { $0.host?.address == attacker && $0.host?.role == .source }
        #expect(fromAttacker.count == 61, "608 packets from the attacker in windows of 10")
        #expect(fromAttacker.allSatisfy { $0.host?.peer == victim })
        let toVictim = windows.filter { $0.host?.address == victim && $0.host?.role == .destination }
        #expect(toVictim.allSatisfy { $0.host?.peer == attacker })
        #expect(windows.reduce(0) { $0 + $1.packetCount } == 2 * 973, "every packet joins its source's and its destination's window")
        #expect(ipv4String(attacker) == "172.30.0.200")
    }

    @Test func hostModeOnTheDHCPFlood() throws {
        var windows: [CICWindow] = []
        _ = try FeatureExtraction.host(pcap: Self.pcap("sv_dhcp-request-flood"), windowSize: 100) { windows.append($0) }
        let sources = Set(windows.filter { $0.host?.role == .source }.compactMap { $0.host?.address })
        #expect(sources == [0], "every request comes from 0.0.0.0")
        #expect(windows.filter { $0.host?.role == .destination }.allSatisfy { $0.host?.address == Self.address("255.255.255.255") })
        #expect(windows.allSatisfy { $0.values[24] == 1 }, "DHCP indicator set in every window")
    }

    @Test func idleHostsAreFlushedAndStateIsBounded() {
        var extractor = HostWindowExtractor(windowSize: 10, idleTimeout: 2, maximumHosts: 100)
        var emitted: [CICWindow] = []
        var packet = DecodedPacket()
        packet.network = .ipv4
        packet.ipProtocol = 17
        packet.transport = .udp
        packet.capturedLength = 60
        packet.destinationAddress = 0x0A00_0001
        // A flood of 5,000 random sources, 3 packets each, 1 ms apart.
        var generator = SplitMix64(seed: 1)
        for i in 0..<15_000 {
            if i % 3 == 0 { packet.sourceAddress = UInt32(truncatingIfNeeded: generator.next()) }
            extractor.add(packet, timestamp: Double(i) * 0.001) { emitted.append($0) }
            #expect(extractor.openWindows <= 100)
        }
        #expect(extractor.evictions > 0)
        // A slow attacker: 3 packets, then silence: flushed after the idle timeout.
        var slow = packet
        slow.sourceAddress = 0xC0A8_0063
        let before = emitted.count
        for t in [100.0, 100.5, 101.0] { extractor.add(slow, timestamp: t) { emitted.append($0) } }
        extractor.add(packet, timestamp: 104.0) { emitted.append($0) }
        #expect(emitted[before...].contains { $0.host?.address == 0xC0A8_0063 && $0.packetCount == 3 })
    }

    @Test func decoderSurvivesRandomBytes() {
        var generator = SplitMix64(seed: 42)
        var sawIPv4 = 0
        for length in 0..<4000 {
            let bytes = (0..<(length % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            for link in [LinkType.ethernet, .linuxCooked, .linuxCooked2, .rawIP] {
                var frame = bytes
                if link == .ethernet, frame.count >= 14 { frame[12] = 0x08; frame[13] = 0x00 }
                if link == .rawIP, !frame.isEmpty { frame[0] = 0x45 }
                let decoded = frame.withUnsafeBytes { PacketDecoder.decode($0, linkType: link) }
                if decoded.network == .ipv4 { sawIPv4 += 1 }
                #expect(decoded.capturedLength == frame.count)
                #expect(decoded.transportHeaderLength <= max(0, frame.count))
            }
        }
        #expect(sawIPv4 > 1000)
    }

    /// Truncated and bit-flipped copies of real captures: no crash, damage reported, and the
    /// packets before the damage still produce windows.
    @Test(arguments: ["testbed_bruteforce_ref03", "botnet_nmap", "sv_icmp_and_ssh", "anc15791_mirai"])
    func damagedCapturesAreProcessedUpToTheDamage(name: String) throws {
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.pcap(name))))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-pcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: UInt64(original.count))
        for trial in 0..<30 {
            var bytes = original
            if trial % 2 == 0 {
                bytes = Array(bytes.prefix(24 + Int(generator.next() % UInt64(bytes.count - 24))))
            } else {
                for _ in 0..<(1 + trial) {
                    let position = 24 + Int(generator.next() % UInt64(bytes.count - 24))
                    bytes[position] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
                }
            }
            let path = directory.appendingPathComponent("\(trial).pcap").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for mode in WindowMode.allCases {
                var windows = 0
                var extractor = FeatureExtraction.extractor(mode: mode, windowSize: 10)
                let stats = try FeatureExtraction.run(pcap: path, extractor: &extractor) { _ in windows += 1 }
                #expect(stats.frames <= 2 * original.count)
                if trial % 2 == 0, bytes.count < original.count - 16, stats.damage == nil {
                    // A cut exactly on a record boundary is a clean, shorter file.
                    #expect(stats.frames > 0 || bytes.count < 60)
                }
                #expect(windows == stats.windows)
            }
        }
        let clean = try FeatureExtraction.cic(pcap: Self.pcap(name), windowSize: 10) { _ in }
        let half = directory.appendingPathComponent("half.pcap").path
        try Data(original.prefix(original.count / 2 + 7)).write(to: URL(fileURLWithPath: half))
        let cut = try FeatureExtraction.cic(pcap: half, windowSize: 10) { _ in }
        #expect(cut.damage != nil, "a record cut in the middle is reported")
        #expect(cut.frames > 0 && cut.frames < clean.frames)
    }

    @Test func notACaptureIsAClearError() throws {
        #expect(throws: CaptureError.self) { _ = try FeatureExtraction.cic(pcap: CICReferenceTests.root.appendingPathComponent("README.md").path, windowSize: 10) { _ in } }
        do {
            _ = try FeatureExtraction.cic(pcap: "/nonexistent.pcap", windowSize: 10) { _ in }
        } catch let error as CaptureError {
            #expect(error.description.contains("/nonexistent.pcap"))
        }
    }

    @Test func ipv6OnlyCapturesYieldNoRowsButAreCounted() throws {
        let stats = try FeatureExtraction.cic(pcap: Self.pcap("sv_mqtt-limit-2"), windowSize: 10) { _ in }
        #expect(stats.windows == 0)
        #expect(stats.ipv6 == 37)
        #expect(stats.frames == 37)
    }
}
