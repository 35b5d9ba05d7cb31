import Foundation
import Hummingbird
import IoTSensor

/// Reads `GET /v1/alerts` filters: `since`, `until` (epoch seconds or ISO 8601), `family`,
/// `host`, `min_probability` (0…1), `limit` (1…1000, default 100), `offset` (≥ 0).
/// - Throws: `ServiceError.badParameter` naming the parameter.
enum AlertQueryParser {
    static func parse(_ request: Request) throws -> AlertStore.Query {
        let parameters = request.uri.queryParameters
        var query = AlertStore.Query()
        if let value = parameters["since"] { query.since = try time(value, field: "since") }
        if let value = parameters["until"] { query.until = try time(value, field: "until") }
        if let value = parameters["family"], !value.isEmpty { query.family = String(value) }
        if let value = parameters["host"], !value.isEmpty { query.host = String(value) }
        if let value = parameters["min_probability"] {
            guard let p = Double(value), p.isFinite, (0...1).contains(p) else {
                throw ServiceError.badParameter("min_probability must be a number in 0…1", field: "min_probability")
            }
            query.minimumProbability = p
        }
        if let value = parameters["limit"] {
            guard let n = Int(value), (1...1000).contains(n) else { throw ServiceError.badParameter("limit must be 1…1000", field: "limit") }
            query.limit = n
        }
        if let value = parameters["offset"] {
            guard let n = Int(value), n >= 0 else { throw ServiceError.badParameter("offset must be a non-negative integer", field: "offset") }
            query.offset = n
        }
        return query
    }

    /// Epoch seconds, or ISO 8601 (`2024-05-01T12:00:00Z`, fractional seconds and offsets allowed).
    static func time(_ value: Substring, field: String) throws -> Double {
        if let seconds = Double(value), seconds.isFinite { return seconds }
        let text = String(value)
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date.timeIntervalSince1970 }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date.timeIntervalSince1970 }
        throw ServiceError.badParameter("\(field) must be epoch seconds or ISO 8601", field: field)
    }
}
