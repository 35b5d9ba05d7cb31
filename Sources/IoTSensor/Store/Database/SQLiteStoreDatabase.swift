import GRDB

/// The embedded store: one SQLite file through GRDB's `DatabasePool`, in WAL mode with
/// `synchronous = FULL`, so a committed write survives a crash, SIGKILL or power loss.
///
/// Several processes (a sensor, the service, `iotshield token`) may share one file: a writer
/// waits up to 5 s for a competing one instead of failing with `SQLITE_BUSY`. Statements are
/// prepared once per connection and cached by their SQL text.
public final class SQLiteStoreDatabase: StoreDatabase {
    public let path: String
    let pool: DatabasePool

    public var dialect: StoreDialect { .sqlite }
    public var location: String { path }

    /// Opens (creating if needed) the database file at `path`.
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened (missing directory,
    ///   not a database, no permission).
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    @discardableResult
    public func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try pool.write { db in try body(SQLiteStoreConnection(db: db)) }
    }

    @discardableResult
    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteStoreConnection(db: db)) }
    }

    /// Through GRDB's `DatabaseMigrator` (applied ids in `grdb_migrations`), so files written
    /// before the store had other backends keep their history.
    public func migrate(_ migrations: [StoreMigration]) throws {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.id) { db in
                for statement in migration.statements(.sqlite) { try db.execute(sql: statement) }
            }
        }
        try migrator.migrate(pool)
    }
}

/// A GRDB `Database` seen as a `StoreConnection`.
struct SQLiteStoreConnection: StoreConnection {
    let db: Database

    var dialect: StoreDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ arguments: [StoreValue]) throws -> Int {
        try db.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: [StoreValue]) throws -> [StoreRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        return try Row.fetchAll(statement, arguments: Self.arguments(arguments)).map { row in
            StoreRow(columns: columns, values: row.databaseValues.map(Self.value))
        }
    }

    static func arguments(_ values: [StoreValue]) -> StatementArguments {
        StatementArguments(values.map { value -> DatabaseValue in
            switch value {
            case .null: .null
            case .integer(let v): v.databaseValue
            case .real(let v): v.databaseValue
            case .text(let v): v.databaseValue
            case .boolean(let v): (v ? Int64(1) : 0).databaseValue
            }
        })
    }

    static func value(_ value: DatabaseValue) -> StoreValue {
        switch value.storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }
}
