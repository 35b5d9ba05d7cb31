import Foundation

extension AlertStore {
    /// Queues `payload` for `incidentID` unless the incident already has a delivery (one
    /// delivery per incident, ever). Returns whether a row was added. Inside the caller's
    /// transaction, so the row commits with the incident.
    static func enqueueDelivery(incidentID: String, url: String, payload: String, now: Double, in db: any StoreConnection) throws -> Bool {
        try db.execute("""
            INSERT INTO webhook_outbox (incident_id, url, idempotency_key, payload, state, attempts, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING
            """, [.text(incidentID), .text(url), .text("iotshield-" + UUID().uuidString.lowercased()), .text(payload), .real(now), .real(now)]) > 0
    }

    /// Pending deliveries due at `now` and not leased by another worker, oldest due first.
    func dueDeliveries(now: Double, limit: Int) throws -> [OutboxEntry] {
        try database.read { db in
            try db.rows("""
                SELECT * FROM webhook_outbox WHERE state = 'pending' AND next_attempt_at <= ?
                    AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?
                """, [.real(now), .real(now), StoreValue(limit)])
                .map { row in
                    OutboxEntry(id: Int64(try row.integer("id")), incidentID: try row.text("incident_id"), url: try row.text("url"),
                                idempotencyKey: try row.text("idempotency_key"), payload: try row.text("payload"),
                                attempts: try row.integer("attempts"), createdAt: try row.real("created_at"))
                }
        }
    }

    /// Claims a delivery until `until`; `false` if another worker holds it or it is no longer pending.
    func leaseDelivery(id: Int64, now: Double, until: Double) throws -> Bool {
        try database.write { db in
            try db.execute("""
                UPDATE webhook_outbox SET lease_until = ? WHERE id = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?)
                """, [.real(until), .integer(id), .real(now)]) > 0
        }
    }

    /// Records an attempt's outcome and its action in one transaction: `delivered`, `failed`
    /// (for good), or still `pending` with the next attempt at `nextAttemptAt`.
    func finishAttempt(_ entry: OutboxEntry, action: ResponseAction, nextAttemptAt: Double?, error: String?) throws {
        let state: String
        switch action.status {
        case .delivered: state = "delivered"
        case .retrying: state = "pending"
        default: state = "failed"
        }
        try database.write { db in
            try db.execute("""
                UPDATE webhook_outbox SET state = ?, attempts = attempts + 1, next_attempt_at = COALESCE(?, next_attempt_at),
                    lease_until = NULL, delivered_at = ?, last_error = ?
                WHERE id = ?
                """, [.text(state), StoreValue(nextAttemptAt), state == "delivered" ? .real(action.at) : .null, StoreValue(error),
                      .integer(entry.id)])
            try Self.append(action, incidentID: entry.incidentID, in: db)
        }
    }

    /// When the earliest pending delivery is due (epoch seconds), or `nil` if none is pending.
    func nextDeliveryDue() throws -> Double? {
        try database.read { db in
            try db.value("""
                SELECT MIN(CASE WHEN lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END)
                FROM webhook_outbox WHERE state = 'pending'
                """).real
        }
    }

    /// Deliveries per state (`pending`, `delivered`, `failed`).
    public func outboxCounts() throws -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for row in try db.rows("SELECT state, COUNT(*) AS n FROM webhook_outbox GROUP BY state") {
                counts[try row.text("state")] = try row.integer("n")
            }
            return counts
        }
    }
}
