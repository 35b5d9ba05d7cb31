import IoTSensor

/// A `--postgres` value: a libpq connection URI (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE?sslmode=…`)
/// or keyword string (`host=… dbname=… user=…`), read by libpq itself — so `sslmode`,
/// Unix-socket hosts, `PGPASSWORD`, `~/.pgpass` and the other `PG*` variables work as in `psql`.
public struct PostgresConnectionString: Sendable {
    public let text: String
    /// `text` with any password replaced by `***`, for messages and logs.
    public let redacted: String
    /// The password spellings found in `text` (raw and percent-decoded), scrubbed from libpq's messages.
    let secrets: [String]

    /// - Throws: `AlertStoreError` when `text` is neither a `postgres://`/`postgresql://` URI nor a
    ///   `keyword=value` string (libpq checks the rest when connecting). The message never repeats `text`.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard Self.isURI(trimmed) || (trimmed.contains("=") && !trimmed.contains("://")) else {
            throw AlertStoreError("--postgres: the value is neither a postgres:// URL nor a 'host=… dbname=…' string")
        }
        self.text = trimmed
        let (redacted, secrets) = Self.redact(trimmed)
        self.redacted = redacted
        self.secrets = secrets.flatMap { [$0, $0.removingPercentEncoding].compactMap { $0 } }.filter { !$0.isEmpty }
    }

    static func isURI(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// `message` with every password spelling of this connection string replaced by `***`.
    public func scrub(_ message: String) -> String {
        secrets.sorted { $0.count > $1.count }.reduce(message) { $0.replacingOccurrences(of: $1, with: "***") }
    }

    /// `text` with its passwords hidden, and the hidden values. URI: the userinfo password
    /// (libpq ends the authority at the first `/` only, so `?` may be part of a password) and
    /// `password=` query parameters; keyword string: `password = value`, quoted or not.
    static func redact(_ text: String) -> (String, [String]) {
        isURI(text) ? redactURI(text) : redactKeywords(text)
    }

    private static func redactURI(_ text: String) -> (String, [String]) {
        guard let scheme = text.range(of: "://") else { return (text, []) }
        var secrets: [String] = []
        var result = text
        let rest = text[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
            secrets.append(String(text[text.index(after: colon)..<at]))
            result = String(text[...colon]) + "***" + String(text[at...])
        }
        let hostStart = result.range(of: "***@")?.upperBound ?? result.range(of: "://")?.upperBound ?? result.startIndex
        guard let queryStart = result[hostStart...].firstIndex(of: "?") else { return (result, secrets) }
        let parameters = result[result.index(after: queryStart)...].split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            guard part.lowercased().hasPrefix("password=") else { return String(part) }
            secrets.append(String(part.dropFirst("password=".count)))
            return "password=***"
        }
        return (String(result[...queryStart]) + parameters.joined(separator: "&"), secrets)
    }

    private static func redactKeywords(_ text: String) -> (String, [String]) {
        var secrets: [String] = []
        var result = ""
        var i = text.startIndex
        while i < text.endIndex {
            // A keyword: letters, digits, underscore.
            guard text[i].isLetter else { result.append(text[i]); i = text.index(after: i); continue }
            var end = i
            while end < text.endIndex, text[end].isLetter || text[end].isNumber || text[end] == "_" { end = text.index(after: end) }
            let keyword = text[i..<end].lowercased()
            result += text[i..<end]
            i = end
            // Spaces, '=', spaces, then the value (quoted with '…' and \' escapes, or up to whitespace).
            var j = i
            while j < text.endIndex, text[j].isWhitespace { j = text.index(after: j) }
            guard j < text.endIndex, text[j] == "=" else { continue }
            j = text.index(after: j)
            while j < text.endIndex, text[j].isWhitespace { j = text.index(after: j) }
            result += text[i..<j]
            var valueEnd = j
            if valueEnd < text.endIndex, text[valueEnd] == "'" {
                valueEnd = text.index(after: valueEnd)
                while valueEnd < text.endIndex, text[valueEnd] != "'" {
                    if text[valueEnd] == "\\", text.index(after: valueEnd) < text.endIndex { valueEnd = text.index(after: valueEnd) }
                    valueEnd = text.index(after: valueEnd)
                }
                if valueEnd < text.endIndex { valueEnd = text.index(after: valueEnd) }
            } else {
                while valueEnd < text.endIndex, !text[valueEnd].isWhitespace { valueEnd = text.index(after: valueEnd) }
            }
            if keyword == "password" {
                let value = text[j..<valueEnd]
                secrets.append(String(value))
                if value.hasPrefix("'") { secrets.append(String(value.dropFirst().dropLast())) }
                result += "***"
            } else {
                result += text[j..<valueEnd]
            }
            i = valueEnd
        }
        return (result, secrets)
    }
}
