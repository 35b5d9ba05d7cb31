import Foundation

/// A minimal HTTP/1.1 client for webhook deliveries: one `POST` per connection
/// (`Connection: close`), plain TCP over IPv4 or IPv6, reading only the status line.
///
/// Written by hand instead of pulling an HTTP client package: a webhook needs one request
/// shape and no TLS, and the sensor (synchronous, no event loop) and the service share it.
/// Blocking: call it from a worker thread, never from detection. Each of connect, send and
/// the wait for the status line is limited by `timeout`; SIGPIPE is never raised.
enum HTTPPoster {
    enum Outcome: Sendable, Equatable {
        /// The receiver answered with this HTTP status.
        case status(Int)
        /// No HTTP answer: resolve, connect, send or receive failed, or timed out.
        case transportError(String)
    }

    static func post(_ url: WebhookURL, headers: [(String, String)], body: [UInt8], timeout: Double) -> Outcome {
        var request = "POST \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nUser-Agent: iotshield\r\n"
        request += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8) + body

        let socket: Int32
        switch connect(host: url.host, port: url.port, timeout: timeout) {
        case .success(let descriptor): socket = descriptor
        case .failure(let message): return .transportError(message.text)
        }
        defer { close(socket) }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in send(socket, raw.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .transportError("send failed: \(errorText())") }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while received.count < 16_384 {
            if let status = statusCode(received) { return .status(status) }
            let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .transportError("no response: \(errorText())") }
            if n == 0 { break }
            received += chunk[0..<n]
        }
        return statusCode(received).map(Outcome.status) ?? .transportError("no valid HTTP status line in the response")
    }

    /// The status of `HTTP/1.x NNN …` once the first line is complete.
    static func statusCode(_ bytes: [UInt8]) -> Int? {
        guard let end = bytes.firstIndex(of: 0x0A) else { return nil }
        let line = String(decoding: bytes[..<end], as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let code = Int(parts[1]) else { return -1 }
        return code
    }

    struct Failure: Error { var text: String }

    /// A connected blocking socket to the first address of `host` that accepts within `timeout`.
    static func connect(host: String, port: Int, timeout: Double) -> Result<Int32, Failure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            return .failure(Failure(text: "cannot resolve \(host): \(String(cString: gai_strerror(resolved)))"))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let descriptor = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { lastError = "socket: \(errorText())"; continue }
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            var status = Glibc.connect(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen)
            if status != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(max(1, timeout * 1000)))
                if ready == 1 {
                    var code: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
                    status = code == 0 ? 0 : -1
                    errno = code
                } else {
                    status = -1
                    errno = ready == 0 ? ETIMEDOUT : errno
                }
            }
            guard status == 0 else {
                lastError = "cannot connect to \(host) port \(port): \(errorText())"
                close(descriptor)
                continue
            }
            _ = fcntl(descriptor, F_SETFL, flags)
            return .success(descriptor)
        }
        return .failure(Failure(text: lastError))
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
