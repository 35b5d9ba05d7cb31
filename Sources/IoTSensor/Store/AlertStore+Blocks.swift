extension AlertStore {
    /// Blocks `address` until `expiresAt`, or moves an existing block's expiry out to it
    /// (never in). Returns `true` if the address was already blocked. Inside the caller's
    /// transaction.
    static func upsertBlock(address: String, incidentID: String, family: String, now: Double, expiresAt: Double,
                            in db: any StoreConnection) throws -> Bool {
        if let existing = try db.value("SELECT expires_at FROM block WHERE address = ?", [.text(address)]).real {
            try db.execute("UPDATE block SET expires_at = ?, incident_id = ?, family = ? WHERE address = ?",
                           [.real(max(existing, expiresAt)), .text(incidentID), .text(family), .text(address)])
            return true
        }
        try db.execute("INSERT INTO block (address, incident_id, family, added_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       [.text(address), .text(incidentID), .text(family), .real(now), .real(expiresAt)])
        return false
    }

    /// Whether a block decision was already made for the incident (added, extended or skipped).
    static func hasBlockDecision(incidentID: String, in db: any StoreConnection) throws -> Bool {
        try db.value("SELECT EXISTS(SELECT 1 FROM response_action WHERE incident_id = ? AND kind = 'block')", [.text(incidentID)])
            .boolean ?? false
    }

    /// Blocks still in force at `now`, by address.
    public func activeBlocks(now: Double) throws -> [BlockEntry] {
        try database.read { db in
            try db.rows("SELECT * FROM block WHERE expires_at > ? ORDER BY address", [.real(now)]).map(Self.block)
        }
    }

    /// Removes blocks that expired at or before `now` and records an `expired` action on the
    /// incident that set each, in one transaction. Returns the removed blocks.
    func expireBlocks(now: Double) throws -> [BlockEntry] {
        try database.write { db in
            let expired = try db.rows("SELECT * FROM block WHERE expires_at <= ? ORDER BY address", [.real(now)]).map(Self.block)
            for block in expired {
                try db.execute("DELETE FROM block WHERE address = ?", [.text(block.address)])
                try Self.append(ResponseAction(kind: .block, status: .expired, target: block.address,
                                               detail: "block lifted (expired)", at: now),
                                incidentID: block.incidentID, in: db)
            }
            return expired
        }
    }

    /// When the next block expires (epoch seconds), or `nil` without blocks.
    func nextBlockExpiry() throws -> Double? {
        try database.read { db in try db.value("SELECT MIN(expires_at) FROM block").real }
    }

    static func block(_ row: StoreRow) throws -> BlockEntry {
        BlockEntry(address: try row.text("address"), incidentID: try row.text("incident_id"), family: try row.text("family"),
                   addedAt: try row.real("added_at"), expiresAt: try row.real("expires_at"))
    }
}
