import Hummingbird

/// Which role each route needs, decided in one place from method and path.
///
/// Public (no token): `/healthz`, `/readyz`, the dashboard shell (`/`, `/login`, which check
/// the cookie themselves). Unknown `/v1` paths need `admin` so a typo never opens a route.
enum AccessPolicy {
    enum Requirement: Equatable {
        case none
        case role(Role)
    }

    static func requirement(method: HTTPRequest.Method, path: String) -> Requirement {
        if path == "/healthz" || path == "/readyz" || path == "/" || path == "/login" || path == "/logout" { return .none }
        if path == "/metrics" { return .role(.read) }
        if path == "/v1/flows" || path == "/v1/flows/stream" { return .role(.ingest) }
        if path == "/v1/model" && method == .post { return .role(.admin) }
        if path.hasPrefix("/v1/alerts/") && path.hasSuffix("/ack") { return .role(.admin) }
        if path == "/v1/alerts" || path.hasPrefix("/v1/alerts/") || path == "/v1/stats" || path == "/v1/model" {
            return method == .get ? .role(.read) : .role(.admin)
        }
        return .role(.admin)
    }
}
