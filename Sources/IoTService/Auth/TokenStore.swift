import Foundation
import GRDB

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

    let pool: DatabasePool

    /// Opens the database at `path`, creating the token table if needed.
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try ServiceMigrations.migrator.migrate(pool)
    }

    /// Creates a token; the returned credential is the only time the secret is seen.
    public func create(role: Role, label: String? = nil, now: Double = Date().timeIntervalSince1970) throws -> TokenCredential {
        let credential = TokenCredential.generate()
        try pool.write { db in
            try db.execute(sql: "INSERT INTO token (id, role, secret_sha256, label, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [credential.id, role.rawValue, credential.secretHash, label, now])
        }
        return credential
    }

    /// Marks a token revoked; `false` if there is no such (unrevoked) token.
    public func revoke(id: String, now: Double = Date().timeIntervalSince1970) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            return db.changesCount > 0
        }
    }

    public func list() throws -> [Entry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, role, label, created_at, revoked_at FROM token ORDER BY created_at, id").compactMap { row in
                guard let role = Role(rawValue: row["role"]) else { return nil }
                return Entry(id: row["id"], role: role, label: row["label"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
            }
        }
    }

    /// The role of a presented token, or `nil` for a malformed, unknown or revoked one.
    public func authenticate(_ text: some StringProtocol) throws -> (id: String, role: Role)? {
        guard let credential = TokenCredential(parsing: text) else { return nil }
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT role, secret_sha256, revoked_at FROM token WHERE id = ?", arguments: [credential.id])
        }
        // Hash even when the id is unknown, so the time taken does not tell ids apart.
        let presented = credential.secretHash
        guard let row else {
            _ = TokenCredential.constantTimeEquals(presented, presented)
            return nil
        }
        let stored: String = row["secret_sha256"]
        guard TokenCredential.constantTimeEquals(presented, stored) else { return nil }
        guard (row["revoked_at"] as Double?) == nil, let role = Role(rawValue: row["role"]) else { return nil }
        return (credential.id, role)
    }
}
