import Foundation
import IoTSensor
import PostgresNIO

/// Where a PostgreSQL store is, read from a libpq-style URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-ca|verify-full]`.
/// A Unix socket directory goes in `host=` (`postgres://USER@/DATABASE?host=/run/postgresql`);
/// without a password in the URL, `PGPASSWORD` is used when set.
///
/// `sslmode` reads as libpq reads it: `prefer` (the default) uses TLS when the server offers it,
/// `require` insists on it without checking the certificate, `verify-ca` checks the chain,
/// `verify-full` the chain and the host name.
public struct PostgresStoreLocation: Sendable {
    public var configuration: PostgresConnection.Configuration
    /// The URL without its password, for messages and logs.
    public var redacted: String

    /// - Throws: `AlertStoreError` naming what is wrong with `url` (scheme, user, database, port, sslmode).
    public init(url: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw AlertStoreError("--postgres: '\(Self.redact(url))' is not a postgres://USER@HOST[:PORT]/DATABASE URL")
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            throw AlertStoreError("--postgres: the URL names no user (postgres://USER@HOST/DATABASE)")
        }
        // As libpq: PGPASSWORD when the URL has none (keeps the password out of `ps`).
        let password = components.password?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw AlertStoreError("--postgres: the URL names no database (postgres://USER@HOST/DATABASE)")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw AlertStoreError("--postgres: port \(port) is out of range") }

        if let socketDirectory {
            configuration = .init(unixSocketPath: socketDirectory + "/.s.PGSQL.\(port)", username: user, password: password,
                                  database: database)
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw AlertStoreError("--postgres: the URL names no host (postgres://USER@HOST/DATABASE, or ?host=/socket/dir)")
            }
            let tls = try Self.tls(mode: query["sslmode"] ?? "prefer")
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        redacted = Self.redact(url)
    }

    static func tls(mode: String) throws -> PostgresConnection.Configuration.TLS {
        var client = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case "disable", "allow":
            return .disable
        case "prefer":
            client.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: client))
        case "require":
            client.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: client))
        case "verify-ca":
            client.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: client))
        case "verify-full":
            return .require(try NIOSSLContext(configuration: client))
        default:
            throw AlertStoreError("--postgres: sslmode '\(mode)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
    }

    /// `url` with the password (if any) replaced by `***`.
    static func redact(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://(unreadable URL)"
    }
}
