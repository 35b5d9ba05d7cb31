import Foundation
import GRDB

/// Aggregates over the stored incidents for the dashboard: counts per family, a per-minute
/// timeline by family (the 60 minutes up to the newest incident, so replayed traffic with
/// old timestamps still shows), and the top attacking and attacked hosts.
///
/// Reads the sensor's `incident` table through its own connection pool.
/// - Throws: GRDB errors when the database cannot be read.
struct IncidentStatistics: Sendable {
    let pool: DatabasePool

    struct HostCount: Codable, Sendable, Equatable {
        var host: String
        var incidents: Int
        var windows: Int
    }

    struct TimelinePoint: Codable, Sendable, Equatable {
        /// Epoch seconds of the minute's start.
        var minute: Double
        var family: String
        var incidents: Int
    }

    struct Summary: Codable, Sendable, Equatable {
        var incidents_total: Int
        var incidents_unacknowledged: Int
        var per_family: [String: Int]
        var timeline: [TimelinePoint]
        var top_sources: [HostCount]
        var top_destinations: [HostCount]
    }

    func summary() throws -> Summary {
        try pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident") ?? 0
            let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident WHERE acknowledged_at IS NULL") ?? 0
            var perFamily: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT family, COUNT(*) AS n FROM incident GROUP BY family") {
                perFamily[row["family"]] = row["n"]
            }
            var timeline: [TimelinePoint] = []
            if let newest = try Double.fetchOne(db, sql: "SELECT MAX(first_seen) FROM incident") {
                let end = (newest / 60).rounded(.down) * 60
                timeline = try Row.fetchAll(db, sql: """
                    SELECT CAST(first_seen / 60 AS INTEGER) * 60 AS minute, family, COUNT(*) AS n FROM incident
                    WHERE first_seen >= ? GROUP BY minute, family ORDER BY minute
                    """, arguments: [end - 59 * 60]).map { TimelinePoint(minute: $0["minute"], family: $0["family"], incidents: $0["n"]) }
            }
            func top(_ column: String) throws -> [HostCount] {
                try Row.fetchAll(db, sql: """
                    SELECT \(column) AS host, COUNT(*) AS n, SUM(windows) AS w FROM incident WHERE \(column) IS NOT NULL
                    GROUP BY \(column) ORDER BY w DESC, n DESC LIMIT 10
                    """).map { HostCount(host: $0["host"], incidents: $0["n"], windows: $0["w"]) }
            }
            return Summary(incidents_total: total, incidents_unacknowledged: open, per_family: perFamily, timeline: timeline,
                           top_sources: try top("src_ip"), top_destinations: try top("dest_ip"))
        }
    }
}
