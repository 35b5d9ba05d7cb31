import Foundation
import Hummingbird
import Logging

/// Authenticates every request that `AccessPolicy` says needs a role.
///
/// The token comes from `Authorization: Bearer …`, else the dashboard's HttpOnly cookie
/// (`iotshield_token`), else — on WebSocket routes only, where browsers cannot set headers —
/// a `token` query parameter. Missing, malformed, unknown or revoked → 401; a valid token of
/// the wrong role → 403. With `tokens == nil` (`--no-auth`) every request passes as `admin`.
/// Tokens are never logged; only their 8-digit id is put in the logger metadata.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    static let cookieName = "iotshield_token"

    let tokens: TokenStore?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        guard let tokens else {
            context.role = .admin
            return try await next(request, context)
        }
        let requirement = AccessPolicy.requirement(method: request.method, path: request.uri.path)
        guard case .role(let required) = requirement else { return try await next(request, context) }
        guard let presented = Self.presentedToken(request) else {
            throw ServiceError.unauthorized("missing bearer token")
        }
        let identity: (id: String, role: Role)?
        do {
            identity = try tokens.authenticate(presented)
        } catch {
            throw ServiceError.storeUnavailable("token table unreadable")
        }
        guard let identity else { throw ServiceError.unauthorized("invalid or revoked token") }
        guard identity.role.allows(required) else {
            throw ServiceError.forbidden(role: identity.role.rawValue, required: required.rawValue)
        }
        context.role = identity.role
        context.tokenID = identity.id
        context.logger[metadataKey: "token_id"] = .string(identity.id)
        return try await next(request, context)
    }

    /// The token a request carries, by the precedence above.
    static func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
            return nil
        }
        if let cookie = cookieToken(request) { return cookie }
        let path = request.uri.path
        if path.hasSuffix("/stream"), let query = request.uri.queryParameters["token"] { return String(query) }
        return nil
    }

    static func cookieToken(_ request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == cookieName {
                    return kv[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}
