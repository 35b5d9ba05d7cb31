import Foundation
import IoTSensor
@testable import IoTService
import Logging
import Testing

@Suite("ingest → prediction → alert → store, list and push")
struct IngestTests {
    @Test func csvIngestStoresAlertsListsThemAndPushesThem() async throws {
        try await withService { h in
            let received = ReceivedEvents()
            // Subscribe to the live push first; wait for the server's "subscribed" message.
            let subscribed = AsyncStream.makeStream(of: Void.self)
            let socket = Task {
                let stream = try await LoopbackWebSocket.connect(url: "ws://127.0.0.1:\(h.port)/v1/alerts/stream",
                                                                 headers: [("Authorization", "Bearer \(h.readToken)")])
                while let message = try await stream.receive() {
                    guard case .text(let text) = message else { continue }
                    if text.contains("subscribed") { subscribed.continuation.yield(); continue }
                    await received.add(text)
                    if await received.count >= 1 { break }
                }
                await stream.close()
            }
            for await _ in subscribed.stream { break }

            let syn = Array(Samples.rows(label: "DDoS-SYN_Flood").prefix(20))
            let benign = Array(Samples.rows(label: "Benign_Final").prefix(20))
            let response = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "text/csv",
                                               body: Samples.csv(syn + benign))
            #expect(response.status == .ok)
            let answer = try JSONDecoder().decode(IngestResponse.self, from: Data(response.body.readableBytesView))
            #expect(answer.records == 40)
            #expect(answer.model_id == "test-syn-rule")
            #expect(answer.predictions.prefix(20).filter(\.is_attack).count >= 18)
            #expect(answer.predictions.suffix(20).allSatisfy { !$0.is_attack })
            #expect(answer.predictions[0].sensor == "gw-1")
            #expect(answer.incidents.count == 1, "one attacker, one victim, one class → one incident")
            let id = try #require(answer.incidents.first)

            // Stored before the answer was sent.
            let stored = try #require(try h.service.store.incident(id: id))
            #expect(stored.family == "DDoS")
            #expect(stored.sourceIP == "10.0.0.66")
            #expect(stored.windows == answer.predictions.filter(\.is_attack).count)

            let list = try await h.request("/v1/alerts?family=DDoS&host=10.0.0.66&min_probability=0.5", token: h.readToken)
            #expect(list.status == .ok)
            let incidents = h.json(list)["incidents"] as? [[String: Any]] ?? []
            #expect(incidents.map { $0["id"] as? String } == [id])
            #expect(h.json(try await h.request("/v1/alerts?family=Recon", token: h.readToken))["count"] as? Int == 0)
            #expect(h.json(try await h.request("/v1/alerts?since=2999-01-01T00:00:00Z", token: h.readToken))["count"] as? Int == 0)
            #expect(try await h.request("/v1/alerts?since=yesterday", token: h.readToken).status == .badRequest)
            #expect(try await h.request("/v1/alerts/\(id)", token: h.readToken).status == .ok)
            #expect(try await h.request("/v1/alerts/nope", token: h.readToken).status == .notFound)
            #expect(try await h.request("/v1/alerts/\(id)/ack", method: .post, token: h.adminToken).status == .ok)

            // Pushed on the WebSocket.
            try await socket.value
            let events = await received.texts
            #expect(events.first?.contains(id) == true)
            #expect(events.first?.contains("\"opened\"") == true)
        }
    }

    @Test func jsonShapesAndTheV1Layout() async throws {
        try await withService { h in
            let row = try #require(Samples.rows(label: "DDoS-SYN_Flood").first)
            let one = Samples.object(row, extra: ["src_ip": "10.1.1.1", "dest_ip": "10.1.1.2", "sensor": "s1", "ts": 1_700_000_000])
            for body in [Samples.json(one), Samples.json([one, one]), Samples.json(["records": [one]])] {
                let response = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "application/json", body: body)
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let predictions = h.json(response)["predictions"] as? [[String: Any]] ?? []
                #expect(predictions.first?["class"] as? String == "DDoS-SYN_Flood")
                #expect(predictions.first?["is_attack"] as? Bool == true)
            }
            // v1 layout: v1 names, Duration for TTL, no IGMP, v1-only columns ignored.
            var v1 = one
            v1["Duration"] = v1.removeValue(forKey: "Time_To_Live")
            v1.removeValue(forKey: "IGMP")
            for extra in ["flow_duration", "Srate", "Drate", "urg_count", "Magnitue", "Radius", "Covariance", "Weight"] { v1[extra] = 0 }
            let response = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "application/json",
                                               body: Samples.json(v1))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            // v2 without IGMP is not v1: the field is named.
            var partial = one
            partial.removeValue(forKey: "IGMP")
            let missing = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "application/json",
                                              body: Samples.json([one, partial]))
            #expect(missing.status == .badRequest)
            #expect(h.json(missing)["field"] as? String == "IGMP")
            #expect(h.json(missing)["record"] as? Int == 1)
        }
    }

    @Test func webSocketIngestAnswersEachMessageAndSurvivesBadOnes() async throws {
        try await withService { h in
            let row = try #require(Samples.rows(label: "DDoS-SYN_Flood").first)
            let good = Samples.json(Samples.object(row, extra: ["src_ip": "10.2.2.2", "dest_ip": "10.2.2.3"]))
            let replies = ReceivedEvents()
            let stream = try await LoopbackWebSocket.connect(url: "ws://127.0.0.1:\(h.port)/v1/flows/stream",
                                                             headers: [("Authorization", "Bearer \(h.ingestToken)")])
            for message in [good, "{not json", "[" + good + "]"] {
                try await stream.send(text: message)
                if case .text(let text) = try await stream.receive() { await replies.add(text) }
            }
            await stream.close()
            let texts = await replies.texts
            #expect(texts.count == 3)
            #expect(texts[0].contains("\"is_attack\":true"))
            #expect(texts[1].contains("\"status\":400"))
            #expect(texts[2].contains("DDoS-SYN_Flood"))
        }
    }

    @Test func withoutAModelIngestIs503AndHotReloadLoadsOne() async throws {
        try await withService(scorer: nil) { h in
            #expect(try await h.request("/readyz", token: nil).status == .serviceUnavailable)
            let row = try #require(Samples.rows(label: "DDoS-SYN_Flood").first)
            let body = Samples.json(Samples.object(row))
            #expect(try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "application/json", body: body).status
                    == .serviceUnavailable)
            let bad = try await h.request("/v1/model", method: .post, token: h.adminToken, contentType: "application/json",
                                          body: #"{"path": "/nonexistent/model.iotm"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try await h.request("/v1/model", method: .post, token: h.readToken, contentType: "application/json",
                                        body: #"{"path": "builtin:rules"}"#).status == .forbidden)
            let loaded = try await h.request("/v1/model", method: .post, token: h.adminToken, contentType: "application/json",
                                             body: #"{"path": "builtin:rules"}"#)
            #expect(loaded.status == .ok)
            #expect(h.json(loaded)["model_id"] as? String == "builtin-syn-rule-v1")
            #expect(try await h.request("/readyz", token: nil).status == .ok)
            let response = try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "application/json", body: body)
            #expect(response.status == .ok)
            #expect(h.json(response)["model_id"] as? String == "builtin-syn-rule-v1")
        }
    }
}

actor ReceivedEvents {
    var texts: [String] = []
    func add(_ text: String) { texts.append(text) }
    var count: Int { texts.count }
}
