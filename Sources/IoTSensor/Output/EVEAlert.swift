import Foundation
import IoTData

/// An incident as a Suricata EVE `alert` record, so SIEM pipelines that ingest Suricata's
/// `eve.json` ingest IoTShield's alerts unchanged; IoTShield's own fields sit under
/// `iotshield`.
public struct EVEAlert: Codable, Sendable {
    public struct Signature: Codable, Sendable {
        public var action = "allowed"
        public var gid = 1
        public var signature_id: Int
        public var rev = 1
        public var signature: String
        public var category: String
        /// 1 (high) … 3 (low), by family.
        public var severity: Int
    }

    public struct Details: Codable, Sendable {
        /// `opened` when an incident starts, `closed` with its final counts.
        public var event: String
        public var incident_id: String
        public var label: String
        public var family: String
        public var probability: Float
        public var windows: Int
        public var first_seen: String
        public var last_seen: String
        public var model_id: String
        /// The peak window's features by CICIoT2023 v2 column name (non-finite values as strings).
        public var features: [String: Double]
    }

    public var timestamp: String
    public var event_type = "alert"
    public var src_ip: String?
    public var dest_ip: String?
    public var proto: String
    public var alert: Signature
    public var iotshield: Details

    public init(incident: Incident, event: String, classIndex: Int) {
        timestamp = Self.format(incident.lastSeen)
        src_ip = incident.sourceIP
        dest_ip = incident.destinationIP
        proto = Self.protocolName(incident.protocolNumber)
        alert = Signature(
            signature_id: 9_100_000 + classIndex, signature: "IoTShield ML: \(incident.className) (\(incident.family))",
            category: incident.family, severity: Self.severity(family: incident.family))
        var named: [String: Double] = [:]
        for (name, value) in zip(FeatureLayout.v2.featureNames, incident.peakFeatures) where value.isFinite { named[name] = value }
        iotshield = Details(
            event: event, incident_id: incident.id, label: incident.className, family: incident.family,
            probability: incident.peakProbability, windows: incident.windows, first_seen: Self.format(incident.firstSeen),
            last_seen: Self.format(incident.lastSeen), model_id: incident.modelIdentifier, features: named)
    }

    public static func severity(family: String) -> Int {
        switch family {
        case "DDoS", "DoS", "Mirai": return 1
        case "BruteForce", "Web", "Spoofing", "Attack": return 2
        default: return 3
        }
    }

    public static func protocolName(_ number: Int) -> String {
        switch number {
        case 0: return "ARP"
        case 1: return "ICMP"
        case 2: return "IGMP"
        case 6: return "TCP"
        case 17: return "UDP"
        default: return String(number)
        }
    }

    /// Suricata's timestamp form: `2023-04-01T12:00:00.123456+0000` (UTC).
    public static func format(_ epochSeconds: Double) -> String {
        let seconds = Int(epochSeconds.rounded(.down))
        let micros = Int(((epochSeconds - Double(seconds)) * 1e6).rounded())
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d+0000", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), min(micros, 999_999))
    }

    /// One JSON line (no trailing newline).
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
