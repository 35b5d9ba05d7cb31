import Foundation
import IoTStorePostgres
import Testing
@testable import IoTSensor

/// What the alert store promises, on every backend: the same calls give the same answers on
/// SQLite and on PostgreSQL (run with a server by `make test`).
@Suite("Alert store contract (SQLite and PostgreSQL)")
struct StoreContractTests {
    static func incident(_ id: String, source: String?, destination: String = "192.0.2.10", family: String = "DDoS",
                         firstSeen: Double = 1_700_000_000, probability: Float = 0.9, windows: Int = 3) -> Incident {
        Incident(id: id, className: family == "DDoS" ? "DDoS-UDP_Flood" : "Recon-PortScan", family: family, sourceIP: source,
                 destinationIP: destination, protocolNumber: 17, firstSeen: firstSeen, lastSeen: firstSeen + 1, windows: windows,
                 peakProbability: probability, modelIdentifier: "test", peakFeatures: [1, .infinity, -.infinity, 0.1, 6.02e23])
    }

    @Test(arguments: TestStores.kinds)
    func incidentsAreStoredUpdatedFilteredAndAcknowledged(on kind: StoreKind) throws {
        let store = try AlertStore(database: TestStores.database(kind))
        #expect(store.database.dialect.rawValue == kind.rawValue)
        #expect(try store.count() == 0 && store.incidents().isEmpty)
        let a = Self.incident("a", source: "10.0.0.1", firstSeen: 1_700_000_000, probability: 0.95)
        let b = Self.incident("b", source: "10.0.0.2", family: "Recon", firstSeen: 1_700_000_100, probability: 0.6)
        let c = Self.incident("c", source: nil, destination: "10.0.0.1", firstSeen: 1_700_000_200)
        try store.record([a, b], source: "sensor")
        var grown = a
        grown.windows = 40
        grown.lastSeen = 1_700_000_300
        try store.record([IncidentBatch(incidents: [c], source: "ingest"), IncidentBatch(incidents: [grown], source: "edge-1")])

        #expect(try store.count() == 3)
        #expect(try store.incidents().map(\.id) == ["c", "b", "a"], "newest first")
        let stored = try #require(try store.incident(id: "a"))
        #expect(stored.windows == 40 && stored.lastSeen == 1_700_000_300 && stored.firstSeen == 1_700_000_000)
        #expect(stored.peakProbability == 0.95 && stored.protocolNumber == 17 && stored.destinationIP == "192.0.2.10")
        #expect(stored.peakFeatures.map(\.bitPattern) == a.peakFeatures.map(\.bitPattern))
        #expect(try store.incident(id: "c")?.sourceIP == nil)
        #expect(try store.incident(id: "nope") == nil)

        var query = AlertStore.Query()
        query.family = "Recon"
        #expect(try store.incidents(query).map(\.id) == ["b"])
        query = AlertStore.Query()
        query.host = "10.0.0.1"
        #expect(try store.incidents(query).map(\.id) == ["c", "a"], "source or destination")
        query = AlertStore.Query()
        query.minimumProbability = 0.85  // b is 0.6; a and c 0.95 and 0.9 (as Float)
        #expect(try store.incidents(query).map(\.id) == ["c", "a"])
        query = AlertStore.Query()
        query.since = 1_700_000_150
        #expect(try store.incidents(query).map(\.id) == ["c", "a"], "last_seen ≥ since")
        query = AlertStore.Query()
        query.until = 1_700_000_050
        #expect(try store.incidents(query).map(\.id) == ["a"], "first_seen ≤ until")
        query = AlertStore.Query()
        query.limit = 1
        query.offset = 1
        #expect(try store.incidents(query).map(\.id) == ["b"])

        #expect(try store.acknowledge(id: "b", at: 1_800_000_000))
        #expect(try !store.acknowledge(id: "nope"))
    }

