import IoTSensor

/// The service's own tables in the alert database, under `iotservice-*` identifiers so they
/// never collide with the store's migrations (`v1-incidents`, …).
enum ServiceMigrations {
    static let all: [StoreMigration] = [
        StoreMigration(id: "iotservice-v1-tokens") { _ in
            [
                """
                CREATE TABLE IF NOT EXISTS token (
                    id TEXT PRIMARY KEY, role TEXT NOT NULL, secret_sha256 TEXT NOT NULL, label TEXT,
                    created_at DOUBLE PRECISION NOT NULL, revoked_at DOUBLE PRECISION)
                """,
            ]
        },
    ]
}
