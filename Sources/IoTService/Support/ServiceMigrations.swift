import GRDB

/// The service's own tables in the alert database, registered under `iotservice-*`
/// identifiers so they never collide with the sensor's migrator (`v1-incidents`).
enum ServiceMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("iotservice-v1-tokens") { db in
            try db.create(table: "token", ifNotExists: true) { t in
                t.column("id", .text).primaryKey()
                t.column("role", .text).notNull()
                t.column("secret_sha256", .text).notNull()
                t.column("label", .text)
                t.column("created_at", .double).notNull()
                t.column("revoked_at", .double)
            }
        }
        return migrator
    }
}
