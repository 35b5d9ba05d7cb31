import GRDB

extension AlertStore {
    /// The response engine's tables, in the same database as the incidents so that an
    /// incident and the deliveries it owes commit in one transaction:
    ///
    /// - `response_action`: every action per incident (append-only history).
    /// - `webhook_outbox`: one row per incident to POST (`pending` → `delivered`/`failed`),
    ///   with attempts, the next attempt time and a lease so two processes sharing the
    ///   database never send the same row at once.
    /// - `block`: the addresses currently blocked and when each block expires.
    static func registerResponseTables(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-response") { db in
            try db.create(table: "response_action") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incident_id", .text).notNull().indexed()
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("target", .text)
                t.column("detail", .text)
                t.column("at", .double).notNull()
            }
            try db.create(table: "webhook_outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("incident_id", .text).notNull().unique()
                t.column("url", .text).notNull()
                t.column("idempotency_key", .text).notNull()
                t.column("payload", .text).notNull()
                t.column("state", .text).notNull().defaults(to: "pending")
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("created_at", .double).notNull()
                t.column("next_attempt_at", .double).notNull()
                t.column("lease_until", .double)
                t.column("delivered_at", .double)
                t.column("last_error", .text)
            }
            try db.create(index: "webhook_outbox_due", on: "webhook_outbox", columns: ["state", "next_attempt_at"])
            try db.create(table: "block") { t in
                t.column("address", .text).primaryKey()
                t.column("incident_id", .text).notNull()
                t.column("family", .text).notNull()
                t.column("added_at", .double).notNull()
                t.column("expires_at", .double).notNull().indexed()
            }
        }
    }

    /// Appends one action to an incident's history (inside the caller's transaction).
    static func append(_ action: ResponseAction, incidentID: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO response_action (incident_id, kind, status, target, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [incidentID, action.kind.rawValue, action.status.rawValue, action.target, action.detail, action.at])
    }

    /// Appends actions in their own transaction.
    func append(_ actions: [(incidentID: String, action: ResponseAction)]) throws {
        guard !actions.isEmpty else { return }
        try pool.write { db in
            for (incidentID, action) in actions { try Self.append(action, incidentID: incidentID, in: db) }
        }
    }

    /// Everything done about an incident, oldest first; empty for an unknown id.
    public func actions(incidentID: String) throws -> [ResponseAction] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM response_action WHERE incident_id = ? ORDER BY id", arguments: [incidentID])
                .compactMap { row in
                    guard let kind = ResponseActionKind(rawValue: row["kind"]), let status = ResponseAction.Status(rawValue: row["status"]) else {
                        return nil
                    }
                    return ResponseAction(kind: kind, status: status, target: row["target"], detail: row["detail"], at: row["at"])
                }
        }
    }
}
