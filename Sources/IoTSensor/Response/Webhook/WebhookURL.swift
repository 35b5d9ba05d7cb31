/// A webhook target: `http://HOST[:PORT][/PATH][?QUERY]`. Plain HTTP only — the sensor
/// carries no TLS stack; put a local TLS-terminating relay in front of an `https` receiver.
public struct WebhookURL: Sendable, Equatable, CustomStringConvertible {
    /// Host name or address (IPv6 without brackets).
    public var host: String
    public var port: Int
    /// Path and query, starting with `/`.
    public var target: String

    /// - Throws: a reason string (the caller adds file and field) for anything but `http://`
    ///   with a host, a port within 1…65535 and no spaces or control characters.
    public init(parsing text: String) throws(WebhookURLError) {
        guard text.hasPrefix("http://") else {
            throw WebhookURLError(text.hasPrefix("https://")
                ? "https is not supported (no TLS in IoTShield); use http:// to a local relay that adds TLS"
                : "must start with http://")
        }
        guard !text.contains(where: { $0.isWhitespace || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) }) else {
            throw WebhookURLError("must not contain spaces or control characters")
        }
        let rest = text.dropFirst("http://".count)
        let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<slash]
        let path = rest[slash...]
        target = path.isEmpty ? "/" : (path.hasPrefix("?") ? "/" + String(path) : String(path))
        guard !authority.contains("@") else { throw WebhookURLError("user information in the URL is not supported; use webhook.headers") }
        var hostPart = Substring(authority)
        var portText: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw WebhookURLError("unclosed '[' in the host") }
            let after = hostPart[hostPart.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw WebhookURLError("bad text after the IPv6 host") }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portText = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty else { throw WebhookURLError("has no host") }
        host = String(hostPart)
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value) else { throw WebhookURLError("port must be 1…65535") }
            port = value
        } else {
            port = 80
        }
    }

    /// The `Host` header value.
    var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? name : "\(name):\(port)"
    }

    public var description: String { "http://\(hostHeader)\(target)" }
}

public struct WebhookURLError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
