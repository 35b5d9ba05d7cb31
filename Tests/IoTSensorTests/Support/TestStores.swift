import Foundation
import IoTSensor
import IoTStorePostgres
import Testing

/// The store backends a test runs on.
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// Fresh, empty store databases for tests: a SQLite file in a temporary directory, or a new
/// database on the PostgreSQL server `scripts/with-postgres.sh` starts (`make test` does;
/// a bare `swift test` without `IOTSHIELD_TEST_POSTGRES_URL` runs the SQLite cases only).
enum TestStores {
    static let postgresURL = ProcessInfo.processInfo.environment["IOTSHIELD_TEST_POSTGRES_URL"]

    /// SQLite always; PostgreSQL when a test server is up.
    static var kinds: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    static func database(_ kind: StoreKind) throws -> any StoreDatabase {
        switch kind {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStoreDatabase(path: directory.appendingPathComponent("alerts.sqlite").path)
        case .postgres:
            return try PostgresStoreDatabase(url: newPostgresDatabase())
        }
    }

    /// Creates an empty database on the test server and returns its URL.
    static func newPostgresDatabase() throws -> String {
        guard let base = postgresURL else { throw AlertStoreError("IOTSHIELD_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh sets it)") }
        return try PostgresStoreDatabase.createDatabase("t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
                                                        serverURL: base)
    }
}
