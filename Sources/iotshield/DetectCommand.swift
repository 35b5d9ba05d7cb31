import ArgumentParser
import Foundation
import IoTData
import IoTSensor
import IoTStorePostgres

struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Run the sensor: packets → CICIoT2023 window features → model → alerts that name the hosts.",
        discussion: """
            Reads capture files (--pcap, pcap or pcapng) or a live interface (--interface, needs
            capture privileges). Alerts are folded into incidents (same attack, same hosts) and
            written as Suricata-EVE-compatible JSON lines (--alerts) and to a SQLite store (--db) or a
            PostgreSQL store shared with other sensors and servers (--postgres URL).
            --response-policy FILE (needs --db or --postgres) posts incidents to a webhook and writes attacking
            addresses as nft commands to a file; --apply-blocks also runs 'nft -f' on it.
            """)

    @Option(help: "The model file (.iotm), trained on CICIoT2023 v2 columns.")
    var model: String

    @Option(help: "Capture files to replay (repeat for several).")
    var pcap: [String] = []

    @Option(help: "Live interface to capture from.")
    var interface: String?

    @Option(help: "BPF filter for live capture (e.g. 'not port 22').")
    var filter: String?

    @Option(help: "Live capture: bytes kept per packet.")
    var snaplen: Int32 = 65535

    @Flag(help: "Live capture: do not put the interface in promiscuous mode.")
    var noPromiscuous = false

    @Option(help: "Windows: host (keyed by host, names attacker and victim) or cic (global, as the dataset).")
    var mode: WindowMode = .host

    @Option(help: "Packets per window.")
    var window: Int = 10

    @Option(help: "Alert when an attack class reaches this probability.")
    var threshold: Float = 0.5

    @Option(help: "Per-family thresholds, e.g. Recon=0.9,DDoS=0.6.")
    var familyThresholds: String?

    @Option(help: "Seconds without alerts that close an incident.")
    var incidentGap: Double = 60

    @Option(help: "Host mode: seconds of silence that close a host's partial window.")
    var idleTimeout: Double = 5

    @Option(help: "Host mode: most windows open at once; when full, the least recently seen tenth is evicted (counted).")
    var maxHosts: Int = 16384

    @Option(help: "Alert output, JSON lines in Suricata EVE format (appended).")
    var alerts: String?

    @Option(help: "Durable alert store (SQLite).")
    var db: String?

    @Option(help: "Durable alert store in PostgreSQL instead of --db (libpq URL or 'host=… dbname=…'; password from PGPASSWORD or ~/.pgpass).")
    var postgres: String?

    @Option(help: "Also write every window's features to this CSV.")
    var features: String?

    @Option(help: "Replay captures at this multiple of their recorded pace (default: as fast as possible).")
    var replaySpeed: Double?

    @OptionGroup var response: ResponseArguments

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if pcap.isEmpty == (interface == nil) { throw ValidationError("give --pcap FILE... or --interface IF (not both)") }
        if window < 1 { throw ValidationError("--window must be at least 1") }
        if !(0...1).contains(threshold) { throw ValidationError("--threshold must be within 0…1") }
        if maxHosts < 1 { throw ValidationError("--max-hosts must be at least 1") }
        _ = try parsedThresholds()
        if db != nil && postgres != nil { throw ValidationError("give --db FILE or --postgres URL (not both)") }
        if response.responsePolicy != nil && db == nil && postgres == nil {
            throw ValidationError("--response-policy needs --db FILE or --postgres URL (the webhook outbox and the blocks are kept in the alert store)")
        }
    }

    func parsedThresholds() throws -> [String: Float] {
        guard let familyThresholds else { return [:] }
        var out: [String: Float] = [:]
        for part in familyThresholds.split(separator: ",") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let value = Float(pair[1]), (0...1).contains(value) else {
                throw ValidationError("--family-thresholds takes FAMILY=P pairs, e.g. Recon=0.9,DDoS=0.6")
            }
            out[String(pair[0])] = value
        }
        return out
    }

    func run() throws {
        let policy = try response.load()
        let scorer = try ModelScorer.load(path: model)
        var options = SensorOptions()
        options.mode = mode
        options.windowSize = window
        options.threshold = threshold
        options.familyThresholds = try parsedThresholds()
        options.incidentGap = incidentGap
        options.idleTimeout = idleTimeout
        options.maximumHosts = maxHosts
        options.eveOutput = alerts
        options.database = db
        options.featuresOutput = features
        options.replaySpeed = replaySpeed
        options.showStatus = ProgressReporter.terminalAttached
        options.responsePolicy = policy
        options.applyBlocks = response.applyBlocks
        var store: AlertStore?
        if let postgres {
            do { store = try AlertStore(database: PostgresStoreDatabase(url: postgres)) } catch {
                throw RuntimeError("cannot open the alert store: \(error)")
            }
        }
        let runner = try SensorRunner(scorer: scorer, options: options, store: store)
        let signals = SignalStopper { runner.stop() }
        defer { signals.cancel() }
        let summary: SensorSummary
        if let interface {
            summary = try runner.run(interface: interface, filter: filter, snapLength: snaplen, promiscuous: !noPromiscuous)
        } else {
            summary = try runner.run(pcaps: pcap)
        }
        if json { try printJSON(summary); return }
        let c = summary.capture
        print("model \(scorer.modelIdentifier) (\(scorer.classNames.count) classes), \(mode.rawValue) windows of \(window)")
        print("packets \(c.frames) (IPv4 \(c.ipv4), ARP \(c.arp), IPv6 \(c.ipv6), other \(c.otherNetwork), malformed \(c.malformed)), kept \(c.kept), windows \(c.windows)"
              + String(format: ", %.2f s (%.0f packets/s)", summary.seconds, Double(c.frames) / max(summary.seconds, 1e-9)))
        print("window alerts \(summary.windowAlerts) → incidents \(summary.incidents)"
              + (summary.incidentsClosedForRoom > 0 ? " (\(summary.incidentsClosedForRoom) closed early: open-incident table full)" : ""))
        for (family, count) in summary.incidentsPerFamily.sorted(by: { $0.value > $1.value }) {
            print("  \(family): \(count) incident(s), \(summary.windowAlertsPerFamily[family] ?? 0) window(s)")
        }
        if let p99 = summary.alertLatencyMilliseconds["p99"] {
            print(String(format: "alert latency (packet seen → alert written): p50 %.3f ms, p99 %.3f ms", summary.alertLatencyMilliseconds["p50"] ?? 0, p99))
        }
        if mode == .host {
            print("host table: peak \(c.peakOpenWindows) open windows (cap \(c.maxOpenWindows)), \(c.evictions) evicted"
                  + (c.evictions > 0 ? " (\(c.droppedOnEviction) of them under 2 packets, dropped unscored)" : ""))
        }
        if let damage = c.damage { printError("warning: \(damage)") }
        if let alerts { print("alerts: \(alerts)") }
        if let db { print("store: \(db)") }
        if let report = summary.response {
            let deliveries = report.deliveries.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("responses: \(report.decisions.webhooksQueued) webhook(s) queued (outbox: \(deliveries.isEmpty ? "empty" : deliveries)), "
                  + "\(report.decisions.blocksAdded) block(s) added, \(report.decisions.blocksSkipped) skipped; \(report.activeBlocks) active")
            if let file = report.blocklistFile { print("blocklist: \(file)") }
            if let error = report.lastError { printError("warning: response: \(error)") }
        }
    }
}

/// Stops the sensor cleanly on SIGINT/SIGTERM (open windows and incidents are flushed).
final class SignalStopper: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(_ stop: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
