import Foundation
import Testing
@testable import IoTSensor

/// The response engine on real captures and a real loopback receiver: blocklist contents,
/// the allowlist, expiry, `nft -f`, and exactly-once webhook delivery through the outbox.
@Suite("Mitigation: blocklist and webhook")
struct ResponseEngineTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-response-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func elements(_ file: String) throws -> [String] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init).filter { $0.hasPrefix("add element") }
    }

    /// Replays `capture` into the SQLite file `database`, or into `store` (either backend).
    static func replay(_ capture: String, label: String, database: String? = nil, store: AlertStore? = nil, policy: ResponsePolicy,
                       drain: Double = 10) throws -> SensorSummary {
        var options = SensorOptions()
        options.database = database
        options.responsePolicy = policy
        options.responseDrainSeconds = drain
        let runner = try SensorRunner(scorer: CaptureLabelScorer(label: label), options: options, store: store)
        return try runner.run(pcaps: [SensorDecodingTests.pcap(capture)])
    }

    /// The HTTP request flood: 172.30.0.200 floods the web server 172.30.0.10:8080. Host
    /// windows raise one incident per direction; the server's own address is in the
    /// configured allowlist, so only the attacker is blocked.
    /// On either store: the sensor writing into SQLite, or into a shared PostgreSQL database.
    @Test(arguments: TestStores.kinds)
    func floodCaptureBlocksTheAttackerAndNeverAnAllowlistedAddress(on kind: StoreKind) throws {
        let directory = try Self.scratch()
        let file = directory.appendingPathComponent("blocklist.nft").path
        let store = try AlertStore(database: TestStores.database(kind))
        let policy = ResponsePolicy(
            families: ["DoS": FamilyPolicy(actions: [.block], minimumProbability: 0.8, minimumWindows: 2, blockSeconds: 900)],
            blocklist: BlocklistSettings(file: file),
            allowlist: AllowlistSettings(ranges: [AddressRange("172.30.0.0/28"), AddressRange("fd00::/8")].compactMap { $0 }))
        let summary = try Self.replay("testbed_dos_flood_ref04", label: "DoS-HTTP_Flood", store: store, policy: policy)

        let report = try #require(summary.response)
        #expect(report.decisions.blocksAdded == 1)
        #expect(report.decisions.blocksSkipped == 1)
        #expect(report.activeBlocks == 1)
        let elements = try Self.elements(file)
        #expect(elements.count == 1)
        let element = try #require(elements.first)
        #expect(element.hasPrefix("add element inet iotshield blocklist { 172.30.0.200 timeout "))
        let seconds = Int(element.split(separator: " ")[8].dropLast()) ?? 0
        #expect((890...900).contains(seconds), "\(element)")
        let script = try String(contentsOfFile: file, encoding: .utf8)
        #expect(script.contains("table inet iotshield {") && script.contains("set blocklist6 {") && script.contains("ip saddr @blocklist drop"))

        let allowlist = policy.allowlist.build()
        for element in elements {
            #expect(allowlist.reason(for: String(element.split(separator: " ")[6])) == nil)
        }
        let incidents = try store.incidents()
        #expect(Set(incidents.compactMap(\.sourceIP)) == ["172.30.0.200", "172.30.0.10"])
        for incident in incidents {
            let actions = try store.actions(incidentID: incident.id)
            #expect(actions.count == 1)
            if incident.sourceIP == "172.30.0.200" {
                #expect(actions.first?.status == .added && actions.first?.target == "172.30.0.200")
            } else {
                #expect(actions.first?.status == .skipped)
                #expect(actions.first?.detail?.contains("allowlisted (configured 172.30.0.0/28)") == true)
            }
        }
    }

    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Double
        init(_ value: Double) { self.value = value }
        var now: Double {
            get { lock.lock(); defer { lock.unlock() }; return value }
            set { lock.lock(); value = newValue; lock.unlock() }
        }
    }

    static func incident(_ id: String, source: String?, family: String = "DDoS", probability: Float = 0.9, windows: Int = 3) -> Incident {
        Incident(id: id, className: "DDoS-UDP_Flood", family: family, sourceIP: source, destinationIP: "192.0.2.10", protocolNumber: 17,
                 firstSeen: 1_700_000_000, lastSeen: 1_700_000_001, windows: windows, peakProbability: probability,
                 modelIdentifier: "test", peakFeatures: [1, .infinity])
    }

    @Test func blocksExpireAreExtendedAndRespectThePolicyBar() throws {
        let directory = try Self.scratch()
        let file = directory.appendingPathComponent("b.nft").path
        let clock = ManualClock(1_800_000_000)
        let policy = ResponsePolicy(
            families: ["DDoS": FamilyPolicy(actions: [.block], minimumProbability: 0.8, minimumWindows: 2, blockSeconds: 60)],
            blocklist: BlocklistSettings(file: file, table: "shield", set: "bad"),
            allowlist: AllowlistSettings(ranges: [], includeOwnAddresses: false, includeDefaultGateways: false))
        let store = try AlertStore(path: directory.appendingPathComponent("a.sqlite").path)
        let engine = ResponseEngine(policy: policy, store: store, clock: { clock.now })
        let t0 = clock.now

        try engine.record([Self.incident("a", source: "198.51.100.7"), Self.incident("b", source: "2001:db8::66"),
                           Self.incident("c", source: "0.0.0.0"), Self.incident("d", source: "198.51.100.8", probability: 0.6),
                           Self.incident("e", source: "198.51.100.9", windows: 1), Self.incident("f", source: "198.51.100.10", family: "Recon")])
        engine.runPass()
        #expect(try Self.elements(file) == ["add element inet shield bad { 198.51.100.7 timeout 60s }",
                                            "add element inet shield bad6 { 2001:db8::66 timeout 60s }"])
        #expect(try store.actions(incidentID: "c").first?.detail == "never blocked: unspecified address")
        for below in ["d", "e", "f"] { #expect(try store.actions(incidentID: below).isEmpty, "below the bar or no policy: \(below)") }

        // The same incident again decides nothing new; it later grows over the bar and is blocked then.
        var grown = Self.incident("e", source: "198.51.100.9", windows: 1)
        try engine.record([Self.incident("a", source: "198.51.100.7"), grown])
        #expect(try store.actions(incidentID: "a").count == 1)
        clock.now = t0 + 30
        grown.windows = 2
        try engine.record([grown, Self.incident("g", source: "198.51.100.7")])
        #expect(try store.actions(incidentID: "g").first?.status == .extended)
        #expect(try store.actions(incidentID: "e").first?.status == .added)
        engine.runPass()
        #expect(try Self.elements(file).filter { $0.contains("198.51.100.7 ") } == ["add element inet shield bad { 198.51.100.7 timeout 60s }"])

        clock.now = t0 + 61
        engine.runPass()
        #expect(try Self.elements(file) == ["add element inet shield bad { 198.51.100.7 timeout 29s }",
                                            "add element inet shield bad { 198.51.100.9 timeout 29s }"])
        #expect(try store.actions(incidentID: "b").map(\.status) == [.added, .expired])
        clock.now = t0 + 91
        engine.runPass()
        #expect(try Self.elements(file).isEmpty)
        #expect(try store.activeBlocks(now: clock.now).isEmpty)
        #expect(try store.actions(incidentID: "g").map(\.status) == [.extended, .expired])
    }

    @Test func applyBlocksRunsNFTAndRecordsItsAnswer() throws {
        let directory = try Self.scratch()
        let copy = directory.appendingPathComponent("applied.nft").path
        let good = directory.appendingPathComponent("nft-ok").path
        let bad = directory.appendingPathComponent("nft-fails").path
        try Data("#!/bin/sh\n[ \"$1\" = -f ] && cp \"$2\" '\(copy)'\n".utf8).write(to: URL(fileURLWithPath: good))
        try Data("#!/bin/sh\necho 'Error: Could not process rule: Operation not permitted' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: bad))
        for script in [good, bad] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script) }

        for (command, expected) in [(good, ResponseAction.Status.applied), (bad, .applyFailed), ("/nonexistent/nft", .applyFailed)] {
            let file = directory.appendingPathComponent("\(UUID().uuidString).nft").path
            let policy = ResponsePolicy(
                families: ["Mirai": FamilyPolicy(actions: [.block])],
                blocklist: BlocklistSettings(file: file, nftCommand: command),
                allowlist: AllowlistSettings(ranges: [], includeOwnAddresses: false, includeDefaultGateways: false))
            let store = try AlertStore(path: directory.appendingPathComponent("\(UUID().uuidString).sqlite").path)
            let engine = ResponseEngine(policy: policy, store: store, applyBlocks: true)
            try engine.record([Self.incident("m", source: "203.0.113.5", family: "Mirai")])
            engine.runPass()
            let actions = try store.actions(incidentID: "m")
            #expect(actions.map(\.status) == [.added, expected], "\(command)")
            if command == good { #expect(try String(contentsOfFile: copy, encoding: .utf8) == String(contentsOfFile: file, encoding: .utf8)) }
            if command == bad { #expect(actions.last?.detail?.contains("Operation not permitted") == true) }
        }
    }

    /// Incidents raised while the receiver is down wait in the outbox (through a restart of
    /// the engine, as across processes) and reach it exactly once when it is back; a 503
    /// answer is retried.
    @Test func webhookDeliversEachIncidentExactlyOnceAfterTheReceiverComesBack() throws {
        let directory = try Self.scratch()
        let database = directory.appendingPathComponent("alerts.sqlite").path
        let receiver = try WebhookReceiver()
        defer { receiver.close() }
        receiver.statuses = [503, 200]
        let webhook = WebhookSettings(url: try WebhookURL(parsing: receiver.url), headers: ["X-Api-Key": "k1"], timeout: 2,
                                      initialBackoff: 0.05, maximumBackoff: 0.2)
        let policy = ResponsePolicy(families: ["BruteForce": FamilyPolicy(actions: [.webhook]), "DoS": FamilyPolicy(actions: [.webhook])],
                                    webhook: webhook)

        // Run 1, receiver down (the port refuses connections): everything stays queued.
        let first = try Self.replay("testbed_bruteforce_ref03", label: "DictionaryBruteForce", database: database, policy: policy, drain: 0.3)
        let store = try AlertStore(path: database)
        let raisedWhileDown = try store.incidents().map(\.id)
        #expect(raisedWhileDown.count == 2)
        #expect(first.response?.deliveries == ["pending": 2])
        #expect(try raisedWhileDown.flatMap { try store.actions(incidentID: $0) }.contains { $0.status == .retrying })
        #expect(receiver.deliveries.isEmpty)

        // The receiver comes back; run 2 (a new engine on the same store, as after a restart)
        // delivers run 1's incidents and its own.
        receiver.open()
        let second = try Self.replay("testbed_dos_flood_ref04", label: "DoS-HTTP_Flood", database: database, policy: policy)
        let all = try store.incidents().map(\.id)
        #expect(all.count == 4)
        #expect(eventually { receiver.deliveries.count >= 4 })
        let deliveries = receiver.deliveries
        #expect(deliveries.count == 4, "each incident exactly once")
        #expect(Set(deliveries.map(\.incidentID)) == Set(all))
        #expect(Set(deliveries.map(\.idempotencyKey)).count == 4)
        #expect(second.response?.deliveries == ["delivered": 4])
        for delivery in deliveries {
            let body = try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any]
            #expect(body?["id"] as? String == delivery.incidentID)
            #expect(body?["features"] != nil && body?["src_ip"] != nil)
        }
        for id in raisedWhileDown {
            let statuses = try store.actions(incidentID: id).map(\.status)
            #expect(statuses.first == .queued && statuses.last == .delivered && statuses.contains(.retrying), "\(statuses)")
        }
        #expect(deliveries.contains { $0.attempt > 1 })
    }
}
