import Foundation
import IoTData

/// Turns request bodies (JSON or CSV) into `FlowRecord`s.
///
/// JSON: one record object, an array of them, or `{"records": [...]}`; each record has the
/// feature columns by name (v2, or v1 — see `FeatureResolver`) as numbers or numeric strings,
/// and optionally `src_ip`, `dest_ip`, `sensor`, `ts` (epoch seconds). CSV: a header line
/// naming the columns, then one row per record. Other fields (e.g. `Label`) are ignored.
///
/// Every failure is a `ServiceError` naming the field and the 0-based record index: missing
/// or non-numeric features, `nan`/`inf` (features must be finite), too many records, too deep
/// nesting, malformed JSON or CSV. Never traps on any input.
public struct FlowRecordDecoder: Sendable {
    public var maxRecords: Int
    public static let maxDepth = 8

    public init(maxRecords: Int) { self.maxRecords = maxRecords }

    public enum Format: Sendable { case json, csv }

    /// The format a `Content-Type` names.
    /// - Throws: `ServiceError.unsupportedMediaType` for anything but JSON or CSV.
    public static func format(contentType: String?) throws -> Format {
        let media = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        switch media {
        case "application/json", "text/json": return .json
        case "text/csv", "application/csv": return .csv
        default:
            if media.hasSuffix("+json") { return .json }
            throw ServiceError.unsupportedMediaType(contentType)
        }
    }

    public func decode(_ body: [UInt8], format: Format) throws -> [FlowRecord] {
        switch format {
        case .json: return try decodeJSON(body)
        case .csv: return try CSVFlowDecoder(maxRecords: maxRecords).decode(body)
        }
    }

