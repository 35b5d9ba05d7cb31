import Foundation
import Testing
import IoTData
@testable import IoTSensor

/// A scorer whose every probability depends on every feature's bits, so that a row scored in
/// another row's place would show.
struct FeatureBitsScorer: WindowScorer {
    var classNames: [String] { ["BenignTraffic", "DDoS-UDP_Flood", "Recon-PortScan"] }
    var benignClass: Int { 0 }
    var modelIdentifier: String { "test:feature-bits" }
    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        let h = RepeatedRows.hash(features.baseAddress ?? UnsafePointer(bitPattern: 8)!, width: 39)
        let a = Float(h & 0xFFFF) / 65_536, b = Float((h >> 16) & 0xFFFF) / 65_536
        probabilities[0] = a / 2
        probabilities[1] = b / 2
        probabilities[2] = 1 - a / 2 - b / 2
    }
}

/// Batches score each distinct row once; the results must be those of scoring every row.
@Suite("Repeated rows in a scoring batch")
struct RepeatedRowsTests {
    static func hostWindows(_ capture: String) throws -> [CICWindow] {
        var windows: [CICWindow] = []
        _ = try FeatureExtraction.host(pcap: SensorDecodingTests.pcap(capture), windowSize: 10) { windows.append($0) }
        return windows
    }

    /// The distinct count, a second way: a set of the rows' bit patterns.
    static func distinctBySet(_ windows: [CICWindow]) -> Int {
        Set(windows.map { window in (0..<39).map { Float(window.values[$0]).bitPattern } }).count
    }

    /// The real DHCP request flood's 2,000 host windows are one row; a benign capture's are
    /// many. Compaction counts what a set of bit patterns counts, and keeps first-seen order.
    @Test func distinctRowsOfRealCaptures() throws {
        for (capture, expectOne) in [("sv_dhcp-request-flood", true), ("testbed_benign_ref04", false), ("botnet_nmap", false)] {
            let windows = try Self.hostWindows(capture)
            var values = windows.flatMap { window in (0..<39).map { Float(window.values[$0]) } }
            let original = values
            var source = [Int32](repeating: -1, count: windows.count)
            var table = [Int32](repeating: 0, count: RepeatedRows.tableSize(rows: windows.count))
            let distinct = values.withUnsafeMutableBufferPointer { v in
                source.withUnsafeMutableBufferPointer { s in
                    table.withUnsafeMutableBufferPointer { t in
                        RepeatedRows.compact(v.baseAddress!, rows: windows.count, width: 39, source: s.baseAddress!, table: t.baseAddress!)
                    }
                }
            }
            #expect(distinct == Self.distinctBySet(windows), "\(capture)")
            #expect(expectOne ? distinct == 1 : distinct > 10, "\(capture): \(distinct) of \(windows.count)")
            for row in 0..<windows.count {  // every row is the distinct row it points to
                let d = Int(source[row])
                #expect(Array(values[(d * 39)..<(d * 39 + 39)]).map(\.bitPattern) == Array(original[(row * 39)..<(row * 39 + 39)]).map(\.bitPattern))
            }
        }
    }

    /// `Detector.score` on batches of real windows from several captures (repeats, distinct
    /// rows, and rows that differ only in 0 vs -0 or a NaN's payload) equals scoring each row
    /// alone, bit for bit.
    @Test func batchScoresEqualRowByRowScores() throws {
        var windows = try Self.hostWindows("sv_dhcp-request-flood").prefix(300) + Self.hostWindows("botnet_nmap").prefix(300)
            + Self.hostWindows("testbed_benign_ref04").prefix(300)
        var rng = SplitMix64(seed: 7)
        windows.shuffle(using: &rng)
        var edge = windows[0].values
        edge[3] = 0
        var negativeZero = edge
        negativeZero[3] = -0.0
        var nan = edge
        nan[4] = .nan
        var otherNaN = edge
        otherNaN[4] = Double(nan: 7, signaling: false)
        for values in [edge, negativeZero, nan, otherNaN, edge, nan] {
            windows.append(CICWindow(values: values, packetCount: 10, firstTimestamp: 0, lastTimestamp: 0))
        }
        let scorer = FeatureBitsScorer()
        for size in [1, 2, 7, 100, 512, windows.count] {
            for start in stride(from: 0, to: windows.count, by: size) {
                let batch = Array(windows[start..<min(windows.count, start + size)])
                var features: [Float] = [], probabilities: [Float] = []
                Detector.score(batch, with: scorer, features: &features, into: &probabilities)
                for (row, window) in batch.enumerated() {
                    let input = (0..<39).map { Float(window.values[$0]) }
                    var alone = [Float](repeating: 0, count: 3)
                    input.withUnsafeBufferPointer { i in alone.withUnsafeMutableBufferPointer { scorer.score(i, into: $0) } }
                    #expect(Array(probabilities[(row * 3)..<(row * 3 + 3)]).map(\.bitPattern) == alone.map(\.bitPattern),
                            "batch size \(size), row \(start + row)")
                }
            }
        }
    }
}
