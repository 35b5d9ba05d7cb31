import Foundation
import Testing
import IoTData
@testable import IoTSensor

/// Our CIC-exact extractor against the CIC's own v2 extractor output on the same captures.
@Suite("CIC-exact features match the CIC extractor")
struct CICReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let captures = [
        "anc15791_mirai", "botnet_nmap", "sv_dhcp-request-flood", "sv_icmp_and_ssh", "sv_icmpv4-ping", "sv_modbus",
        "sv_mqtt-limit-2", "sv_mqtt5_pub_jpeg", "sv_telnet", "testbed_benign_ref04", "testbed_bruteforce_ref03",
        "testbed_c2_ref01", "testbed_dos_flood_ref04", "testbed_mqtt_abuse_ref02", "testbed_slow_dos_ref01",
    ]
    static let cases: [(String, Int)] = captures.flatMap { [($0, 10), ($0, 100)] }

    /// Parses a reference CSV: empty → NaN, `inf` → +∞.
    static func reference(_ capture: String, window: Int) throws -> (header: [String], rows: [[Double]]) {
        let url = root.appendingPathComponent("Tests/Fixtures/cic-reference/N\(window)/\(capture).csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        let rows = lines.dropFirst().map { line in
            line.split(separator: ",", omittingEmptySubsequences: false).map { field -> Double in
                field.isEmpty ? .nan : field == "inf" ? .infinity : Double(field) ?? -12345
            }
        }
        return (header, Array(rows))
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a.isInfinite || b.isInfinite { return a == b }
        return a == b  // bit-exact: the reference holds the exact doubles (shortest round-trip text)
    }

    @Test(arguments: cases)
    func everyColumnOfEveryRowMatches(capture: String, window: Int) throws {
        let expected = try Self.reference(capture, window: window)
        #expect(expected.header == IoTData.FeatureLayout.v2.featureNames)
        var rows: [[Double]] = []
        let stats = try FeatureExtraction.cic(pcap: Self.root.appendingPathComponent("data/pcap/\(capture).pcap").path, windowSize: window) {
            rows.append($0.values)
        }
        #expect(stats.damage == nil)
        #expect(rows.count == expected.rows.count, "\(capture) N\(window): \(rows.count) windows, reference \(expected.rows.count)")
        var mismatches = 0
        for (r, (ours, theirs)) in zip(rows, expected.rows).enumerated() {
            for c in 0..<39 where !Self.same(ours[c], theirs[c]) {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(capture) N\(window) row \(r) \(expected.header[c]): ours \(ours[c]), CIC \(theirs[c])") }
            }
        }
        #expect(mismatches == 0)
    }
}