    public func decodeJSON(_ body: [UInt8]) throws -> [FlowRecord] {
        try body.withUnsafeBytes { try JSONDepthGuard.check($0, limit: Self.maxDepth) }
        let top: FlowJSONReader.Top
        do {
            top = try body.withUnsafeBufferPointer { try FlowJSONReader.read($0) }
        } catch let error as FlowJSONReader.Malformed {
            throw ServiceError.malformedJSON("not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        let items: [FlowJSONReader.Item]
        switch top {
        case .array(let array): items = array
        case .wrapped(let array?): items = array
        case .wrapped(nil): throw ServiceError.invalidShape("'records' must be an array", record: nil)
        case .object(let fields): items = [.object(fields)]
        case .scalar:
            throw ServiceError.invalidShape("expected a record object, an array of records or {\"records\": [...]}", record: nil)
        }
        guard items.count <= maxRecords else { throw ServiceError.tooManyRecords(count: items.count, limit: maxRecords) }
        guard !items.isEmpty else { throw ServiceError.invalidShape("no records", record: nil) }
        var records: [FlowRecord] = []
        records.reserveCapacity(items.count)
        var roles = KeyRoles()  // what each distinct key of this request means
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item else {
                throw ServiceError.invalidShape("record \(index) is not an object", record: index)
            }
            records.append(try Self.record(fields, index: index, roles: &roles))
        }
        return records
    }

    enum KeyRole: Equatable {
        case feature(Int)
        /// v1's `Duration` (the mean TTL): v2's `Time_To_Live` when that is absent.
        case v1Duration
        /// Another v1-only column: marks the record as v1, otherwise ignored.
        case v1Only
        case sourceIP, destIP, dstIP, sensor, ts, timestamp
        case ignored

        init(key: String) {
            let name = FeatureResolver.normalisedName(key)
            if let index = FeatureResolver.v2Index[name] {
                self = .feature(index)
                return
            }
            switch name {
            case "duration": self = .v1Duration
            case "src_ip": self = .sourceIP
            case "dest_ip": self = .destIP
            case "dst_ip": self = .dstIP
            case "sensor": self = .sensor
            case "ts": self = .ts
            case "timestamp": self = .timestamp
            default: self = FeatureResolver.v1OnlyLowercased.contains(name) ? .v1Only : .ignored
            }
        }
    }

    /// The meanings of a request's keys: by name, and the last key seen at each field position
    /// (records repeat their keys in order; the reader hands back the same string for the same
    /// key there, so the check is usually a comparison of two identical strings, not a hash).
    struct KeyRoles {
        var byName: [String: KeyRole] = [:]
        var byPosition: [(key: String, role: KeyRole)] = []

        mutating func role(of key: String, at position: Int) -> KeyRole {
            if position < byPosition.count, byPosition[position].key == key { return byPosition[position].role }
            let role: KeyRole
            if let known = byName[key] { role = known } else { role = KeyRole(key: key); byName[key] = role }
            if position < byPosition.count { byPosition[position] = (key, role) } else if position == byPosition.count { byPosition.append((key, role)) }
            return role
        }
    }

    /// One record object → `FlowRecord`, with the rules of `FeatureResolver` (v2 by name; a
    /// v1 record's `Duration` for `Time_To_Live`, `IGMP` 0). Missing features are reported
    /// before invalid ones, each the first in v2 order. `roles` caches key meanings.
    static func record(_ fields: FlowJSONReader.Fields, index: Int, roles: inout KeyRoles) throws -> FlowRecord {
        typealias Value = FlowJSONReader.Value
        var raw = [Value?](repeating: nil, count: 39)
        var duration: Value?, isV1 = false
        var source: Value?, dest: Value?, dst: Value?, sensor: Value?, ts: Value?, timestamp: Value?
        for (position, (key, value)) in fields.enumerated() {
            let role = roles.role(of: key, at: position)
            switch role {
            case let .feature(position): raw[position] = value
            case .v1Duration: duration = value; isV1 = true
            case .v1Only: isV1 = true
            case .sourceIP: source = value
            case .destIP: dest = value
            case .dstIP: dst = value
            case .sensor: sensor = value
            case .ts: ts = value
            case .timestamp: timestamp = value
            case .ignored: break
            }
        }
        var features = [Double](repeating: 0, count: 39)
        for position in 0..<39 where raw[position] == nil {
            if isV1, position == FeatureResolver.timeToLiveIndex, let duration {
                raw[position] = duration
            } else if !(isV1 && position == FeatureResolver.igmpIndex) {
                throw ServiceError.missingFeature(field: FeatureResolver.publishedName(position), record: index)
            }
        }
        for position in 0..<39 {
            guard let value = raw[position] else { continue }  // v1's IGMP: 0
            features[position] = try number(value, field: FeatureResolver.publishedName(position), record: index)
        }
        let time: Double?
        if let value = ts ?? timestamp, value != .null {
            time = try number(value, field: "ts", record: index)
        } else {
            time = nil
        }
        return FlowRecord(
            features: features, sourceIP: try text(source, field: "src_ip", record: index),
            destinationIP: try text(dest ?? dst, field: "dest_ip", record: index),
            sensor: try text(sensor, field: "sensor", record: index), timestamp: time)
    }

    /// A finite number from a JSON number or numeric string.
    static func number(_ value: FlowJSONReader.Value?, field: String, record: Int) throws -> Double {
        let result: Double
        switch value {
        case nil, .null?:
            throw ServiceError.invalidFeature(field: field, record: record, reason: "is null")
        case .string(let string)?:
            guard let parsed = parse(string) else {
                throw ServiceError.invalidFeature(field: field, record: record, reason: "is not a number: '\(string.prefix(40))'")
            }
            result = parsed
        case .number(let number)?:
            result = number
        default:
            throw ServiceError.invalidFeature(field: field, record: record, reason: "is not a number")
        }
        guard result.isFinite else {
            throw ServiceError.invalidFeature(field: field, record: record, reason: "is not finite (NaN and ±inf are refused)")
        }
        return result
    }

    /// Parses a decimal number (`FloatParser`: surrounding spaces ignored); `nil` for text.
    /// Accepts `nan`/`inf` spellings so they are reported as non-finite rather than as text.
    static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { buffer -> Double? in
            guard buffer.count <= 64, let base = buffer.baseAddress else { return nil }
            let (value, kind) = FloatParser.parse(base, base + buffer.count)
            switch kind {
            case .number: return value
            case .nan: return .nan
            case .positiveInfinity: return .infinity
            case .negativeInfinity: return -.infinity
            case .empty, .invalid: return nil
            }
        }
    }

    static func text(_ value: FlowJSONReader.Value?, field: String, record: Int) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let string)?:
            guard string.utf8.count <= 256 else { throw ServiceError.badParameter("'\(field)' is longer than 256 bytes", field: field) }
            return string
        default:
            throw ServiceError.badParameter("'\(field)' in record \(record) must be a string", field: field)
        }
    }
}