    @Test(arguments: TestStores.kinds)
    func outboxQueuesOncePerIncidentLeasesExclusivelyAndRecordsAttempts(on kind: StoreKind) throws {
        let store = try AlertStore(database: TestStores.database(kind))
        let incident = Self.incident("w", source: "10.0.0.9")
        let queued = try store.database.write { db -> [Bool] in
            try AlertStore.write([incident], source: "sensor", in: db)
            return [try AlertStore.enqueueDelivery(incidentID: "w", url: "http://127.0.0.1:9/h", payload: "{}", now: 100, in: db),
                    try AlertStore.enqueueDelivery(incidentID: "w", url: "http://127.0.0.1:9/h", payload: "{}", now: 100, in: db)]
        }
        #expect(queued == [true, false], "one delivery per incident, ever")
        #expect(try store.outboxCounts() == ["pending": 1])
        #expect(try store.nextDeliveryDue() == 100)
        #expect(try store.dueDeliveries(now: 99, limit: 10).isEmpty)
        let entry = try #require(try store.dueDeliveries(now: 100, limit: 10).first)
        #expect(entry.incidentID == "w" && entry.attempts == 0 && entry.idempotencyKey.hasPrefix("iotshield-"))

        #expect(try store.leaseDelivery(id: entry.id, now: 100, until: 130))
        #expect(try !store.leaseDelivery(id: entry.id, now: 110, until: 140), "held by the first lease")
        #expect(try store.dueDeliveries(now: 110, limit: 10).isEmpty)
        #expect(try store.nextDeliveryDue() == 130, "a lease pushes the row's next chance out")

        try store.finishAttempt(entry, action: ResponseAction(kind: .webhook, status: .retrying, target: entry.url, detail: "503", at: 111),
                                nextAttemptAt: 150, error: "HTTP 503")
        #expect(try store.nextDeliveryDue() == 150)
        let again = try #require(try store.dueDeliveries(now: 150, limit: 10).first)
        #expect(again.attempts == 1)
        #expect(try store.leaseDelivery(id: again.id, now: 150, until: 180))
        try store.finishAttempt(again, action: ResponseAction(kind: .webhook, status: .delivered, target: again.url, detail: "200", at: 151),
                                nextAttemptAt: nil, error: nil)
        #expect(try store.outboxCounts() == ["delivered": 1])
        #expect(try store.nextDeliveryDue() == nil)
        #expect(try store.actions(incidentID: "w").map(\.status) == [.retrying, .delivered])
        #expect(try store.actions(incidentID: "unknown").isEmpty)
    }

    @Test(arguments: TestStores.kinds)
    func blocksAreAddedExtendedNeverShortenedAndExpire(on kind: StoreKind) throws {
        let store = try AlertStore(database: TestStores.database(kind))
        let decisions = try store.database.write { db -> [Bool] in
            [try AlertStore.hasBlockDecision(incidentID: "x", in: db),
             try AlertStore.upsertBlock(address: "198.51.100.7", incidentID: "x", family: "DDoS", now: 10, expiresAt: 70, in: db),
             try AlertStore.upsertBlock(address: "198.51.100.7", incidentID: "y", family: "DDoS", now: 20, expiresAt: 50, in: db),
             try AlertStore.upsertBlock(address: "198.51.100.8", incidentID: "z", family: "Recon", now: 20, expiresAt: 40, in: db)]
        }
        #expect(decisions == [false, false, true, false], "second upsert of .7 finds it blocked")
        let blocks = try store.activeBlocks(now: 30)
        #expect(blocks.map(\.address) == ["198.51.100.7", "198.51.100.8"])
        #expect(blocks.first?.expiresAt == 70, "an earlier expiry never shortens a block")
        #expect(blocks.first?.incidentID == "y")
        #expect(try store.nextBlockExpiry() == 40)
        #expect(try store.expireBlocks(now: 40).map(\.address) == ["198.51.100.8"])
        #expect(try store.activeBlocks(now: 40).map(\.address) == ["198.51.100.7"])
        #expect(try store.actions(incidentID: "z").map(\.status) == [.expired])
        let decided = try store.database.write { db in try AlertStore.hasBlockDecision(incidentID: "z", in: db) }
        #expect(decided)
    }

    /// Every spelling of a password libpq accepts is hidden from messages.
    @Test func connectionStringsHideTheirPasswords() throws {
        let cases: [(String, String)] = [
            ("postgres://u:secret@h:5432/db?sslmode=require", "postgres://u:***@h:5432/db?sslmode=require"),
            ("postgres://app:s3cr?t@db/iot", "postgres://app:***@db/iot"),
            ("postgresql://u@h/db?sslmode=disable&password=secret", "postgresql://u@h/db?sslmode=disable&password=***"),
            ("postgres://u:p%40ss@h/db?password=x", "postgres://u:***@h/db?password=***"),
            ("host=h password=secret dbname=db", "host=h password=*** dbname=db"),
            ("host=h password = 'two words' dbname=db", "host=h password = *** dbname=db"),
            ("host=h\tpassword='it\\'s' user=u", "host=h\tpassword=*** user=u"),
            ("postgres://u@h/db", "postgres://u@h/db"),
        ]
        for (text, redacted) in cases {
            let string = try PostgresConnectionString(text)
            #expect(string.redacted == redacted, "\(text)")
        }
        let refused = #expect(throws: AlertStoreError.self) { try PostgresConnectionString("mysql://u:secret@h/db") }
        #expect(refused?.description.contains("secret") == false)
        #expect(try PostgresConnectionString("postgres://u:ab%zz@h/db").scrub("invalid percent-encoded token: \"ab%zz\"")
                == "invalid percent-encoded token: \"***\"")
    }

    @Test func placeholdersAreNumberedOutsideQuotes() {
        #expect(PostgresPlaceholders.numbered("SELECT ? , '?' , \"a?\" , ?") == "SELECT $1 , '?' , \"a?\" , $2")
        #expect(PostgresPlaceholders.numbered("no placeholders") == "no placeholders")
    }
}
