/// One thing the response engine did (or declined to do) about an incident, as stored with
/// the incident and shown by `GET /v1/alerts/{id}` under `actions`.
public struct ResponseAction: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        // webhook
        case queued, retrying, delivered, failed
        // block
        case added, extended, skipped, expired, applied
        case applyFailed = "apply_failed"
        case writeFailed = "write_failed"
    }

    public var kind: ResponseActionKind
    public var status: Status
    /// The webhook URL or the address concerned.
    public var target: String?
    /// What happened, for people: HTTP status and attempt, error text, expiry, allowlist rule.
    public var detail: String?
    /// Epoch seconds (wall clock).
    public var at: Double

    public init(kind: ResponseActionKind, status: Status, target: String?, detail: String?, at: Double) {
        self.kind = kind
        self.status = status
        self.target = target
        self.detail = detail
        self.at = at
    }
}
