import Foundation
import Hummingbird

/// Every failure the service reports to a client, with its HTTP status, in one place.
///
/// Routes throw these; `ErrorMappingMiddleware` turns them (and any other error) into a JSON
/// body `{"error": "...", "field": "...", "record": n}` with the status below. Nothing a client
/// sends can do more than produce one of these.
public enum ServiceError: Error, Sendable, Equatable {
    /// 415: the body is neither JSON nor CSV.
    case unsupportedMediaType(String?)
    /// 400: the body is not valid JSON (or not UTF-8).
    case malformedJSON(String)
    /// 400: JSON nested deeper than `limit` levels (records need 3).
    case tooDeeplyNested(limit: Int)
    /// 400: the JSON has the wrong shape (not a record, an array of records or `{"records": [...]}`).
    case invalidShape(String, record: Int?)
    /// 400: a feature column is missing from record `record` (0-based).
    case missingFeature(field: String, record: Int)
    /// 400: a feature is not a finite number (text, NaN, ±inf, null).
    case invalidFeature(field: String, record: Int, reason: String)
    /// 400: a CSV line that cannot be read.
    case malformedCSV(line: Int, reason: String)
    /// 413: the body is larger than the configured limit.
    case bodyTooLarge(limit: Int)
    /// 413: more records in one request than the configured limit.
    case tooManyRecords(count: Int, limit: Int)
    /// 400: a query parameter or request field is invalid.
    case badParameter(String, field: String)
    /// 429: the in-flight ingest limit is reached; retry later.
    case overloaded(limit: Int)
    /// 401: no token, an unknown token or a revoked one.
    case unauthorized(String)
    /// 403: the token's role does not allow this route.
    case forbidden(role: String, required: String)
    /// 404
    case notFound(String)
    /// 503: no scorer is loaded yet.
    case noModel
    /// 422: a model file could not be loaded (hot reload).
    case modelLoadFailed(String)
    /// 503: the alert store could not be read or written.
    case storeUnavailable(String)
    /// 400: a plain HTTP request to a WebSocket route.
    case upgradeRequired

    public var status: HTTPResponse.Status {
        switch self {
        case .unsupportedMediaType: return .unsupportedMediaType
        case .malformedJSON, .tooDeeplyNested, .invalidShape, .missingFeature, .invalidFeature, .malformedCSV, .badParameter,
             .upgradeRequired:
            return .badRequest
        case .bodyTooLarge, .tooManyRecords: return .contentTooLarge
        case .overloaded: return .tooManyRequests
        case .unauthorized: return .unauthorized
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .noModel, .storeUnavailable: return .serviceUnavailable
        case .modelLoadFailed: return .unprocessableContent
        }
    }

    public var message: String {
        switch self {
        case .unsupportedMediaType(let type):
            return "unsupported content type \(type.map { "'\($0)'" } ?? "(none)"); send application/json or text/csv"
        case .malformedJSON(let reason): return "malformed JSON: \(reason)"
        case .tooDeeplyNested(let limit): return "JSON nested deeper than \(limit) levels"
        case .invalidShape(let reason, _): return reason
        case .missingFeature(let field, _): return "missing feature '\(field)'"
        case .invalidFeature(let field, _, let reason): return "feature '\(field)' \(reason)"
        case .malformedCSV(let line, let reason): return "malformed CSV at line \(line): \(reason)"
        case .bodyTooLarge(let limit): return "body larger than \(limit) bytes"
        case .tooManyRecords(let count, let limit): return "\(count) records in one request; the limit is \(limit)"
        case .badParameter(let reason, _): return reason
        case .overloaded(let limit): return "too many ingest requests in flight (limit \(limit)); retry later"
        case .unauthorized(let reason): return reason
        case .forbidden(let role, let required): return "role '\(role)' may not use this route (needs '\(required)')"
        case .notFound(let what): return "\(what) not found"
        case .noModel: return "no model loaded; start with --model or POST /v1/model"
        case .modelLoadFailed(let reason): return "model not loaded: \(reason)"
        case .storeUnavailable(let reason): return "alert store unavailable: \(reason)"
        case .upgradeRequired: return "this route needs a WebSocket upgrade"
        }
    }

    /// The offending field, where there is one.
    public var field: String? {
        switch self {
        case .missingFeature(let field, _), .invalidFeature(let field, _, _), .badParameter(_, let field): return field
        default: return nil
        }
    }

    /// The 0-based index of the offending record, where there is one.
    public var record: Int? {
        switch self {
        case .missingFeature(_, let record), .invalidFeature(_, let record, _): return record
        case .invalidShape(_, let record): return record
        case .malformedCSV(let line, _): return max(0, line - 2)
        default: return nil
        }
    }

    /// The JSON error body.
    public var body: ErrorBody { ErrorBody(error: message, field: field, record: record) }

    /// Maps any error to a `ServiceError`: Hummingbird's own (`413` from body collection, …)
    /// keep their status; anything unknown is a store failure if it came from SQLite, else it
    /// is reported without internals.
    public static func from(_ error: any Error, maxBodyBytes: Int) -> (status: HTTPResponse.Status, body: ErrorBody) {
        if let error = error as? ServiceError { return (error.status, error.body) }
        if let error = error as? HTTPError {
            if error.status == .contentTooLarge { return from(ServiceError.bodyTooLarge(limit: maxBodyBytes), maxBodyBytes: maxBodyBytes) }
            return (error.status, ErrorBody(error: error.body ?? error.status.reasonPhrase, field: nil, record: nil))
        }
        if let error = error as? any HTTPResponseError {
            return (error.status, ErrorBody(error: error.status.reasonPhrase, field: nil, record: nil))
        }
        return (.internalServerError, ErrorBody(error: "internal error: \(String(describing: type(of: error)))", field: nil, record: nil))
    }
}

/// `{"error": "...", "field": "...", "record": n}`; absent keys are left out.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var field: String?
    public var record: Int?
}
