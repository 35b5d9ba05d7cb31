import CLibPQ
import Foundation
import IoTSensor

/// The alert store in a PostgreSQL database, for several servers (and sensors) sharing one
/// store, through libpq.
///
/// - Connections: up to `maxConnections`, opened on demand, kept while healthy and idle,
///   replaced when the server or network drops them (a transaction whose `BEGIN` finds its
///   pooled connection dead is retried once on a new one). Unless the role, database or
///   connection string sets them, each session sets `idle_in_transaction_session_timeout` 60 s
///   (a server that vanishes mid-transaction frees the store's lock within a minute) and
///   `statement_timeout` 120 s (no call waits without end; migrations are exempt); a caller
///   waits at most 30 s for a free connection.
/// - Writes: `BEGIN`, then `pg_advisory_xact_lock` on one store-wide key, so writes from every
///   process sharing the database run one after another as SQLite's do (the store's
///   read-then-write steps — block upserts, outbox leases — stay race-free), then `COMMIT`.
///   With PostgreSQL's default `synchronous_commit = on`, a returned write is on the server's disk.
/// - Reads: one `REPEATABLE READ READ ONLY` transaction per body (one snapshot).
/// - Migrations: applied ids in `iotshield_migrations`, under the same lock.
///
/// Calls block the calling thread until the server answers.
public final class PostgresStoreDatabase: StoreDatabase, @unchecked Sendable {
    public let location: String
    public var dialect: StoreDialect { .postgres }

    /// The advisory-lock key every IoTShield write transaction takes (any constant; "IoTS" in ASCII).
    static let writeLockKey: Int64 = 0x496F_5453
    /// How long a caller waits for a free connection, in seconds.
    static let poolWait = 30.0

    let connectionString: PostgresConnectionString
    let maxConnections: Int
    // Pool state, guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [PostgresSession] = []
    private var opened = 0
    private var closed = false

    /// Connects once (so a wrong URL, password or unreachable server fails here, with libpq's
    /// or the server's message) and keeps that connection for later use.
    /// - Parameter url: a libpq URI or keyword string (`PostgresConnectionString`).
    /// - Throws: `AlertStoreError` naming the store (password hidden) and the reason.
    public init(url: String, maxConnections: Int = 4) throws {
        connectionString = try PostgresConnectionString(url)
        location = connectionString.redacted
        self.maxConnections = max(1, maxConnections)
        checkIn(try checkOut())
    }

