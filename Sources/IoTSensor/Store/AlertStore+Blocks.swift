import GRDB

extension AlertStore {
    /// Blocks `address` until `expiresAt`, or moves an existing block's expiry out to it
    /// (never in). Returns `true` if the address was already blocked. Inside the caller's
    /// transaction.
    static func upsertBlock(address: String, incidentID: String, family: String, now: Double, expiresAt: Double,
                            in db: Database) throws -> Bool {
        let existing = try Double.fetchOne(db, sql: "SELECT expires_at FROM block WHERE address = ?", arguments: [address])
        if let existing {
            try db.execute(sql: "UPDATE block SET expires_at = ?, incident_id = ?, family = ? WHERE address = ?",
                           arguments: [max(existing, expiresAt), incidentID, family, address])
            return true
        }
        try db.execute(sql: "INSERT INTO block (address, incident_id, family, added_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [address, incidentID, family, now, expiresAt])
        return false
    }

    /// Whether a block decision was already made for the incident (added, extended or skipped).
    static func hasBlockDecision(incidentID: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM response_action WHERE incident_id = ? AND kind = 'block')",
                          arguments: [incidentID]) ?? false
    }

    /// Blocks still in force at `now`, by address.
    public func activeBlocks(now: Double) throws -> [BlockEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM block WHERE expires_at > ? ORDER BY address", arguments: [now]).map(Self.block)
        }
    }

    /// Removes blocks that expired at or before `now` and records an `expired` action on the
    /// incident that set each, in one transaction. Returns the removed blocks.
    func expireBlocks(now: Double) throws -> [BlockEntry] {
        try pool.write { db in
            let expired = try Row.fetchAll(db, sql: "SELECT * FROM block WHERE expires_at <= ? ORDER BY address", arguments: [now])
                .map(Self.block)
            for block in expired {
                try db.execute(sql: "DELETE FROM block WHERE address = ?", arguments: [block.address])
                try Self.append(ResponseAction(kind: .block, status: .expired, target: block.address,
                                               detail: "block lifted (expired)", at: now),
                                incidentID: block.incidentID, in: db)
            }
            return expired
        }
    }

    /// When the next block expires (epoch seconds), or `nil` without blocks.
    func nextBlockExpiry() throws -> Double? {
        try pool.read { db in try Double.fetchOne(db, sql: "SELECT MIN(expires_at) FROM block") }
    }

    static func block(_ row: Row) -> BlockEntry {
        BlockEntry(address: row["address"], incidentID: row["incident_id"], family: row["family"], addedAt: row["added_at"],
                   expiresAt: row["expires_at"])
    }
}
