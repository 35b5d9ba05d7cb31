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
        var sink = JSONFlowRecordSink(maxRecords: maxRecords)
        let shape: FlowJSONReader.Shape
        do {
            shape = try body.withUnsafeBufferPointer { try FlowJSONReader.read($0, into: &sink, depthLimit: Self.maxDepth) }
        } catch let error as FlowJSONReader.Malformed {
            throw ServiceError.malformedJSON("not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        switch shape {
        case .array, .wrapped: break
        case .wrappedNotArray: throw ServiceError.invalidShape("'records' must be an array", record: nil)
        case .object: sink.finishTopRecord()
        case .scalar:
            throw ServiceError.invalidShape("expected a record object, an array of records or {\"records\": [...]}", record: nil)
        }
        guard sink.count <= maxRecords else { throw ServiceError.tooManyRecords(count: sink.count, limit: maxRecords) }
        guard sink.count > 0 else { throw ServiceError.invalidShape("no records", record: nil) }
        if let error = sink.firstError { throw error }
        return sink.records
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