    /// Closes the idle connections; one in use closes when it comes back. Later calls fail.
    /// Idempotent; returns at once.
    public func close() {
        condition.lock()
        idle = []  // PQfinish as each session goes
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    @discardableResult
    public func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try inTransaction("BEGIN") { connection in
            try connection.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.writeLockKey)])
            return try body(connection)
        }
    }

    @discardableResult
    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Runs `sql` (which must not be run inside a transaction, e.g. `CREATE DATABASE`) on its own.
    public func executeOutsideTransaction(_ sql: String) throws {
        let session = try checkOut()
        defer { checkIn(session) }
        try PostgresStoreConnection(session: session).execute(sql)
    }

    public func migrate(_ migrations: [StoreMigration]) throws {
        try write { db in
            try db.execute("CREATE TABLE IF NOT EXISTS iotshield_migrations (id TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
        }
        for migration in migrations {
            try write { db in
                guard try db.row("SELECT id FROM iotshield_migrations WHERE id = ?", [.text(migration.id)]) == nil else { return }
                try db.execute("SET LOCAL statement_timeout = 0")  // an index over a large table may take a while
                for statement in migration.statements(.postgres) { try db.execute(statement) }
                try db.execute("INSERT INTO iotshield_migrations (id, applied_at) VALUES (?, ?)",
                               [.text(migration.id), .real(Date().timeIntervalSince1970)])
            }
        }
    }

    /// `begin`, `body`, `COMMIT`; `ROLLBACK` when anything throws. A session left in a
    /// transaction (a failed rollback) is not reused.
    private func inTransaction<T>(_ begin: String, _ body: (any StoreConnection) throws -> T) throws -> T {
        let session = try checkOut(begun: begin)
        defer { checkIn(session) }
        let connection = PostgresStoreConnection(session: session)
        do {
            let result = try body(connection)
            // COMMIT of a transaction that failed inside `body` (an error it caught) would
            // answer ROLLBACK without an error: refuse to report success then.
            guard PQtransactionStatus(session.connection) == PQTRANS_INTRANS else {
                throw AlertStoreError("PostgreSQL: the transaction failed and was rolled back")
            }
            try connection.execute("COMMIT")
            return result
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// A pooled session with `begin` run on it. A pooled connection the server or network
    /// dropped while idle (libpq notices only on I/O) fails its `begin` with nothing run: then
    /// once more on a new connection.
    private func checkOut(begun begin: String) throws -> PostgresSession {
        var attempt = 0
        while true {
            let session = try checkOut()
            do {
                try PostgresStoreConnection(session: session).execute(begin)
                return session
            } catch {
                checkIn(session)
                attempt += 1
                if attempt > 1 || PQstatus(session.connection) == CONNECTION_OK { throw error }
            }
        }
    }

    private func checkOut() throws -> PostgresSession {
        condition.lock()
        let deadline = Date(timeIntervalSinceNow: Self.poolWait)
        while !closed && idle.isEmpty && opened >= maxConnections {
            guard condition.wait(until: deadline) else {
                condition.unlock()
                throw AlertStoreError("PostgreSQL store \(location): no connection free after \(Int(Self.poolWait)) s (all \(maxConnections) busy)")
            }
        }
        if closed {
            condition.unlock()
            throw AlertStoreError("the PostgreSQL store \(location) is closed")
        }
        if let session = idle.popLast() {
            condition.unlock()
            if PQstatus(session.connection) == CONNECTION_OK { return session }
            condition.lock()
            opened -= 1
            condition.unlock()
            return try checkOut()
        }
        opened += 1
        condition.unlock()
        do {
            return try connect()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ session: PostgresSession) {
        condition.lock()
        if !closed && session.isReusable {
            idle.append(session)
        } else {
            opened -= 1  // the session closes as it goes
        }
        condition.signal()
        condition.unlock()
    }

    /// The session limits set where nothing else (role, database, `options`) has set them.
    static let sessionDefaults = ["idle_in_transaction_session_timeout": "60s", "statement_timeout": "120s"]

    /// Opens a session: a 10 s connect timeout (unless the connection string sets one), the
    /// connection string as libpq reads it, then `sessionDefaults`.
    private func connect() throws -> PostgresSession {
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = ["10", "iotshield", connectionString.text]
        let connection: OpaquePointer? = try PostgresStoreConnection.withCStrings(keywords + [nil]) { keywordPointers in
            try PostgresStoreConnection.withCStrings(values + [nil]) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)  // 1: dbname may be a URI or keyword string
            }
        }
        guard let connection else { throw AlertStoreError("PostgreSQL, connecting to \(location): out of memory") }
        let session = PostgresSession(connection: connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            throw AlertStoreError("PostgreSQL, connecting to \(location): \(connectionString.scrub(message))")
        }
        let db = PostgresStoreConnection(session: session)
        let unset = try db.rows("SELECT name FROM pg_settings WHERE source = 'default' AND name IN ('\(Self.sessionDefaults.keys.sorted().joined(separator: "', '"))')")
        for row in unset {
            let name = try row.text("name")
            if let value = Self.sessionDefaults[name] { try db.execute("SET \(name) = '\(value)'") }
        }
        return session
    }

    /// Creates the database `name` on the server `serverURL` points at (connecting to that
    /// URL's database) and returns `serverURL` naming `name` instead. For first-time setup and
    /// tests; the user needs the CREATEDB privilege.
    /// - Parameters:
    ///   - name: letters, digits and `_` only, not starting with a digit.
    ///   - serverURL: a `postgres://…/DATABASE` URI.
    /// - Throws: `AlertStoreError` for an invalid name or URL, or the server's refusal (e.g. it exists).
    public static func createDatabase(_ name: String, serverURL: String) throws -> String {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first),
              name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }),
              var components = URLComponents(string: serverURL) else {
            throw AlertStoreError("cannot create database '\(name)' on \(PostgresConnectionString.redact(serverURL)): use a postgres:// URL and a name of letters, digits and _")
        }
        let admin = try PostgresStoreDatabase(url: serverURL, maxConnections: 1)
        defer { admin.close() }
        try admin.executeOutsideTransaction("CREATE DATABASE \"\(name)\"")
        components.path = "/" + name
        return components.string ?? serverURL
    }
}
