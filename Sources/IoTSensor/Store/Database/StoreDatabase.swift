/// A SQL database the alert store lives in: SQLite through GRDB (`SQLiteStoreDatabase`, the
/// embedded default) or PostgreSQL (`PostgresStoreDatabase` in `IoTStorePostgres`, for several
/// servers sharing one store).
///
/// The store's SQL is written once in the subset both engines read alike (`?` placeholders,
/// `INSERT … ON CONFLICT`, `DOUBLE PRECISION`/`BIGINT`/`TEXT` columns); where they differ the
/// caller asks `dialect`.
///
/// Writes are serialised (SQLite has one writer; the PostgreSQL database takes an advisory
/// lock per write transaction, so several servers sharing it behave as one): a `write` body
/// sees the database as the previous write left it and commits all or nothing. Reads may run
/// concurrently with each other and with a write.
///
/// Implementations are thread-safe. Their calls block the calling thread until the database
/// answers: call them from threads that may block (the store's writer queue, worker threads,
/// request handlers doing one short query).
public protocol StoreDatabase: Sendable {
    var dialect: StoreDialect { get }

    /// Where the data lives, for messages (a file path, or a PostgreSQL URL without its password).
    var location: String { get }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    /// - Throws: `body`'s error, or the database's (connection lost, constraint violated, disk full).
    @discardableResult
    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Runs `body` on a consistent read-only view (a snapshot for the whole body).
    @discardableResult
    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T

    /// Applies the migrations not applied yet, in order, each in its own transaction; safe when
    /// several processes start at once. Migrations are known by `id` for good: never edit one
    /// that has shipped, add a new one.
    func migrate(_ migrations: [StoreMigration]) throws
}

/// The SQL engine behind a `StoreDatabase`.
public enum StoreDialect: String, Sendable {
    case sqlite
    case postgres

    /// The column definition of an auto-incremented 64-bit integer primary key.
    public var autoIncrementPrimaryKey: String {
        self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
    }

    /// `expression` (seconds) rounded down to its minute, as a number of seconds.
    public func minuteStart(_ expression: String) -> String {
        // SQLite's CAST truncates (times are positive); PostgreSQL's rounds, hence FLOOR.
        self == .sqlite ? "CAST(\(expression) / 60 AS INTEGER) * 60" : "FLOOR(\(expression) / 60) * 60"
    }
}

/// One schema change: the statements to run, per dialect.
public struct StoreMigration: Sendable {
    public var id: String
    public var statements: @Sendable (StoreDialect) -> [String]

    public init(id: String, statements: @escaping @Sendable (StoreDialect) -> [String]) {
        self.id = id
        self.statements = statements
    }
}

/// The statements of one read or write, inside the transaction `StoreDatabase` opened.
public protocol StoreConnection {
    var dialect: StoreDialect { get }

    /// Runs a statement that returns no rows; returns how many rows it changed.
    /// - Parameter sql: SQL with `?` placeholders, bound in order to `arguments`.
    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int

    /// Runs a query and returns all its rows.
    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow]
}

extension StoreConnection {
    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    public func rows(_ sql: String) throws -> [StoreRow] { try rows(sql, []) }

    /// The first row of a query, or `nil` when it has none.
    public func row(_ sql: String, _ arguments: [StoreValue] = []) throws -> StoreRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, or `.null` when the query has no rows.
    public func value(_ sql: String, _ arguments: [StoreValue] = []) throws -> StoreValue {
        try rows(sql, arguments).first?.values.first ?? .null
    }
}

/// A store operation that failed on the data it read (a column missing or of the wrong kind).
public struct AlertStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
