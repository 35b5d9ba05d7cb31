import Foundation
import IoTSensor

/// API tokens, kept in the alert database (table `token`, created by this type's own
/// migrator, never by the sensor's): id, role, SHA-256 of the secret, creation and
/// revocation times, a free-text label. The token text itself is never stored or logged.
///
/// Every `authenticate` reads the table, so a token revoked by `iotshield token revoke` in
/// another process is refused from the next request on. Thread-safe.
public final class TokenStore: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var id: String
        public var role: Role
        public var label: String?
        public var createdAt: Double
        public var revokedAt: Double?
    }

    public let database: any StoreDatabase

    /// Opens the SQLite database at `path`, creating the token table if needed.
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or migrated.
    public convenience init(path: String) throws {
        try self.init(database: SQLiteStoreDatabase(path: path))
    }

    /// Uses `database` (the alert store's), creating the token table if needed.
    /// - Throws: the database's error when the migration fails.
    public init(database: any StoreDatabase) throws {
        self.database = database
        try database.migrate(ServiceMigrations.all)
    }

    /// Creates a token; the returned credential is the only time the secret is seen.
    public func create(role: Role, label: String? = nil, now: Double = Date().timeIntervalSince1970) throws -> TokenCredential {
        let credential = TokenCredential.generate()
        try database.write { db in
            try db.execute("INSERT INTO token (id, role, secret_sha256, label, created_at) VALUES (?, ?, ?, ?, ?)",
                           [.text(credential.id), .text(role.rawValue), .text(credential.secretHash), StoreValue(label), .real(now)])
        }
        return credential
    }

    /// Marks a token revoked; `false` if there is no such (unrevoked) token.
    public func revoke(id: String, now: Double = Date().timeIntervalSince1970) throws -> Bool {
        try database.write { db in
            try db.execute("UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.real(now), .text(id)]) > 0
        }
    }

    public func list() throws -> [Entry] {
        try database.read { db in
            try db.rows("SELECT id, role, label, created_at, revoked_at FROM token ORDER BY created_at, id").compactMap { row in
                guard let role = Role(rawValue: try row.text("role")) else { return nil }
                return Entry(id: try row.text("id"), role: role, label: try row.optionalText("label"), createdAt: try row.real("created_at"),
                             revokedAt: try row.optionalReal("revoked_at"))
            }
        }
    }

    /// The role of a presented token, or `nil` for a malformed, unknown or revoked one.
    public func authenticate(_ text: some StringProtocol) throws -> (id: String, role: Role)? {
        guard let credential = TokenCredential(parsing: text) else { return nil }
        let row = try database.read { db in
            try db.row("SELECT role, secret_sha256, revoked_at FROM token WHERE id = ?", [.text(credential.id)])
        }
        // Hash even when the id is unknown, so the time taken does not tell ids apart.
        let presented = credential.secretHash
        guard let row else {
            _ = TokenCredential.constantTimeEquals(presented, presented)
            return nil
        }
        let stored = try row.text("secret_sha256")
        guard TokenCredential.constantTimeEquals(presented, stored) else { return nil }
        guard try row.optionalReal("revoked_at") == nil, let role = Role(rawValue: try row.text("role")) else { return nil }
        return (credential.id, role)
    }
}
