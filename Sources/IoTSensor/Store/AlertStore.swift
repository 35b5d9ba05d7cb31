import Foundation

/// The durable incident store, on a `StoreDatabase`: a SQLite file (the embedded default, WAL
/// with `synchronous = FULL`) or a PostgreSQL database shared by several servers. An incident
/// whose `record` call returned is committed: it survives a crash, SIGKILL or power loss.
///
/// Thread-safe (the database serialises writes and runs reads concurrently).
public final class AlertStore: Sendable {
    public let database: any StoreDatabase

    /// Opens (creating and migrating if needed) the SQLite store at `path`.
    public convenience init(path: String) throws {
        try self.init(database: SQLiteStoreDatabase(path: path))
    }

    /// Uses `database`, creating or migrating the store's tables.
    /// - Throws: the database's error when a migration fails.
    public init(database: any StoreDatabase) throws {
        self.database = database
        try database.migrate(Self.migrations)
    }

    /// Where the store lives, for messages.
    public var location: String { database.location }

    /// The incident table, then the response engine's (`AlertStore+ResponseTables.swift`).
    static let migrations: [StoreMigration] = [
        StoreMigration(id: "v1-incidents") { _ in
            [
                """
                CREATE TABLE incident (
                    id TEXT PRIMARY KEY, label TEXT NOT NULL, family TEXT NOT NULL, src_ip TEXT, dest_ip TEXT,
                    proto BIGINT NOT NULL, first_seen DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL,
                    windows BIGINT NOT NULL, peak_probability DOUBLE PRECISION NOT NULL, model_id TEXT NOT NULL,
                    features TEXT NOT NULL, acknowledged_at DOUBLE PRECISION, source TEXT NOT NULL DEFAULT 'sensor')
                """,
                "CREATE INDEX incident_on_family ON incident(family)",
                "CREATE INDEX incident_on_src_ip ON incident(src_ip)",
                "CREATE INDEX incident_on_dest_ip ON incident(dest_ip)",
                "CREATE INDEX incident_on_first_seen ON incident(first_seen)",
            ]
        },
        responseTablesMigration,
    ]

    /// Inserts new incidents and updates known ones (by id), in one transaction.
    public func record(_ incidents: [Incident], source: String = "sensor") throws {
        try record([IncidentBatch(incidents: incidents, source: source)])
    }

    /// Writes every batch, in order, in one transaction (one sync to disk for all of them): a
    /// later batch's update of an incident overwrites an earlier one's.
    public func record(_ batches: [IncidentBatch]) throws {
        try record(batches) { _ in }
    }

    /// Writes `batches` in order, then runs `alongside` in the same transaction: whatever it
    /// writes (the response outbox and actions) commits or rolls back with the incidents.
    func record(_ batches: [IncidentBatch], alongside: (any StoreConnection) throws -> Void) throws {
        guard batches.contains(where: { !$0.incidents.isEmpty }) else { return }
        try database.write { db in
            for batch in batches { try Self.write(batch.incidents, source: batch.source, in: db) }
            try alongside(db)
        }
    }

    static func write(_ incidents: [Incident], source: String, in db: any StoreConnection) throws {
        for incident in incidents {
            try db.execute("""
                INSERT INTO incident (id, label, family, src_ip, dest_ip, proto, first_seen, last_seen, windows,
                                      peak_probability, model_id, features, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, windows = excluded.windows,
                    peak_probability = excluded.peak_probability, features = excluded.features
                """, [.text(incident.id), .text(incident.className), .text(incident.family), StoreValue(incident.sourceIP),
                      StoreValue(incident.destinationIP), StoreValue(incident.protocolNumber), .real(incident.firstSeen),
                      .real(incident.lastSeen), StoreValue(incident.windows), .real(Double(incident.peakProbability)),
                      .text(incident.modelIdentifier), .text(Self.featuresJSON(incident.peakFeatures)), .text(source)])
        }
    }

    /// What to list: all filters optional.
    public struct Query: Sendable {
        public var since: Double?
        public var until: Double?
        public var family: String?
        /// Matches the source or the destination address.
        public var host: String?
        public var minimumProbability: Double?
        public var limit = 100
        public var offset = 0
        public init() {}
    }

    /// Incidents matching `query`, newest first.
    public func incidents(_ query: Query = Query()) throws -> [Incident] {
        var clauses: [String] = []
        var arguments: [StoreValue] = []
        if let since = query.since { clauses.append("last_seen >= ?"); arguments.append(.real(since)) }
        if let until = query.until { clauses.append("first_seen <= ?"); arguments.append(.real(until)) }
        if let family = query.family { clauses.append("family = ?"); arguments.append(.text(family)) }
        if let host = query.host { clauses.append("(src_ip = ? OR dest_ip = ?)"); arguments += [.text(host), .text(host)] }
        if let p = query.minimumProbability { clauses.append("peak_probability >= ?"); arguments.append(.real(p)) }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments.append(StoreValue(max(0, min(query.limit, 10_000))))
        arguments.append(StoreValue(max(0, query.offset)))
        return try database.read { db in
            try db.rows("SELECT * FROM incident \(whereClause) ORDER BY first_seen DESC, id LIMIT ? OFFSET ?", arguments)
                .map(Self.incident)
        }
    }

    public func incident(id: String) throws -> Incident? {
        try database.read { db in try db.row("SELECT * FROM incident WHERE id = ?", [.text(id)]).map(Self.incident) }
    }

    /// Marks an incident acknowledged; `false` if there is no such incident.
    public func acknowledge(id: String, at time: Double = Date().timeIntervalSince1970) throws -> Bool {
        try database.write { db in
            try db.execute("UPDATE incident SET acknowledged_at = ? WHERE id = ?", [.real(time), .text(id)]) > 0
        }
    }

    public func count() throws -> Int {
        try database.read { db in try db.value("SELECT COUNT(*) FROM incident").integer ?? 0 }
    }

    /// `values` as the JSON array the `features` column holds (read back by `decoder`): numbers
    /// in Swift's shortest round-trip form, non-finite values as the strings `"inf"`, `"-inf"`,
    /// `"nan"` (Rate is often +∞). Hand-written: a `JSONEncoder` per incident was most of
    /// the store write's CPU time. O(values).
    static func featuresJSON(_ values: [Double]) -> String {
        var text = "["
        text.reserveCapacity(values.count * 12 + 2)
        for (i, value) in values.enumerated() {
            if i > 0 { text += "," }
            if value.isFinite {
                text += value.description
            } else {
                text += value.isNaN ? "\"nan\"" : (value < 0 ? "\"-inf\"" : "\"inf\"")
            }
        }
        return text + "]"
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// - Throws: `AlertStoreError` naming the column when the row is not an incident row.
    static func incident(_ row: StoreRow) throws -> Incident {
        let featureText = try row.optionalText("features") ?? "[]"
        let features = (try? decoder.decode([Double].self, from: Data(featureText.utf8))) ?? []
        return Incident(
            id: try row.text("id"), className: try row.text("label"), family: try row.text("family"),
            sourceIP: try row.optionalText("src_ip"), destinationIP: try row.optionalText("dest_ip"),
            protocolNumber: try row.integer("proto"), firstSeen: try row.real("first_seen"), lastSeen: try row.real("last_seen"),
            windows: try row.integer("windows"), peakProbability: Float(try row.real("peak_probability")),
            modelIdentifier: try row.text("model_id"), peakFeatures: features)
    }
}
