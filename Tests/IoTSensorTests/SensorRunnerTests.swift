import Foundation
import Testing
import IoTData
@testable import IoTSensor

/// A fixed rule as a model: windows whose mode protocol is UDP are `DDoS` (p = 0.9), the rest benign.
struct UDPIsDDoSScorer: WindowScorer {
    var classNames: [String] { ["BenignTraffic", "DDoS-UDP_Flood"] }
    var benignClass: Int { 0 }
    var modelIdentifier: String { "test:udp-is-ddos" }
    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let udp = features[1] == 17
        probabilities[0] = udp ? 0.1 : 0.9
        probabilities[1] = udp ? 0.9 : 0.1
    }
}

@Suite("Sensor runner: batches, incidents, bounded state")
struct SensorRunnerTests {
    static func pcap(_ name: String) -> String { SensorDecodingTests.pcap(name) }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A pcap of `count` Ethernet/IPv4/UDP frames to 10.0.0.1:53, each from a random source
    /// address, 10 µs apart.
    static func writeFlood(to path: URL, count: Int, seed: UInt64) throws {
        var bytes: [UInt8] = []
        func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        le32(0xA1B2_C3D4); bytes += [2, 0, 4, 0]; le32(0); le32(0); le32(65535); le32(1)
        var generator = SplitMix64(seed: seed)
        for i in 0..<count {
            var frame: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00]
            frame += [0x45, 0, 0, 40, 0, 0, 0, 0, 64, 17, 0, 0]
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: generator.next()).bigEndian) { frame += $0 }
            frame += [10, 0, 0, 1]
            frame += [0x30, 0x39, 0, 53, 0, 20, 0, 0] + [UInt8](repeating: 0x41, count: 12)
            let micros = UInt32(i * 10)
            le32(1_700_000_000 + micros / 1_000_000); le32(micros % 1_000_000)
            le32(UInt32(frame.count)); le32(UInt32(frame.count))
            bytes += frame
        }
        try Data(bytes).write(to: path)
    }

    /// A flood of random sources fills the host table: it stays at its cap, evicts, and the
    /// summary reports the peak, the cap, the evictions and the windows dropped unscored.
    @Test func floodOfRandomSourcesIsCappedAndCounted() throws {
        let directory = try Self.scratch()
        let path = directory.appendingPathComponent("flood.pcap")
        try Self.writeFlood(to: path, count: 6_000, seed: 3)
        var options = SensorOptions()
        options.mode = .host
        options.maximumHosts = 200
        let summary = try SensorRunner(scorer: UDPIsDDoSScorer(), options: options).run(pcaps: [path.path])
        let capture = summary.capture
        #expect(capture.frames == 6_000 && capture.kept == 6_000)
        #expect(capture.maxOpenWindows == 200)
        #expect(capture.peakOpenWindows == 200, "the table fills up to its cap and no further")
        #expect(capture.evictions > 5_000, "nearly every one-packet source window is evicted")
        #expect(capture.droppedOnEviction > 0 && capture.droppedOnEviction <= capture.evictions)
        #expect(summary.windowsScored == capture.windows)
        let json = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
        #expect(json.contains("\"peak_open_windows\":200") && json.contains("\"evictions\""))
    }

    /// Batched scoring on a second thread loses, adds and reorders nothing: the runner scores
    /// exactly the windows `FeatureExtraction` makes, in order, and its alerts fold into incidents
    /// written to the EVE file and the store, with a measured latency.
    @Test(arguments: [WindowMode.host, .cic])
    func runnerScoresEveryWindowAndWritesIncidents(mode: WindowMode) throws {
        let directory = try Self.scratch()
        let capture = Self.pcap("sv_dhcp-request-flood")
        var expected: [[Double]] = []
        var extractor = FeatureExtraction.extractor(mode: mode, windowSize: 10)
        _ = try FeatureExtraction.run(pcap: capture, extractor: &extractor) { expected.append($0.values) }

        var options = SensorOptions()
        options.mode = mode
        options.eveOutput = directory.appendingPathComponent("eve.jsonl").path
        options.database = directory.appendingPathComponent("alerts.sqlite").path
        options.featuresOutput = directory.appendingPathComponent("features.csv").path
        let summary = try SensorRunner(scorer: UDPIsDDoSScorer(), options: options).run(pcaps: [capture])
        #expect(summary.windowsScored == expected.count)
        #expect(summary.capture.windows == expected.count)
        #expect(summary.windowAlerts == expected.count, "every window of the DHCP flood is UDP")
        #expect(summary.incidents >= 1)
        #expect(summary.alertLatencyMilliseconds["p99"] != nil)
        let csv = try String(contentsOfFile: options.featuresOutput ?? "", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == expected.count)
        var mismatches = 0
        for (row, values) in zip(rows, expected) {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false).prefix(39)
            let parsed = fields.map { $0.isEmpty ? Double.nan : $0 == "inf" ? Double.infinity : Double($0) ?? -1 }
            if !zip(parsed, values).allSatisfy({ CICReferenceTests.same($0, $1) }) { mismatches += 1 }
        }
        #expect(mismatches == 0, "the features CSV holds the extractor's windows, in order")
        let eve = try String(contentsOfFile: options.eveOutput ?? "", encoding: .utf8)
        #expect(eve.split(separator: "\n").count == 2 * summary.incidents, "one line when an incident opens, one when it closes")
    }

    /// In replay mode latency is measured from each packet's due time.
    @Test func replayModeMeasuresLatency() throws {
        var options = SensorOptions()
        options.mode = .host
        options.replaySpeed = 1_000
        let summary = try SensorRunner(scorer: UDPIsDDoSScorer(), options: options).run(pcaps: [Self.pcap("sv_dhcp-request-flood")])
        let p50 = try #require(summary.alertLatencyMilliseconds["p50"])
        let p99 = try #require(summary.alertLatencyMilliseconds["p99"])
        #expect(p50 >= 0 && p50 <= p99)
    }

    /// The batch path of the detector gives the alerts of the one-window path.
    @Test func batchInspectionEqualsOneByOne() throws {
        var windows: [CICWindow] = []
        _ = try FeatureExtraction.host(pcap: Self.pcap("testbed_bruteforce_ref03"), windowSize: 10) { windows.append($0) }
        _ = try FeatureExtraction.host(pcap: Self.pcap("sv_dhcp-request-flood"), windowSize: 10) { windows.append($0) }
        var single = Detector(scorer: UDPIsDDoSScorer()), batch = Detector(scorer: UDPIsDDoSScorer())
        let one = windows.enumerated().compactMap { i, w in single.inspect(w).map { (i, $0.className, $0.probability, $0.source, $0.destination) } }
        var many: [(Int, String, Float, UInt32?, UInt32?)] = []
        for start in stride(from: 0, to: windows.count, by: 97) {
            batch.inspect(Array(windows[start..<min(windows.count, start + 97)])) { i, a in
                many.append((start + i, a.className, a.probability, a.source, a.destination))
            }
        }
        #expect(one.count == many.count && one.count > 0)
        #expect(zip(one, many).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 && $0.3 == $1.3 && $0.4 == $1.4 })
        #expect(single.predictionsPerClass == batch.predictionsPerClass)
    }

    /// Thresholds changed after the detector was made apply to the next window: a family's
    /// own threshold overrides the default, and removing it brings the default back.
    @Test func thresholdsChangedLaterApply() throws {
        var windows: [CICWindow] = []
        _ = try FeatureExtraction.host(pcap: Self.pcap("sv_dhcp-request-flood"), windowSize: 10) { windows.append($0) }
        var detector = Detector(scorer: UDPIsDDoSScorer())
        func alerts() -> Int { windows.reduce(0) { $0 + (detector.inspect($1) == nil ? 0 : 1) } }
        let atDefault = alerts()   // UDP windows score DDoS at 0.9
        #expect(atDefault > 0)
        detector.familyThresholds = ["DDoS": 0.95]
        #expect(alerts() == 0)
        detector.defaultThreshold = 0.5
        #expect(alerts() == 0)
        detector.familyThresholds = [:]
        #expect(alerts() == atDefault)
        detector.defaultThreshold = 0.95
        #expect(alerts() == 0)
        detector.familyThresholds = ["DDoS": 0.85]
        #expect(alerts() == atDefault)
    }

    /// Alerts from ever new host pairs (a random-source flood) keep the open incidents at
    /// their cap: the least recently updated tenth is closed at once and counted.
    @Test func openIncidentsAreCapped() {
        var aggregator = IncidentAggregator(gap: 60, maximumOpen: 100, modelIdentifier: "m", runIdentifier: "r")
        var closed: [Incident] = []
        var opened = 0
        for i in 0..<1_000 {
            let alert = WindowAlert(timestamp: Double(i) * 0.001, className: "DDoS-UDP_Flood", family: "DDoS", probability: 0.9,
                                    source: UInt32(i), destination: 1, protocolNumber: 17, features: [])
            if case .opened = aggregator.add(alert, closed: &closed) { opened += 1 }
            #expect(aggregator.openCount <= 100)
        }
        #expect(opened == 1_000)
        #expect(aggregator.closedForRoom == closed.count && closed.count == 1_000 - aggregator.openCount)
        #expect(closed.prefix(10).map(\.sourceIP) == (0..<10).map { ipv4String(UInt32($0)) }, "the oldest go first")
    }
}
