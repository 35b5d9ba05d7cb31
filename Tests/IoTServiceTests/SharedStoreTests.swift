import Foundation
import IoTSensor
@testable import IoTService
import IoTStorePostgres
import Testing

/// Two servers on one PostgreSQL store (`serve --postgres URL`), as a team runs several
/// collectors' servers: what one stores, the other lists, acknowledges and counts; a token made
/// on one opens the other.
@Suite("shared PostgreSQL store", .enabled(if: ServiceStores.postgresServer != nil, "needs scripts/with-postgres.sh (make test)"))
struct SharedStoreTests {
    @Test func twoServersShareIncidentsAcknowledgementsStatisticsAndTokens() async throws {
        let url = try ServiceStores.newPostgresDatabase()
        try await withService(configure: { $0.postgresURL = url }) { a in
            #expect(a.service.store.location.hasPrefix("postgres://"))
            try await withService(configure: { $0.postgresURL = url }) { b in
                let syn = Array(Samples.rows(label: "DDoS-SYN_Flood").prefix(20))
                let ingest = try await a.request("/v1/flows", method: .post, token: a.ingestToken, contentType: "text/csv",
                                                 body: Samples.csv(syn))
                #expect(ingest.status == .ok)
                let answer = try JSONDecoder().decode(IngestResponse.self, from: Data(ingest.body.readableBytesView))
                let id = try #require(answer.incidents.first)

                // B lists A's incident, with A's read token (tokens live in the shared store too).
                let list = try await b.request("/v1/alerts?family=DDoS&host=10.0.0.66", token: a.readToken)
                #expect(list.status == .ok)
                #expect((b.json(list)["incidents"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
                #expect(try await b.request("/v1/alerts/\(id)/ack", method: .post, token: b.adminToken).status == .ok)
                let detail = a.json(try await a.request("/v1/alerts/\(id)", token: b.readToken))
                #expect(detail["id"] as? String == id, "\(detail)")

                // Statistics on PostgreSQL (its own SQL for the per-minute timeline and window sums).
                let stats = b.json(try await b.request("/v1/stats", token: b.readToken))
                let store = try #require(stats["store"] as? [String: Any])
                #expect(store["backend"] as? String == "postgres")
                #expect((store["location"] as? String)?.contains(":***@") == true, "\(store)")
                let incidents = try #require(stats["incidents"] as? [String: Any])
                #expect(incidents["incidents_total"] as? Int == 1)
                #expect(incidents["incidents_unacknowledged"] as? Int == 0)
                #expect((incidents["per_family"] as? [String: Int]) == ["DDoS": 1])
                let timeline = try #require(incidents["timeline"] as? [[String: Any]])
                let firstSeen = try #require(try a.service.store.incident(id: id)).firstSeen
                #expect(timeline.count == 1)
                #expect(timeline.first?["minute"] as? Double == (firstSeen / 60).rounded(.down) * 60, "\(timeline)")
                let top = try #require((incidents["top_sources"] as? [[String: Any]])?.first)
                #expect(top["host"] as? String == "10.0.0.66" && top["windows"] as? Int == answer.predictions.filter(\.is_attack).count)

                // A token revoked through one server is refused by both from the next request on.
                let readID = try #require(TokenCredential(parsing: a.readToken)?.id)
                #expect(try b.service.tokens.revoke(id: readID))
                #expect(try await a.request("/v1/alerts", token: a.readToken).status == .unauthorized)
                #expect(try await b.request("/v1/alerts", token: a.readToken).status == .unauthorized)
            }
        }
    }
}
