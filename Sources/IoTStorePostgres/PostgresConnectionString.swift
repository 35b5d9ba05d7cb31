import IoTSensor

/// A `--postgres` value: a libpq connection URI (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=…`)
/// or keyword string (`host=… dbname=… user=…`), read by libpq itself — so `sslmode`,
/// Unix-socket hosts, `PGPASSWORD`, `~/.pgpass` and the other `PG*` variables work as in `psql`.
public struct PostgresConnectionString: Sendable {
    public let text: String
    /// `text` with any password replaced by `***`, for messages and logs.
    public let redacted: String

    /// - Throws: `AlertStoreError` when `text` is neither a `postgres://`/`postgresql://` URI nor a
    ///   `keyword=value` string (libpq checks the rest when connecting).
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") || (trimmed.contains("=") && !trimmed.contains("://")) else {
            throw AlertStoreError("--postgres: '\(Self.redact(trimmed))' is neither a postgres:// URL nor a 'host=… dbname=…' string")
        }
        self.text = trimmed
        redacted = Self.redact(trimmed)
    }

    /// Hides the password of a URI (`user:PASSWORD@`, `?password=…`) or keyword string (`password=…`).
    static func redact(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else {
            return text.split(separator: " ", omittingEmptySubsequences: false)
                .map { $0.lowercased().hasPrefix("password=") ? "password=***" : String($0) }
                .joined(separator: " ")
        }
        var result = text
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
            result = String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
        }
        guard let query = result.firstIndex(of: "?") else { return result }
        let parameters = result[result.index(after: query)...].split(separator: "&", omittingEmptySubsequences: false)
            .map { $0.lowercased().hasPrefix("password=") ? "password=***" : String($0) }
        return String(result[...query]) + parameters.joined(separator: "&")
    }
}
