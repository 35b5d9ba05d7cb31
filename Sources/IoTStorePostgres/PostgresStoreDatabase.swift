import Foundation
import IoTSensor
import Logging
import PostgresNIO

/// The alert store in a PostgreSQL database, for several servers (and sensors) sharing one
/// store, through postgres-nio.
///
/// - Connections: up to `maxConnections`, opened on demand, kept while healthy, replaced when
///   the server or network drops them. They run on one event-loop thread of their own; the
///   store's callers block until the answer arrives (never on that thread).
/// - Writes: `BEGIN`, then `pg_advisory_xact_lock` on one store-wide key, so writes from every
///   process sharing the database run one after another as SQLite's do (the store's
///   read-then-write steps — block upserts, outbox leases — stay race-free), then `COMMIT`.
///   PostgreSQL's default `synchronous_commit = on`: a returned write is on the server's disk.
/// - Reads: each statement sees what was committed when it started (no transaction).
/// - Migrations: applied ids in `iotshield_migrations`, under the same lock.
public final class PostgresStoreDatabase: StoreDatabase, @unchecked Sendable {
    public let location: String
    public var dialect: StoreDialect { .postgres }

    /// The advisory-lock key every IoTShield write transaction takes (any constant; "IoTS" in ASCII).
    static let writeLockKey: Int64 = 0x496F_5453

    let configuration: PostgresConnection.Configuration
    let maxConnections: Int
    let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    // Pool state, guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var nextID = 0
    private var closed = false

    /// Connects once (so a wrong URL, password or unreachable server fails here, with the
    /// server's message) and keeps that connection for later use.
    /// - Throws: `AlertStoreError` naming the URL (password hidden) and the server's or network's reason.
    public init(url: String, maxConnections: Int = 4, logger: Logger = Logger(label: "iotshield.store.postgres")) throws {
        let location = try PostgresStoreLocation(url: url)
        self.location = location.redacted
        configuration = location.configuration
        self.maxConnections = max(1, maxConnections)
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            checkIn(try checkOut(), healthy: true)
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    deinit {
        close()
    }

    /// Closes every idle connection (one in use closes when it comes back) and the event loop;
    /// later calls fail. Idempotent; returns at once.
    public func close() {
        condition.lock()
        let connections = idle
        idle = []
        let wasClosed = closed
        closed = true
        condition.broadcast()
        condition.unlock()
        guard !wasClosed else { return }
        // Without waiting: the last reference may go on any thread, an event loop's included,
        // where NIO forbids blocking waits.
        let group = self.group
        let closing = connections.map(Self.closeKeepingAlive)
        guard let loop = closing.first?.eventLoop else {
            group.shutdownGracefully { _ in }
            return
        }
        EventLoopFuture.andAllComplete(closing, on: loop).whenComplete { _ in group.shutdownGracefully { _ in } }
    }

    @discardableResult
    public func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute("BEGIN")
            do {
                try connection.execute("SELECT pg_advisory_xact_lock(?)", [.integer(Self.writeLockKey)])
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    @discardableResult
    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try withConnection { try body($0) }
    }

    public func migrate(_ migrations: [StoreMigration]) throws {
        try write { db in
            try db.execute("CREATE TABLE IF NOT EXISTS iotshield_migrations (id TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
        }
        for migration in migrations {
            try write { db in
                guard try db.row("SELECT id FROM iotshield_migrations WHERE id = ?", [.text(migration.id)]) == nil else { return }
                for statement in migration.statements(.postgres) { try db.execute(statement) }
                try db.execute("INSERT INTO iotshield_migrations (id, applied_at) VALUES (?, ?)",
                               [.text(migration.id), .real(Date().timeIntervalSince1970)])
            }
        }
    }

    /// Runs `body` on a pooled connection; a connection that failed (or was closed by the
    /// server) is dropped rather than returned to the pool.
    private func withConnection<T>(_ body: (PostgresStoreConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(PostgresStoreConnection(connection: connection, logger: logger))
            checkIn(connection, healthy: true)
            return result
        } catch {
            checkIn(connection, healthy: !connection.isClosed)
            throw error
        }
    }

    private func checkOut() throws -> PostgresConnection {
        condition.lock()
        while !closed && idle.isEmpty && opened >= maxConnections { condition.wait() }
        if closed {
            condition.unlock()
            throw AlertStoreError("the PostgreSQL store \(location) is closed")
        }
        if let connection = idle.popLast() {
            condition.unlock()
            if !connection.isClosed { return connection }
            condition.lock()
            opened -= 1
            condition.unlock()
            return try checkOut()
        }
        opened += 1
        nextID += 1
        let id = nextID
        condition.unlock()
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            condition.lock()
            opened -= 1
            condition.signal()
            condition.unlock()
            throw Self.storeError(error, doing: "connecting to \(location)")
        }
    }

    private func checkIn(_ connection: PostgresConnection, healthy: Bool) {
        condition.lock()
        if healthy && !closed && !connection.isClosed {
            idle.append(connection)
        } else {
            opened -= 1
            _ = Self.closeKeepingAlive(connection)
        }
        condition.signal()
        condition.unlock()
    }

    /// Closes `connection` without waiting, holding it until closed (postgres-nio asserts a
    /// connection is closed before it goes).
    private static func closeKeepingAlive(_ connection: PostgresConnection) -> EventLoopFuture<Void> {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
        return closing
    }

    /// Creates the database `name` on the server `serverURL` points at (connecting to that
    /// URL's database) and returns `serverURL` naming `name` instead. For first-time setup and
    /// tests; the user needs the CREATEDB privilege.
    /// - Parameter name: letters, digits and `_` only, not starting with a digit.
    /// - Throws: `AlertStoreError` for an invalid name or the server's refusal (e.g. it exists).
    public static func createDatabase(_ name: String, serverURL: String) throws -> String {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first),
              name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }),
              var components = URLComponents(string: serverURL) else {
            throw AlertStoreError("cannot create database '\(name)': use letters, digits and _ (not starting with a digit)")
        }
        let admin = try PostgresStoreDatabase(url: serverURL, maxConnections: 1)
        defer { admin.close() }
        // CREATE DATABASE cannot run inside a transaction; `read` runs statements on their own.
        try admin.read { db in try db.execute("CREATE DATABASE \"\(name)\"") }
        components.path = "/" + name
        return components.string ?? serverURL
    }

    /// A postgres-nio error as a `AlertStoreError` carrying the server's message and SQLSTATE (the
    /// library's own description hides them) or the network's reason.
    static func storeError(_ error: any Error, doing what: String) -> AlertStoreError {
        if let error = error as? AlertStoreError { return error }
        guard let psql = error as? PSQLError else { return AlertStoreError("PostgreSQL, \(what): \(error)") }
        if let info = psql.serverInfo, let message = info[.message] {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { "; \($0)" } ?? ""
            return AlertStoreError("PostgreSQL, \(what): \(message)\(detail)\(state)")
        }
        let underlying = psql.underlying.map { ": \($0)" } ?? ""
        return AlertStoreError("PostgreSQL, \(what): \(psql.code)\(underlying)")
    }
}
