import Foundation
import Hummingbird
import IoTSensor
@testable import IoTService
import Logging
import Testing

/// What a webhook receiver got: request bodies and idempotency keys, in arrival order.
actor ReceivedWebhooks {
    var keys: [String] = []
    var incidentIDs: [String] = []
    func add(key: String, incidentID: String) { keys.append(key); incidentIDs.append(incidentID) }
    var count: Int { keys.count }
}

@Suite("Mitigation through the service")
struct MitigationTests {
    /// A SIEM-like receiver on its own loopback port (a second Hummingbird app); `body` gets its URL.
    static func withReceiver(_ received: ReceivedWebhooks, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            let key = request.headers.first { $0.name.canonicalName == "idempotency-key" }?.value ?? ""
            await received.add(key: key, incidentID: json["id"] as? String ?? "(no id)")
            return .ok
        }
        var logger = Logger(label: "receiver")
        logger.logLevel = .critical
        try await withRunningApplication({ announce in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: { await announce($0.localAddress?.port ?? 0) }, logger: logger)
        }) { port in try await body("http://127.0.0.1:\(port)/hook") }
    }

    @Test func ingestedAttackIsPostedOnceBlockedAndItsActionsAreListed() async throws {
        let received = ReceivedWebhooks()
        let blocklist = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-\(UUID().uuidString).nft").path
        defer { try? FileManager.default.removeItem(atPath: blocklist) }
        try await Self.withReceiver(received) { url in
            let policy = ResponsePolicy(
                families: ["DDoS": FamilyPolicy(actions: [.webhook, .block], minimumProbability: 0.6, blockSeconds: 120)],
                webhook: WebhookSettings(url: try WebhookURL(parsing: url), timeout: 2, initialBackoff: 0.05, maximumBackoff: 0.2),
                blocklist: BlocklistSettings(file: blocklist),
                allowlist: AllowlistSettings(ranges: [AddressRange("10.0.0.0/24")].compactMap { $0 }))
            try await withService(configure: { $0.responsePolicy = policy }) { h in
                let syn = Array(Samples.rows(label: "DDoS-SYN_Flood").prefix(10))
                var ids: [String] = []
                // Two attackers: one outside the allowlist, one inside; the first sends twice (same incident).
                for source in ["10.7.7.7", "10.7.7.7", "10.0.0.9"] {
                    let response = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "text/csv",
                                                       body: Samples.csv(syn, source: source, destination: "10.0.0.5"))
                    #expect(response.status == .ok)
                    ids += h.json(response)["incidents"] as? [String] ?? []
                }
                let incidents = Array(Set(ids)).sorted()
                #expect(incidents.count == 2)
                let deadline = ContinuousClock.now + .seconds(10)
                while await received.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                #expect(await received.incidentIDs.sorted() == incidents, "each incident posted exactly once")
                #expect(Set(await received.keys).count == 2)

                for id in incidents {
                    let detail = h.json(try await h.request("/v1/alerts/\(id)", token: h.readToken))
                    let actions = detail["actions"] as? [[String: Any]] ?? []
                    let summary = actions.map { "\($0["kind"] as? String ?? "")/\($0["status"] as? String ?? "")" }
                    #expect(detail["id"] as? String == id)
                    let source = detail["src_ip"] as? String
                    if source == "10.7.7.7" {
                        #expect(Set(summary) == ["webhook/queued", "block/added", "webhook/delivered"], "\(summary)")
                    } else {
                        #expect(Set(summary) == ["webhook/queued", "block/skipped", "webhook/delivered"], "\(summary)")
                        #expect((actions.first { $0["kind"] as? String == "block" }?["detail"] as? String)?.contains("10.0.0.0/24") == true)
                    }
                }
                let elements = try String(contentsOfFile: blocklist, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("add element") }
                #expect(elements.count == 1 && elements.first?.contains("{ 10.7.7.7 timeout ") == true)
            }
        }
        // Nothing more arrives after the service has stopped.
        #expect(await received.count == 2)
    }
}
