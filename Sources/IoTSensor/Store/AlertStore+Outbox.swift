import Foundation
import GRDB

extension AlertStore {
    /// Queues `payload` for `incidentID` unless the incident already has a delivery (one
    /// delivery per incident, ever). Returns whether a row was added. Inside the caller's
    /// transaction, so the row commits with the incident.
    static func enqueueDelivery(incidentID: String, url: String, payload: String, now: Double, in db: Database) throws -> Bool {
        try db.execute(sql: """
            INSERT OR IGNORE INTO webhook_outbox (incident_id, url, idempotency_key, payload, state, attempts, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)
            """, arguments: [incidentID, url, "iotshield-" + UUID().uuidString.lowercased(), payload, now, now])
        return db.changesCount > 0
    }

    /// Pending deliveries due at `now` and not leased by another worker, oldest due first.
    func dueDeliveries(now: Double, limit: Int) throws -> [OutboxEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM webhook_outbox WHERE state = 'pending' AND next_attempt_at <= ?
                    AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [now, now, limit])
                .map { row in
                    OutboxEntry(id: row["id"], incidentID: row["incident_id"], url: row["url"], idempotencyKey: row["idempotency_key"],
                                payload: row["payload"], attempts: row["attempts"], createdAt: row["created_at"])
                }
        }
    }

    /// Claims a delivery until `until`; `false` if another worker holds it or it is no longer pending.
    func leaseDelivery(id: Int64, now: Double, until: Double) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE webhook_outbox SET lease_until = ? WHERE id = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?)
                """, arguments: [until, id, now])
            return db.changesCount > 0
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
        try pool.write { db in
            try db.execute(sql: """
                UPDATE webhook_outbox SET state = ?, attempts = attempts + 1, next_attempt_at = COALESCE(?, next_attempt_at),
                    lease_until = NULL, delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, last_error = ?
                WHERE id = ?
                """, arguments: [state, nextAttemptAt, state, action.at, error, entry.id])
            try Self.append(action, incidentID: entry.incidentID, in: db)
        }
    }

    /// When the earliest pending delivery is due (epoch seconds), or `nil` if none is pending.
    func nextDeliveryDue() throws -> Double? {
        try pool.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM webhook_outbox WHERE state = 'pending'")
        }
    }

    /// Deliveries per state (`pending`, `delivered`, `failed`).
    public func outboxCounts() throws -> [String: Int] {
        try pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM webhook_outbox GROUP BY state") {
                counts[row["state"]] = row["n"]
            }
            return counts
        }
    }
}
