import Foundation
import IoTSensor

/// Aggregates over the stored incidents for the dashboard: counts per family, a per-minute
/// timeline by family (the 60 minutes up to the newest incident, so replayed traffic with
/// old timestamps still shows), and the top attacking and attacked hosts.
///
/// Reads the store's `incident` table (one snapshot per summary).
/// - Throws: the database's errors when it cannot be read.
struct IncidentStatistics: Sendable {
    let database: any StoreDatabase

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
        try database.read { db in
            let total = try db.value("SELECT COUNT(*) FROM incident").integer ?? 0
            let open = try db.value("SELECT COUNT(*) FROM incident WHERE acknowledged_at IS NULL").integer ?? 0
            var perFamily: [String: Int] = [:]
            for row in try db.rows("SELECT family, COUNT(*) AS n FROM incident GROUP BY family") {
                perFamily[try row.text("family")] = try row.integer("n")
            }
            var timeline: [TimelinePoint] = []
            if let newest = try db.value("SELECT MAX(first_seen) FROM incident").real {
                let end = (newest / 60).rounded(.down) * 60
                timeline = try db.rows("""
                    SELECT \(db.dialect.minuteStart("first_seen")) AS minute, family, COUNT(*) AS n FROM incident
                    WHERE first_seen >= ? GROUP BY minute, family ORDER BY minute, family
                    """, [.real(end - 59 * 60)]).map {
                        TimelinePoint(minute: try $0.real("minute"), family: try $0.text("family"), incidents: try $0.integer("n"))
                    }
            }
            func top(_ column: String) throws -> [HostCount] {
                try db.rows("""
                    SELECT \(column) AS host, COUNT(*) AS n, CAST(SUM(windows) AS BIGINT) AS w FROM incident WHERE \(column) IS NOT NULL
                    GROUP BY \(column) ORDER BY w DESC, n DESC, host LIMIT 10
                    """).map { HostCount(host: try $0.text("host"), incidents: try $0.integer("n"), windows: try $0.integer("w")) }
            }
            return Summary(incidents_total: total, incidents_unacknowledged: open, per_family: perFamily, timeline: timeline,
                           top_sources: try top("src_ip"), top_destinations: try top("dest_ip"))
        }
    }
}
