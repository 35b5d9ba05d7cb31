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
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw ServiceError.malformedJSON("not valid JSON")
        }
        let items: [Any]
        if let array = object as? [Any] {
            items = array
        } else if let dictionary = object as? [String: Any] {
            if let records = dictionary["records"] {
                guard let array = records as? [Any] else { throw ServiceError.invalidShape("'records' must be an array", record: nil) }
                items = array
            } else {
                items = [dictionary]
            }
        } else {
            throw ServiceError.invalidShape("expected a record object, an array of records or {\"records\": [...]}", record: nil)
        }
        guard items.count <= maxRecords else { throw ServiceError.tooManyRecords(count: items.count, limit: maxRecords) }
        guard !items.isEmpty else { throw ServiceError.invalidShape("no records", record: nil) }
        var records: [FlowRecord] = []
        records.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let dictionary = item as? [String: Any] else {
                throw ServiceError.invalidShape("record \(index) is not an object", record: index)
            }
            records.append(try Self.record(dictionary, index: index))
        }
        return records
    }

    static func record(_ dictionary: [String: Any], index: Int) throws -> FlowRecord {
        var lowered: [String: Any] = [:]
        lowered.reserveCapacity(dictionary.count)
        for (key, value) in dictionary { lowered[key.trimmingCharacters(in: .whitespaces).lowercased()] = value }
        let resolver = try FeatureResolver(availableNames: Set(lowered.keys), record: index)
        var features = [Double](repeating: 0, count: 39)
        for (position, source) in resolver.sources.enumerated() {
            guard case .column(let name) = source else { continue }
            features[position] = try number(lowered[name], field: FeatureResolver.publishedName(position), record: index)
        }
        let timestamp: Double?
        if let raw = lowered["ts"] ?? lowered["timestamp"], !(raw is NSNull) {
            timestamp = try number(raw, field: "ts", record: index)
        } else {
            timestamp = nil
        }
        return FlowRecord(
            features: features, sourceIP: try text(lowered["src_ip"], field: "src_ip", record: index),
            destinationIP: try text(lowered["dest_ip"] ?? lowered["dst_ip"], field: "dest_ip", record: index),
            sensor: try text(lowered["sensor"], field: "sensor", record: index), timestamp: timestamp)
    }

    /// A finite number from a JSON number or numeric string.
    static func number(_ value: Any?, field: String, record: Int) throws -> Double {
        let result: Double
        switch value {
        case nil, is NSNull:
            throw ServiceError.invalidFeature(field: field, record: record, reason: "is null")
        case let string as String:
            guard let parsed = parse(string) else {
                throw ServiceError.invalidFeature(field: field, record: record, reason: "is not a number: '\(string.prefix(40))'")
            }
            result = parsed
        case let number as NSNumber:
            result = number.doubleValue
        default:
            throw ServiceError.invalidFeature(field: field, record: record, reason: "is not a number")
        }
        guard result.isFinite else {
            throw ServiceError.invalidFeature(field: field, record: record, reason: "is not finite (NaN and ±inf are refused)")
        }
        return result
    }

    /// Parses a decimal number; `nil` for text. Accepts `nan`/`inf` spellings so they are
    /// reported as non-finite rather than as text.
    static func parse(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        switch trimmed.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(trimmed)
        }
    }

    static func text(_ value: Any?, field: String, record: Int) throws -> String? {
        switch value {
        case nil, is NSNull: return nil
        case let string as String:
            guard string.utf8.count <= 256 else { throw ServiceError.badParameter("'\(field)' is longer than 256 bytes", field: field) }
            return string
        default:
            throw ServiceError.badParameter("'\(field)' in record \(record) must be a string", field: field)
        }
    }
}
