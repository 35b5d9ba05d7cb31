import Foundation
import Hummingbird
import IoTData
import IoTSensor
@testable import IoTService
import IoTStorePostgres
import Logging
import NIOCore
import Testing

/// A deterministic scorer that reads real feature semantics: a window whose packets are mostly
/// SYN (`syn_flag_number` > 0.5) with almost no ACK (`ack_flag_number` < 0.2) is
/// `DDoS-SYN_Flood`, with probability 0.5 + syn/2; everything else is benign. With a `gate`,
/// scoring waits until the test opens it (backpressure tests: a request that holds its slot
/// for exactly as long as the test needs, however loaded the machine).
struct SynFloodTestScorer: WindowScorer {
    let classNames = ["BenignTraffic", "DDoS-SYN_Flood"]
    let benignClass = 0
    var modelIdentifier = "test-syn-rule"
    var gate: ScoringGate?
    static let syn = FeatureLayout.v2.featureNames.firstIndex(of: "syn_flag_number")!
    static let ack = FeatureLayout.v2.featureNames.firstIndex(of: "ack_flag_number")!

    func score(_ features: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        gate?.pass()
        let syn = features[Self.syn]
        if syn > 0.5 && features[Self.ack] < 0.2 {
            probabilities[1] = 0.5 + syn / 2
            probabilities[0] = 1 - probabilities[1]
        } else {
            probabilities[0] = 0.9
            probabilities[1] = 0.1
        }
    }
}

/// A gate scoring threads wait at until the test opens it (or, for the first waiter, 60 s pass,
/// so a broken test fails instead of hanging the suite); `waiting` counts the threads that have arrived.
final class ScoringGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    private var arrived = 0

    func pass() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        let deadline = Date().addingTimeInterval(60)
        while !isOpen {
            if !condition.wait(until: deadline) { isOpen = true }
        }
    }

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }

    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return arrived
    }
}

/// Real CICIoT2023 v2 rows from the bundled sample.
enum Samples {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let path = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-robotumbel-sample.csv").path

    static let lines: [String] = {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).map(String.init)
    }()
    static var header: String { lines[0] }
    static var rows: [String] { Array(lines.dropFirst()) }
    static func rows(label: String) -> [String] { rows.filter { $0.hasSuffix("," + label) } }

    /// A CSV body with `src_ip`, `dest_ip`, `sensor` columns added.
    static func csv(_ rows: [String], source: String = "10.0.0.66", destination: String = "10.0.0.5", sensor: String = "gw-1") -> String {
        ([header + ",src_ip,dest_ip,sensor"] + rows.map { "\($0),\(source),\(destination),\(sensor)" }).joined(separator: "\n") + "\n"
    }

    /// One row as a JSON object (features by name, numbers), with extra fields.
    static func object(_ row: String, extra: [String: Any] = [:]) -> [String: Any] {
        let names = header.split(separator: ",").map(String.init)
        let values = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var object: [String: Any] = extra
        for (name, value) in zip(names, values) { object[name] = Double(value) ?? value }
        return object
    }

    static func json(_ value: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value)) ?? Data(), as: UTF8.self)
    }
}

/// A running service on a loopback port with one token of each role.
struct Harness: Sendable {
    let service: IoTShieldService
    let client: LoopbackHTTPClient
    let port: Int
    let ingestToken: String
    let readToken: String
    let adminToken: String

    func request(_ uri: String, method: HTTPRequest.Method = .get, token: String?, contentType: String? = nil,
                 body: String? = nil) async throws -> LoopbackResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func json(_ response: LoopbackResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }
}

func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("iotservice-\(UUID().uuidString).sqlite").path
}

/// Starts the real server (port 0 on 127.0.0.1) and runs `body` against it.
func withService(scorer: (any WindowScorer)? = SynFloodTestScorer(), configure: (inout ServiceConfiguration) -> Void = { _ in },
                 _ body: @escaping @Sendable (Harness) async throws -> Void) async throws {
    var configuration = ServiceConfiguration()
    configuration.port = 0
    configuration.databasePath = temporaryDatabase()
    configure(&configuration)
    let service = try IoTShieldService(configuration: configuration, scorer: scorer, scorerOrigin: "test")
    let ingest = try service.tokens.create(role: .ingest).text
    let read = try service.tokens.create(role: .read).text
    let admin = try service.tokens.create(role: .admin).text
    var logger = Logger(label: "iotservice-tests")
    logger.logLevel = .critical
    service.response?.start()
    defer { service.response?.stop() }
    try await withRunningApplication({ service.makeApplication(logger: logger, onListening: $0) }) { port in
        let harness = Harness(service: service, client: LoopbackHTTPClient(port: port), port: port, ingestToken: ingest, readToken: read, adminToken: admin)
        try await body(harness)
    }
}

/// Runs the application `make` builds (handing it the callback that learns the bound port)
/// until `body`, given that port, returns; then stops it by cancellation.
func withRunningApplication<App: ApplicationProtocol>(_ make: (@escaping @Sendable (Int) async -> Void) -> App,
                                                     _ body: (Int) async throws -> Void) async throws {
    let (ports, announce) = AsyncStream.makeStream(of: Int.self)
    let app = make { port in announce.yield(port) }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            defer { announce.finish() }
            try await app.run()
        }
        var listening = ports.makeAsyncIterator()
        guard let port = await listening.next() else {
            try await group.waitForAll()  // rethrows why it did not start
            throw LoopbackError("the server stopped before it listened")
        }
        do {
            try await body(port)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
}

/// Fresh alert stores for tests that start servers: a SQLite file, or (when `make test`'s
/// `scripts/with-postgres.sh` runs a server) a new PostgreSQL database.
enum ServiceStores {
    static let postgresServer = ProcessInfo.processInfo.environment["IOTSHIELD_TEST_POSTGRES_URL"]

    /// SQLite always; PostgreSQL when a test server is up.
    static var kinds: [String] { postgresServer == nil ? ["sqlite"] : ["sqlite", "postgres"] }

    /// A new PostgreSQL database on the test server; its URL.
    static func newPostgresDatabase() throws -> String {
        let server = try #require(postgresServer, "IOTSHIELD_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh sets it)")
        return try PostgresStoreDatabase.createDatabase("s_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
                                                        serverURL: server)
    }

    /// The `serve`/`token` options naming a fresh store of `kind`, and how to open it.
    static func fresh(_ kind: String) throws -> (arguments: [String], open: () throws -> AlertStore) {
        if kind == "postgres" {
            let url = try newPostgresDatabase()
            return (["--postgres", url], { try AlertStore(database: PostgresStoreDatabase(url: url)) })
        }
        let path = temporaryDatabase()
        return (["--db", path], { try AlertStore(path: path) })
    }
}
