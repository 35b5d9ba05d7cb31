import Foundation
import IoTStorePostgres
import Testing
@testable import IoTSensor

/// The PostgreSQL store as several servers use it: two stores (two processes' worth of
/// connections) on one database, writing at once; two response engines sharing one outbox;
/// and clear errors for bad URLs and unreachable servers.
@Suite("PostgreSQL alert store", .enabled(if: TestStores.postgresURL != nil, "needs scripts/with-postgres.sh (make test)"))
struct PostgresStoreTests {
    /// Four threads on each of two stores write incidents and block the same addresses at
    /// once: no write fails (the advisory lock serialises read-then-write steps that would
    /// otherwise race on the block table's key), every incident lands, one block per address.
    @Test func twoStoresWritingAtOnceLoseNothingAndNeverCollide() throws {
        let url = try TestStores.newPostgresDatabase()
        let stores = [try AlertStore(database: PostgresStoreDatabase(url: url)), try AlertStore(database: PostgresStoreDatabase(url: url))]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let store = stores[worker % 2]
            for i in 0..<25 {
                do {
                    let incident = StoreContractTests.incident("w\(worker)-\(i)", source: "10.1.0.\(i % 5)")
                    try store.record([incident], source: "server-\(worker % 2)")
                    _ = try store.database.write { db in
                        try AlertStore.upsertBlock(address: "10.1.0.\(i % 5)", incidentID: incident.id, family: "DDoS",
                                                   now: Double(i), expiresAt: Double(100 + i), in: db)
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        #expect(try stores[0].count() == 200)
        #expect(try stores[1].incidents({ var q = AlertStore.Query(); q.limit = 1_000; return q }()).count == 200)
        let blocks = try stores[1].activeBlocks(now: 0)
        #expect(blocks.map(\.address) == (0..<5).map { "10.1.0.\($0)" })
        for (k, block) in blocks.enumerated() { #expect(block.expiresAt == Double(120 + k), "the latest expiry of 10.1.0.\(k) wins") }
    }

    /// Two response engines (as in two servers) run their workers on one shared outbox: the
    /// leases let exactly one of them deliver each incident.
    @Test func twoEnginesOnOneOutboxDeliverEachIncidentExactlyOnce() throws {
        let url = try TestStores.newPostgresDatabase()
        let receiver = try WebhookReceiver()
        defer { receiver.close() }
        receiver.open()
        let webhook = WebhookSettings(url: try WebhookURL(parsing: receiver.url), headers: [:], timeout: 2, initialBackoff: 0.05,
                                      maximumBackoff: 0.2)
        let policy = ResponsePolicy(families: ["DDoS": FamilyPolicy(actions: [.webhook])], webhook: webhook)
        let engines = [ResponseEngine(policy: policy, store: try AlertStore(database: PostgresStoreDatabase(url: url))),
                       ResponseEngine(policy: policy, store: try AlertStore(database: PostgresStoreDatabase(url: url)))]
        for engine in engines { engine.start() }
        for i in 0..<30 {
            try engines[i % 2].record([StoreContractTests.incident("i\(i)", source: "10.2.0.\(i)")], source: "server-\(i % 2)")
        }
        // Both engines see the other's rows: a second record of the same incident queues nothing.
        try engines[1].record([StoreContractTests.incident("i0", source: "10.2.0.0")], source: "server-1")
        #expect(eventually { receiver.deliveries.count >= 30 })
        Thread.sleep(forTimeInterval: 0.5)  // time for a duplicate to show up, if the leases failed
        for engine in engines { engine.stop() }
        let deliveries = receiver.deliveries
        #expect(deliveries.count == 30)
        #expect(Set(deliveries.map(\.incidentID)) == Set((0..<30).map { "i\($0)" }))
        #expect(try engines[0].store.outboxCounts() == ["delivered": 30])
    }

    @Test func badURLsAndUnreachableServersFailWithClearMessages() throws {
        func message(_ url: String) -> String {
            do { _ = try PostgresStoreDatabase(url: url); return "opened" } catch { return "\(error)" }
        }
        #expect(message("mysql://u@h/db").contains("neither a postgres:// URL"))
        #expect(message("postgres://u@127.0.0.1/db?sslmode=maybe").contains("sslmode"))
        // A closed port: the message names the server (never the password) and the reason.
        for url in ["postgres://u:secret@127.0.0.1:1/db?sslmode=disable", "postgres://u@127.0.0.1:1/db?password=secret&sslmode=disable",
                    "postgres://u:se%23cret@127.0.0.1:1/db?sslmode=disable", "host=127.0.0.1 port=1 user=u password=secret dbname=db",
                    "postgres://u:secr?t@127.0.0.1:1/db", "host=127.0.0.1 port=1 user=u password = 'sec ret' dbname=db"] {
            let refused = message(url)
            #expect(refused.contains("connecting to") && refused.contains("127.0.0.1") && refused.contains("refused"), "\(refused)")
            #expect(!refused.contains("secret") && !refused.contains("se%23") && !refused.contains("secr?t") && !refused.contains("sec ret"),
                    "\(refused)")
        }
        // libpq's own message quoting a badly encoded password: scrubbed.
        let badEncoding = message("postgres://u:ab%zz@127.0.0.1:1/db")
        #expect(badEncoding.contains("percent") && !badEncoding.contains("ab%zz"), "\(badEncoding)")
        // A wrong password: the server's words, without the password.
        let base = try #require(TestStores.postgresURL)
        let components = try #require(URLComponents(string: base))
        var wrong = components
        wrong.password = "not-the-password"
        let refusedLogin = message(try #require(wrong.string))
        #expect(refusedLogin.contains("password authentication failed") && !refusedLogin.contains("not-the-password"), "\(refusedLogin)")
        // A database that does not exist: the server's own words.
        let missing = message(base.replacingOccurrences(of: "/postgres?", with: "/no_such_db?"))
        #expect(missing.contains("no_such_db") && missing.contains("does not exist"), "\(missing)")
    }

    /// A pooled connection the server ended while it sat idle (as a restart does) is replaced
    /// on the next call, which succeeds.
    @Test func aConnectionEndedWhileIdleIsReplaced() throws {
        let url = try TestStores.newPostgresDatabase()
        let store = try AlertStore(database: PostgresStoreDatabase(url: url, maxConnections: 1))
        try store.record([StoreContractTests.incident("before", source: "10.4.0.1")])
        let admin = try PostgresStoreDatabase(url: url, maxConnections: 1)
        let ended = try admin.read { db in
            try db.rows("SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        }
        #expect(ended.count == 1, "the store's one pooled connection")
        try store.record([StoreContractTests.incident("after", source: "10.4.0.2")])
        #expect(try store.count() == 2)
    }

    /// Statements the server refuses come back with its message and SQLSTATE, and the
    /// transaction is rolled back: nothing of it stays.
    @Test func aFailedWriteRollsBackAndSaysWhy() throws {
        let store = try AlertStore(database: TestStores.database(.postgres))
        let error = #expect(throws: AlertStoreError.self) {
            try store.database.write { db in
                try AlertStore.write([StoreContractTests.incident("r", source: "10.3.0.1")], source: "sensor", in: db)
                try db.execute("INSERT INTO no_such_table VALUES (1)")
            }
        }
        #expect(error?.description.contains("no_such_table") == true && error?.description.contains("42P01") == true,
                "\(String(describing: error))")
        #expect(try store.count() == 0)
        try store.record([StoreContractTests.incident("r", source: "10.3.0.1")])
        #expect(try store.count() == 1, "the connection is usable after the failure")
    }
}

/// Errors collected from concurrent workers.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}
