import Foundation
import GRDB

/// The durable incident store: SQLite through GRDB, in WAL mode with `synchronous = FULL`,
/// so an incident whose `record` call returned survives a crash, SIGKILL or power loss.
///
/// Thread-safe (GRDB's pool serialises writes and runs reads concurrently).
public final class AlertStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating if needed) the store at `path`.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        // Several processes (a sensor, the service, `token`) may share one file: wait for a
        // competing writer instead of failing with SQLITE_BUSY at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-incidents") { db in
            try db.create(table: "incident") { t in
                t.column("id", .text).primaryKey()
                t.column("label", .text).notNull()
                t.column("family", .text).notNull().indexed()
                t.column("src_ip", .text).indexed()
                t.column("dest_ip", .text).indexed()
                t.column("proto", .integer).notNull()
                t.column("first_seen", .double).notNull().indexed()
                t.column("last_seen", .double).notNull()
                t.column("windows", .integer).notNull()
                t.column("peak_probability", .double).notNull()
                t.column("model_id", .text).notNull()
                t.column("features", .text).notNull()
                t.column("acknowledged_at", .double)
                t.column("source", .text).notNull().defaults(to: "sensor")
            }
        }
        Self.registerResponseTables(in: &migrator)
        try migrator.migrate(pool)
    }

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
    func record(_ batches: [IncidentBatch], alongside: (Database) throws -> Void) throws {
        guard batches.contains(where: { !$0.incidents.isEmpty }) else { return }
        try pool.write { db in
            for batch in batches { try Self.write(batch.incidents, source: batch.source, in: db) }
            try alongside(db)
        }
    }

    static func write(_ incidents: [Incident], source: String, in db: Database) throws {
        for incident in incidents {
            let features = Self.featuresJSON(incident.peakFeatures)
            try db.cachedStatement(sql: """
                INSERT INTO incident (id, label, family, src_ip, dest_ip, proto, first_seen, last_seen, windows,
                                      peak_probability, model_id, features, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen, windows = excluded.windows,
                    peak_probability = excluded.peak_probability, features = excluded.features
                """).execute(arguments: [incident.id, incident.className, incident.family, incident.sourceIP, incident.destinationIP,
                                 incident.protocolNumber, incident.firstSeen, incident.lastSeen, incident.windows,
                                 Double(incident.peakProbability), incident.modelIdentifier, features, source])
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
        var arguments: [DatabaseValueConvertible?] = []
        if let since = query.since { clauses.append("last_seen >= ?"); arguments.append(since) }
        if let until = query.until { clauses.append("first_seen <= ?"); arguments.append(until) }
        if let family = query.family { clauses.append("family = ?"); arguments.append(family) }
        if let host = query.host { clauses.append("(src_ip = ? OR dest_ip = ?)"); arguments.append(host); arguments.append(host) }
        if let p = query.minimumProbability { clauses.append("peak_probability >= ?"); arguments.append(p) }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        arguments.append(max(0, min(query.limit, 10_000)))
        arguments.append(max(0, query.offset))
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM incident \(whereClause) ORDER BY first_seen DESC, id LIMIT ? OFFSET ?",
                             arguments: StatementArguments(arguments))
                .map(Self.incident)
        }
    }

    public func incident(id: String) throws -> Incident? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM incident WHERE id = ?", arguments: [id]).map(Self.incident) }
    }

    /// Marks an incident acknowledged; `false` if there is no such incident.
    public func acknowledge(id: String, at time: Double = Date().timeIntervalSince1970) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE incident SET acknowledged_at = ? WHERE id = ?", arguments: [time, id])
            return db.changesCount > 0
        }
    }

    public func count() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident") ?? 0 }
    }

    /// Feature vectors are stored as JSON with `inf`/`-inf`/`nan` as strings (Rate is often +∞).
    /// `values` as the JSON array the `features` column holds (read back by `decoder`): numbers
    /// in Swift's shortest round-trip form, non-finite values as the strings `"inf"`, `"-inf"`,
    /// `"nan"`. Hand-written: a `JSONEncoder` per incident was most of
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

    static func incident(_ row: Row) -> Incident {
        let decoder = Self.decoder
        let featureText: String = row["features"] ?? "[]"
        let features = (try? decoder.decode([Double].self, from: Data(featureText.utf8))) ?? []
        return Incident(
            id: row["id"], className: row["label"], family: row["family"], sourceIP: row["src_ip"], destinationIP: row["dest_ip"],
            protocolNumber: row["proto"], firstSeen: row["first_seen"], lastSeen: row["last_seen"], windows: row["windows"],
            peakProbability: Float(row["peak_probability"] as Double), modelIdentifier: row["model_id"], peakFeatures: features)
    }
}
