import IoTSensor
import IoTStorePostgres

/// How the service runs: where it listens, the store, limits and the access mode.
public struct ServiceConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (printed at start-up).
    public var port = 8080
    /// The SQLite store (`--db`), unless `postgresURL` is set.
    public var databasePath = "alerts.sqlite"
    /// The PostgreSQL store (`--postgres URL`), shared by several servers; replaces `databasePath`.
    public var postgresURL: String?
    /// `false` only with `--no-auth`, which `validate()` refuses off loopback.
    public var authenticationEnabled = true
    public var maxBodyBytes = 8 * 1024 * 1024
    public var maxRecords = 10_000
    /// Ingest requests processed at once; more are refused with 429.
    public var maxInFlight = 64
    /// Probability an attack class needs to raise an alert.
    public var alertThreshold: Float = 0.5
    /// Seconds of quiet after which an incident ends and the next alert opens a new one.
    public var incidentGap: Double = 60
    /// Respond to incidents (webhook, nftables blocklist) by this policy (`--response-policy`).
    public var responsePolicy: ResponsePolicy?
    /// Run `nft -f` on the blocklist after each change (`--apply-blocks`).
    public var applyBlocks = false

    public init() {}

    /// Opens the store's database: PostgreSQL when `postgresURL` is set, else the SQLite file.
    /// - Throws: `AlertStoreError` (PostgreSQL: bad URL, unreachable server, refused login) or
    ///   GRDB's `DatabaseError` (SQLite file cannot be opened).
    public func openDatabase() throws -> any StoreDatabase {
        if let postgresURL { return try PostgresStoreDatabase(url: postgresURL) }
        return try SQLiteStoreDatabase(path: databasePath)
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// - Throws: `ConfigurationError` for `--no-auth` off loopback or nonsensical limits.
    public func validate() throws {
        if !authenticationEnabled && !Self.isLoopback(host) {
            throw ConfigurationError("--no-auth is refused when binding to a non-loopback address (\(host))")
        }
        if maxBodyBytes < 1024 { throw ConfigurationError("--max-body-bytes must be at least 1024") }
        if maxRecords < 1 { throw ConfigurationError("--max-records must be at least 1") }
        if maxInFlight < 1 { throw ConfigurationError("--max-in-flight must be at least 1") }
        if !(0...65_535).contains(port) { throw ConfigurationError("--port must be 0…65535") }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
