import Foundation
import Hummingbird
@testable import IoTService
import NIOCore
import Testing

@Suite("hostile bodies are refused with 4xx and the server keeps serving")
struct HostileInputTests {
    @Test func refusals() async throws {
        try await withService(configure: { $0.maxRecords = 100 }) { h in
            let row = try #require(Samples.rows(label: "DDoS-SYN_Flood").first)
            func post(_ body: String, type: String = "application/json") async throws -> LoopbackResponse {
                try await h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: type, body: body)
            }
            #expect(try await post("{\"Rate\": 1,", type: "application/json").status == .badRequest)
            #expect(try await post("hello", type: "text/plain").status == .unsupportedMediaType)
            #expect(try await post("[]").status == .badRequest)
            #expect(try await post("42").status == .badRequest)

            var nan = Samples.object(row)
            nan["Rate"] = "NaN"
            let nanResponse = try await post(Samples.json([Samples.object(row), nan]))
            #expect(nanResponse.status == .badRequest)
            #expect(h.json(nanResponse)["field"] as? String == "Rate")
            #expect(h.json(nanResponse)["record"] as? Int == 1)
            var inf = Samples.object(row)
            inf["IAT"] = "inf"
            #expect(try await post(Samples.json(inf)).status == .badRequest)
            var text = Samples.object(row)
            text["Tot sum"] = "lots"
            let textResponse = try await post(Samples.json(text))
            #expect(h.json(textResponse)["field"] as? String == "Tot sum")

            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            let deepResponse = try await post(deep)
            #expect(deepResponse.status == .badRequest)
            #expect((h.json(deepResponse)["error"] as? String)?.contains("nested") == true)

            let many = Samples.json(Array(repeating: Samples.object(row), count: 101))
            #expect(try await post(many).status == .contentTooLarge)
            let csvMany = Samples.csv(Array(repeating: row, count: 101))
            #expect(try await post(csvMany, type: "text/csv").status == .contentTooLarge)
            let ragged = Samples.header + "\n1,2,3\n"
            let raggedResponse = try await post(ragged, type: "text/csv")
            #expect(raggedResponse.status == .badRequest)
            #expect(h.json(raggedResponse)["record"] as? Int == 0)

            // 100 MB: refused with 413 (on its Content-Length, before it is read).
            var huge = ByteBuffer()
            huge.writeRepeatingByte(UInt8(ascii: " "), count: 100 * 1024 * 1024)
            let big = try? await h.client.execute(uri: "/v1/flows", method: .post, headers: [
                .authorization: "Bearer \(h.ingestToken)", .contentType: "application/json"], body: huge)
            if let big { #expect(big.status == .contentTooLarge) }

            // Still serving.
            #expect(try await h.request("/healthz", token: nil).status == .ok)
            #expect(try await post(Samples.json(Samples.object(row))).status == .ok)
        }
    }

    @Test func fullInFlightLimitAnswers429AndCountsIt() async throws {
        let gate = ScoringGate()
        defer { gate.open() }
        try await withService(scorer: SynFloodTestScorer(gate: gate), configure: { $0.maxInFlight = 1 }) { h in
            let row = try #require(Samples.rows(label: "Benign_Final").first)
            let body = Samples.json(Array(repeating: Samples.object(row), count: 40))
            // The first request holds the only slot until the gate opens: it is scoring (its
            // thread waits at the gate) before the second is sent, and still is when the 429
            // comes back. No timing guess, so a loaded 2-core machine cannot make it pass early.
            async let first = h.request("/v1/flows", method: .post, token: h.ingestToken, contentType: "application/json", body: body)
            let deadline = ContinuousClock.now + .seconds(30)
            while gate.waiting < 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            #expect(h.service.limiter.current == 1)
            let rejected = try await h.client.execute(uri: "/v1/flows", method: .post, headers: [
                .authorization: "Bearer \(h.ingestToken)", .contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(rejected.status == .tooManyRequests)
            gate.open()
            #expect(try await first.status == .ok)
            let metrics = String(buffer: try await h.request("/metrics", token: h.readToken).body)
            #expect(metrics.contains("iotshield_ingest_rejected_total 1"))
            #expect(metrics.contains("iotshield_records_ingested_total 40"))
            #expect(metrics.contains("iotshield_predictions_total{class=\"BenignTraffic\"} 40"))
            #expect(metrics.contains("iotshield_ingest_duration_seconds_bucket"))
            #expect(metrics.contains("iotshield_ingest_in_flight 0"))
        }
    }
}
