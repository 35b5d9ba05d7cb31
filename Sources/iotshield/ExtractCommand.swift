import ArgumentParser
import Foundation
import IoTSensor

extension WindowMode: ExpressibleByArgument {}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Compute CICIoT2023 v2 window features from a capture file, as CSV.",
        discussion: """
            --mode cic reproduces the CIC's own extractor (global windows over all traffic, 10 MB
            chunk resets). --mode host keys windows by source and destination host and adds
            src_ip, dst_ip and role columns. Columns follow the CICIoT2023 v2 layout and order.
            """)

    @Option(help: "Capture file (pcap or pcapng).")
    var pcap: String

    @Option(help: "Window mode: cic or host.")
    var mode: WindowMode = .cic

    @Option(help: "Packets per window (10 for most traffic, 100 as the dataset used for floods).")
    var window: Int = 10

    @Option(help: "Host mode: seconds of silence after which a host's partial window is closed.")
    var idleTimeout: Double = 5

    @Option(help: "Host mode: most windows open at once; when full, the least recently seen tenth is evicted (counted).")
    var maxHosts: Int = 16384

    @Option(name: .shortAndLong, help: "Output CSV file.")
    var out: String

    func validate() throws {
        if window < 1 { throw ValidationError("--window must be at least 1") }
        if idleTimeout <= 0 { throw ValidationError("--idle-timeout must be positive") }
        if maxHosts < 1 { throw ValidationError("--max-hosts must be at least 1") }
    }

    func run() throws {
        let writer = try FeatureCSVWriter(path: out, hostColumns: mode == .host)
        var extractor = FeatureExtraction.extractor(mode: mode, windowSize: window, idleTimeout: idleTimeout, maximumHosts: maxHosts)
        let started = Date()
        let stats = try FeatureExtraction.run(pcap: pcap, extractor: &extractor) { try writer.write($0) }
        try writer.close()
        let seconds = Date().timeIntervalSince(started)
        print("\(pcap): \(stats.frames) frames (IPv4 \(stats.ipv4), ARP \(stats.arp), IPv6 \(stats.ipv6), other \(stats.otherNetwork), malformed \(stats.malformed)); \(stats.kept) packets kept → \(stats.windows) windows in \(out)"
              + String(format: " (%.2f s, %.0f packets/s)", seconds, Double(stats.frames) / max(seconds, 1e-9)))
        if stats.evictions > 0 {
            print("host table full: \(stats.evictions) windows closed early (\(stats.droppedOnEviction) under 2 packets dropped); peak \(stats.peakOpenWindows) open (cap \(stats.maxOpenWindows))")
        }
        if let damage = stats.damage { printError("warning: \(damage)") }
    }
}
