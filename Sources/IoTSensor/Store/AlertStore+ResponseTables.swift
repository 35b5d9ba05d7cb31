extension AlertStore {
    /// The response engine's tables, in the same database as the incidents so that an
    /// incident and the deliveries it owes commit in one transaction:
    ///
    /// - `response_action`: every action per incident (append-only history).
    /// - `webhook_outbox`: one row per incident to POST (`pending` → `delivered`/`failed`),
    ///   with attempts, the next attempt time and a lease so two processes sharing the
    ///   database never send the same row at once.
    /// - `block`: the addresses currently blocked and when each block expires.
    static let responseTablesMigration = StoreMigration(id: "v2-response") { dialect in
        [
            """
            CREATE TABLE response_action (
                id \(dialect.autoIncrementPrimaryKey), incident_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
                target TEXT, detail TEXT, at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX response_action_on_incident_id ON response_action(incident_id)",
            """
            CREATE TABLE webhook_outbox (
                id \(dialect.autoIncrementPrimaryKey), incident_id TEXT NOT NULL UNIQUE, url TEXT NOT NULL,
                idempotency_key TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
                attempts BIGINT NOT NULL DEFAULT 0, created_at DOUBLE PRECISION NOT NULL,
                next_attempt_at DOUBLE PRECISION NOT NULL, lease_until DOUBLE PRECISION, delivered_at DOUBLE PRECISION,
                last_error TEXT)
            """,
            "CREATE INDEX webhook_outbox_due ON webhook_outbox(state, next_attempt_at)",
            """
            CREATE TABLE block (
                address TEXT PRIMARY KEY, incident_id TEXT NOT NULL, family TEXT NOT NULL,
                added_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL)
            """,
            "CREATE INDEX block_on_expires_at ON block(expires_at)",
        ]
    }

    /// Appends one action to an incident's history (inside the caller's transaction).
    static func append(_ action: ResponseAction, incidentID: String, in db: any StoreConnection) throws {
        try db.execute("INSERT INTO response_action (incident_id, kind, status, target, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                       [.text(incidentID), .text(action.kind.rawValue), .text(action.status.rawValue), StoreValue(action.target),
                        StoreValue(action.detail), .real(action.at)])
    }

    /// Appends actions in their own transaction.
    func append(_ actions: [(incidentID: String, action: ResponseAction)]) throws {
        guard !actions.isEmpty else { return }
        try database.write { db in
            for (incidentID, action) in actions { try Self.append(action, incidentID: incidentID, in: db) }
        }
    }

    /// Everything done about an incident, oldest first; empty for an unknown id. Rows of a
    /// kind or status this version does not know are left out.
    public func actions(incidentID: String) throws -> [ResponseAction] {
        try database.read { db in
            try db.rows("SELECT * FROM response_action WHERE incident_id = ? ORDER BY id", [.text(incidentID)]).compactMap { row in
                guard let kind = ResponseActionKind(rawValue: try row.text("kind")),
                      let status = ResponseAction.Status(rawValue: try row.text("status")) else {
                    return nil
                }
                return ResponseAction(kind: kind, status: status, target: try row.optionalText("target"),
                                      detail: try row.optionalText("detail"), at: try row.real("at"))
            }
        }
    }
}
