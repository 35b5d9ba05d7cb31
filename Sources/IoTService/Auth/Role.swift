/// What a token may do. `admin` may do everything; `ingest` and `read` are disjoint.
///
/// - `ingest`: `POST /v1/flows`, WebSocket `/v1/flows/stream`.
/// - `read`: `GET /v1/alerts…`, `/v1/stats`, WebSocket `/v1/alerts/stream`, `/metrics`, the dashboard.
/// - `admin`: all of the above, `POST /v1/alerts/{id}/ack` and `POST /v1/model`.
public enum Role: String, Sendable, Codable, CaseIterable {
    case ingest
    case read
    case admin

    /// Whether a token of this role may use a route that needs `required`.
    public func allows(_ required: Role) -> Bool { self == .admin || self == required }
}
