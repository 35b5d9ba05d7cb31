import Foundation
import IoTSensor
@testable import IoTService
import Testing

/// Calls every window an attack (`DDoS-SYN_Flood`, p = 0.9): the plumbing under test is
/// capture → windows → incidents → store, push, health; not the model.
struct EveryWindowIsAnAttackScorer: WindowScorer {
    let classNames = ["BenignTraffic", "DDoS-SYN_Flood"]
    let benignClass = 0
    let modelIdentifier = "test-every-window"

    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        probabilities[0] = 0.1
        probabilities[1] = 0.9
    }
}

@Suite("packet sensor inside the service (serve --pcap / --interface)", .timeLimit(.minutes(2)))
struct CaptureSensorTests {
    static let capture = Samples.repoRoot.appendingPathComponent("data/pcap/sv_dhcp-request-flood.pcap").path

    @Test func aReplayedCaptureRaisesIncidentsThatAreStoredPushedAndShownAsSensorHealth() async throws {
        try await withService(scorer: EveryWindowIsAnAttackScorer()) { h in
            let events = h.service.broadcaster.subscribe()
            let listener = Task { () -> [IncidentEvent] in
                var seen: [IncidentEvent] = []
                for await event in events {
                    seen.append(event)
                    if seen.contains(where: { $0.event == "closed" }) { break }
                }
                return seen
            }
            let sensors = try CaptureSensors.start([.pcap(Self.capture)], filter: nil, scorer: EveryWindowIsAnAttackScorer(),
                                                   options: SensorOptions(), service: h.service)
            await sensors.waitUntilFinished()
            let pushed = await listener.value
            #expect(pushed.first?.event == "opened")
            let incident = try #require(pushed.first?.incident)
            #expect(incident.family == "DDoS")
            #expect(incident.sourceIP != nil || incident.destinationIP != nil, "host windows name the hosts")
            #expect(try h.service.store.incident(id: incident.id) != nil, "stored before it was pushed")

            // Health: every packet of the capture counted, the source marked as ended.
            var health: [String: Any]?
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let stats = h.json(try await h.request("/v1/stats", token: h.readToken))
                health = (stats["sensors"] as? [[String: Any]])?.first { ($0["sensor"] as? String) == "capture:" + Self.capture }
                if health?["finished"] as? Bool == true { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(health?["packets"] as? Int == 10_000)
            #expect((health?["records"] as? Int ?? 0) > 0, "windows scored")
            #expect(health?["attacks"] as? Int == health?["records"] as? Int)
            let metrics = String(decoding: Data(try await h.request("/metrics", token: h.readToken).body.readableBytesView), as: UTF8.self)
            #expect(metrics.contains("iotshield_capture_packets_total{source=\"\(Self.capture)\"} 10000"))
        }
    }

    @Test func anUnreadableSourceFailsAtStartNamingIt() async throws {
        try await withService(scorer: EveryWindowIsAnAttackScorer()) { h in
            #expect {
                _ = try CaptureSensors.start([.pcap("/nonexistent/capture.pcap")], filter: nil, scorer: EveryWindowIsAnAttackScorer(),
                                             options: SensorOptions(), service: h.service)
            } throws: { String(describing: $0).contains("/nonexistent/capture.pcap") }
            #expect {
                _ = try CaptureSensors.start([.interface("no-such-if0")], filter: nil, scorer: EveryWindowIsAnAttackScorer(),
                                             options: SensorOptions(), service: h.service)
            } throws: { String(describing: $0).contains("no-such-if0") }
        }
    }

    /// Live capture on the loopback interface; needs capture privileges (root or
    /// CAP_NET_RAW), so it is skipped for other users.
    @Test(.enabled(if: getuid() == 0, "live capture needs root or CAP_NET_RAW"))
    func liveCaptureOnLoopbackCountsPacketsAsSensorHealth() async throws {
        try await withService(scorer: EveryWindowIsAnAttackScorer()) { h in
            let port = UInt16.random(in: 40_000...60_000)
            let sensors = try CaptureSensors.start([.interface("lo")], filter: "udp and dst port \(port)", scorer: EveryWindowIsAnAttackScorer(),
                                                   options: SensorOptions(), service: h.service)
            try await Task.sleep(for: .milliseconds(300))  // the capture is open; let its loop start
            try sendUDP(count: 200, to: port)
            var packets = 0
            let deadline = ContinuousClock.now + .seconds(15)
            while packets < 192, ContinuousClock.now < deadline {
                let stats = h.json(try await h.request("/v1/stats", token: h.readToken))
                let health = (stats["sensors"] as? [[String: Any]])?.first { ($0["sensor"] as? String) == "capture:lo" }
                packets = health?["packets"] as? Int ?? 0
                if packets < 192 {
                    try sendUDP(count: 64, to: port)  // progress is reported every 64 packets
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let stopped = await sensors.stop()
            #expect(packets >= 192, "the live sensor reports what it captured")
            #expect(stopped, "the capture thread ends when stopped")
        }
    }

    func sendUDP(count: Int, to port: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let payload = [UInt8](repeating: 0x41, count: 64)
        for _ in 0..<count {
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, payload, payload.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }
}
