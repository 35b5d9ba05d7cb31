import Foundation
import Hummingbird
@testable import IoTService
import IoTSensor
import Logging
import Testing

@Suite("access control")
struct AuthTests {
    @Test func rolesAndRevocation() async throws {
        try await withService { h in
            let row = try #require(Samples.rows(label: "Benign_Final").first)
            let body = Samples.json(Samples.object(row))
            func ingest(_ token: String?) async throws -> HTTPResponse.Status {
                try await h.request("/v1/flows", method: .post, token: token, contentType: "application/json", body: body).status
            }
            #expect(try await ingest(nil) == .unauthorized)
            #expect(try await ingest("iots_00000000_" + String(repeating: "0", count: 64)) == .unauthorized)
            #expect(try await ingest("garbage") == .unauthorized)
            #expect(try await ingest(h.readToken) == .forbidden)
            #expect(try await ingest(h.ingestToken) == .ok)
            #expect(try await ingest(h.adminToken) == .ok)

            #expect(try await h.request("/v1/alerts", token: nil).status == .unauthorized)
            #expect(try await h.request("/v1/alerts", token: h.ingestToken).status == .forbidden)
            #expect(try await h.request("/v1/alerts", token: h.readToken).status == .ok)
            #expect(try await h.request("/metrics", token: nil).status == .unauthorized)
            #expect(try await h.request("/metrics", token: h.readToken).status == .ok)
            #expect(try await h.request("/v1/alerts/x/ack", method: .post, token: h.readToken).status == .forbidden)
            #expect(try await h.request("/v1/alerts/x/ack", method: .post, token: h.adminToken).status == .notFound)
            #expect(try await h.request("/healthz", token: nil).status == .ok)
            let denied = try await h.request("/v1/alerts", token: nil)
            #expect(h.json(denied)["error"] as? String == "missing bearer token")
            #expect(denied.headers[.wwwAuthenticate] != nil)

            // WebSocket routes: refused without a token (the upgrade falls through to a 401).
            #expect(try await h.request("/v1/alerts/stream", token: nil).status == .unauthorized)
            #expect(try await h.request("/v1/alerts/stream", token: h.readToken).status == .badRequest)
            await #expect(throws: (any Error).self) {
                _ = try await LoopbackWebSocket.connect(url: "ws://127.0.0.1:\(h.port)/v1/alerts/stream")
            }

            // Revoked (as `iotshield token revoke` does, from outside) → 401 from the next request on.
            let id = try #require(TokenCredential(parsing: h.ingestToken)?.id)
            let other = try TokenStore(path: h.service.configuration.databasePath)
            #expect(try other.revoke(id: id))
            #expect(try await ingest(h.ingestToken) == .unauthorized)
            #expect(try other.list().first { $0.id == id }?.revokedAt != nil)
        }
    }

    @Test func noAuthIsRefusedOffLoopback() throws {
        var configuration = ServiceConfiguration()
        configuration.host = "0.0.0.0"
        configuration.authenticationEnabled = false
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
        configuration.host = "127.0.0.1"
        try configuration.validate()
    }

    @Test func tokensAreStoredHashedAndComparedByHash() throws {
        let store = try TokenStore(path: temporaryDatabase())
        let credential = try store.create(role: .read, label: "laptop")
        #expect(try store.authenticate(credential.text)?.role == .read)
        var wrong = credential
        wrong.secret = String(credential.secret.reversed())
        #expect(try store.authenticate(wrong.text) == nil)
        let hashes = try store.database.read { db in try db.rows("SELECT secret_sha256 FROM token").map { try $0.text("secret_sha256") } }
        #expect(hashes == [credential.secretHash])
        #expect(!hashes.contains(credential.secret))
    }

    @Test func dashboardExchangesATokenForAnHttpOnlyCookie() async throws {
        try await withService { h in
            let login = try await h.request("/", token: nil)
            #expect(login.status == .ok)
            #expect(String(buffer: login.body).contains("name=token"))
            #expect(try await h.request("/?token=\(h.ingestToken)", token: nil).status == .unauthorized)
            let exchange = try await h.request("/?token=\(h.readToken)", token: nil)
            #expect(exchange.status == .seeOther)
            let cookie = try #require(exchange.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            let cookiePair = String(cookie.split(separator: ";")[0])
            let page = try await h.client.execute(uri: "/", method: .get, headers: [.cookie: cookiePair], body: nil)
            #expect(String(buffer: page.body).contains("/v1/alerts/stream"))
            #expect(!String(buffer: page.body).contains("http://"), "self-contained: no external resources")
            let stats = try await h.client.execute(uri: "/v1/stats", method: .get, headers: [.cookie: cookiePair], body: nil)
            #expect(stats.status == .ok)
            let form = try await h.request("/login", method: .post, token: nil, contentType: "application/x-www-form-urlencoded",
                                           body: "token=\(h.readToken)")
            #expect(form.status == .seeOther)
        }
    }
}
