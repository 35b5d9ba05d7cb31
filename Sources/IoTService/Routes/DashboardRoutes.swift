import Foundation
import Hummingbird

/// The dashboard: `GET /` serves the page to a browser holding a valid `read` (or `admin`)
/// token cookie, else the login form. The token is exchanged for an HttpOnly, SameSite=Strict
/// cookie either by `GET /?token=…` (then redirected to `/`, so the token leaves the address
/// bar) or by the form's `POST /login`. `GET /logout` clears it.
extension IoTShieldService {
    func addDashboardRoutes(to router: Router<ServiceRequestContext>) {
        router.get("/") { request, _ -> Response in
            guard self.configuration.authenticationEnabled else { return Self.html(DashboardPage.html) }
            if let token = request.uri.queryParameters["token"] {
                return try self.exchange(String(token))
            }
            if let cookie = AuthMiddleware.cookieToken(request), let identity = try? self.tokens.authenticate(cookie),
               identity.role.allows(.read) {
                return Self.html(DashboardPage.html)
            }
            return Self.html(DashboardPage.login(message: nil))
        }
        router.post("/login") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4096)
            let form = String(decoding: body.readableBytesView, as: UTF8.self)
            var token = ""
            for pair in form.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == "token" {
                    token = String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                }
            }
            return try self.exchange(token.trimmingCharacters(in: .whitespaces))
        }
        router.get("/logout") { _, _ -> Response in
            Response(status: .seeOther, headers: [
                .location: "/", .setCookie: "\(AuthMiddleware.cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
            ])
        }
    }

    /// A valid read/admin token → cookie and redirect to `/`; anything else → the login form (401).
    func exchange(_ token: String) throws -> Response {
        guard let identity = try? tokens.authenticate(token), identity.role.allows(.read) else {
            var response = Self.html(DashboardPage.login(message: "That token is not valid for reading alerts."))
            response.status = .unauthorized
            return response
        }
        return Response(status: .seeOther, headers: [
            .location: "/",
            .setCookie: "\(AuthMiddleware.cookieName)=\(token); HttpOnly; SameSite=Strict; Path=/; Max-Age=43200",
            .cacheControl: "no-store",
        ])
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self' ws: wss:",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
