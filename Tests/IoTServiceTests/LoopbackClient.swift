import Foundation
import HTTPTypes
import Hummingbird
@testable import IoTSensor
import NIOCore

// A minimal HTTP/1.1 and WebSocket client over a blocking loopback socket, for these tests
// only. HummingbirdTesting and HummingbirdWSClient do the same, but they bring
// async-http-client, swift-nio-ssl (a second BoringSSL), swift-nio-http2 and more into the
// build: about 500 extra compile units, minutes of every fresh-clone CI run. Plain HTTP and
// WebSocket on 127.0.0.1 are all the tests need. Each blocking call runs on a thread of its
// own, never on the concurrency pool the server's handlers also run on.

/// Failures of the loopback client.
struct LoopbackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs blocking `work` on a fresh thread and awaits its result.
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// A connected TCP socket to 127.0.0.1 with a read buffer. Not thread-safe: one user at a time.
final class LoopbackSocket: @unchecked Sendable {
    private var descriptor: Int32
    private var buffered: [UInt8] = []

    init(port: Int) throws {
        // The webhook's connect (IoTSensor's `HTTPPoster`): a blocking socket, connect timeout.
        switch HTTPPoster.connect(host: "127.0.0.1", port: port, timeout: 10) {
        case .success(let connected): descriptor = connected
        case .failure(let failure): throw LoopbackError(failure.text)
        }
        // A test must fail, not hang, when the server stops answering.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close() }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor); descriptor = -1 }
    }

    /// Sends all of `bytes` — or, with `untilAnswered`, stops early once the peer has sent
    /// something (a server may answer 413 without reading a huge body, and then never read
    /// the rest: a plain blocking send would wait forever).
    func write(_ bytes: [UInt8], untilAnswered: Bool = false) throws {
        try bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var sent = 0
            while sent < raw.count {
                if untilAnswered {
                    var poller = pollfd(fd: descriptor, events: Int16(POLLIN | POLLOUT), revents: 0)
                    guard poll(&poller, 1, 30_000) > 0 else { throw LoopbackError("send: no progress in 30 s") }
                    if poller.revents & Int16(POLLIN) != 0 { return }
                }
                let n = send(descriptor, base + sent, min(raw.count - sent, 1 << 20), Int32(MSG_NOSIGNAL))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw LoopbackError("send: \(String(cString: strerror(errno)))") }
                sent += n
            }
        }
    }

    /// Reads more bytes into the buffer; `false` at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw LoopbackError("recv: \(String(cString: strerror(errno)))") }
            buffered.append(contentsOf: chunk[0..<n])
            return n > 0
        }
    }

    func read(exactly count: Int) throws -> [UInt8] {
        while buffered.count < count {
            guard try fill() else { throw LoopbackError("connection closed after \(buffered.count) of \(count) bytes") }
        }
        defer { buffered.removeFirst(count) }
        return Array(buffered[0..<count])
    }

    /// Bytes up to and including `delimiter`.
    func read(through delimiter: [UInt8]) throws -> [UInt8] {
        var searched = 0
        while true {
            if buffered.count >= delimiter.count {
                for start in max(0, searched - delimiter.count)...(buffered.count - delimiter.count)
                where buffered[start..<(start + delimiter.count)].elementsEqual(delimiter) {
                    let end = start + delimiter.count
                    defer { buffered.removeFirst(end) }
                    return Array(buffered[0..<end])
                }
                searched = buffered.count
            }
            guard try fill() else { throw LoopbackError("connection closed before the end of a header") }
        }
    }

    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffered.removeAll() }
        return buffered
    }

    /// A response head: status code and header fields.
    func readHead() throws -> (status: Int, fields: [(String, String)]) {
        let bytes = try read(through: Array("\r\n\r\n".utf8))
        guard let code = HTTPPoster.statusCode(bytes), code >= 0 else { throw LoopbackError("no HTTP status line") }
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        let fields = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return (code, fields)
    }
}

/// An HTTP response as the tests read it.
struct LoopbackResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// One request per connection (`Connection: close`), like a curl call.
struct LoopbackHTTPClient: Sendable {
    let port: Int

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> LoopbackResponse {
        let port = self.port
        let payload = body.map { Array($0.readableBytesView) } ?? []
        return try await offThread {
            let socket = try LoopbackSocket(port: port)
            defer { socket.close() }
            var head = "\(method.rawValue) \(uri) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for field in headers { head += "\(field.name.rawName): \(field.value)\r\n" }
            if body != nil || [.post, .put, .patch].contains(method) { head += "Content-Length: \(payload.count)\r\n" }
            head += "\r\n"
            do {
                try socket.write(Array(head.utf8) + payload, untilAnswered: true)
            } catch {
                // The server may answer (413) and close before it has read the whole body.
            }
            let (code, fields) = try socket.readHead()
            var responseHeaders = HTTPFields()
            for (name, value) in fields { if let name = HTTPField.Name(name) { responseHeaders.append(HTTPField(name: name, value: value)) } }
            let bytes: [UInt8]
            if let length = responseHeaders[.contentLength].flatMap(Int.init) {
                bytes = try socket.read(exactly: length)
            } else if responseHeaders[.transferEncoding]?.lowercased().contains("chunked") == true {
                var joined: [UInt8] = []
                while true {
                    let sizeLine = String(decoding: try socket.read(through: [13, 10]), as: UTF8.self)
                    let hex = sizeLine.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
                    guard let size = Int(hex, radix: 16) else { throw LoopbackError("bad chunk size \(sizeLine.debugDescription)") }
                    if size == 0 { break }
                    joined += try socket.read(exactly: size)
                    _ = try socket.read(exactly: 2)
                }
                bytes = joined
            } else {
                bytes = try socket.readToEnd()
            }
            return LoopbackResponse(status: HTTPResponse.Status(code: code), headers: responseHeaders, body: ByteBuffer(bytes: bytes))
        }
    }
}

/// A WebSocket client connection (RFC 6455, text and binary messages, no extensions).
final class LoopbackWebSocket: @unchecked Sendable {
    enum Message: Sendable { case text(String), binary([UInt8]) }

    private let socket: LoopbackSocket

    private init(socket: LoopbackSocket) { self.socket = socket }

    /// Opens `ws://127.0.0.1:PORT/PATH` (other hosts are refused); throws unless the server
    /// answers 101 Switching Protocols.
    static func connect(url: String, headers: [(String, String)] = []) async throws -> LoopbackWebSocket {
        guard let parsed = URL(string: url), parsed.scheme == "ws", let host = parsed.host, host == "127.0.0.1" || host == "localhost",
              let port = parsed.port else { throw LoopbackError("not a loopback ws:// URL: \(url)") }
        let path = parsed.path.isEmpty ? "/" : parsed.path + (parsed.query.map { "?" + $0 } ?? "")
        return try await offThread {
            let socket = try LoopbackSocket(port: port)
            let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            head += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            try socket.write(Array((head + "\r\n").utf8))
            let (code, _) = try socket.readHead()
            guard code == 101 else {
                socket.close()
                throw LoopbackError("WebSocket upgrade of \(path) refused with \(code)")
            }
            return LoopbackWebSocket(socket: socket)
        }
    }

    func send(text: String) async throws {
        let socket = self.socket
        try await offThread { try socket.write(Self.frame(opcode: 1, payload: Array(text.utf8))) }
    }

    /// The next message; `nil` once the server closes. Answers pings on the way.
    func receive() async throws -> Message? {
        let socket = self.socket
        return try await offThread { () -> Message? in
            var message: [UInt8] = []
            var messageOpcode: UInt8 = 0
            while true {
                let head = try socket.read(exactly: 2)
                let final = head[0] & 0x80 != 0, opcode = head[0] & 0x0F
                var length = Int(head[1] & 0x7F)
                if length == 126 {
                    length = try socket.read(exactly: 2).reduce(0) { $0 << 8 | Int($1) }
                } else if length == 127 {
                    length = try socket.read(exactly: 8).reduce(0) { $0 << 8 | Int($1) }
                }
                var mask: [UInt8] = []
                if head[1] & 0x80 != 0 { mask = try socket.read(exactly: 4) }
                var payload = try socket.read(exactly: length)
                if !mask.isEmpty { for i in payload.indices { payload[i] ^= mask[i & 3] } }
                switch opcode {
                case 8:
                    _ = try? socket.write(Self.frame(opcode: 8, payload: Array(payload.prefix(2))))
                    return nil
                case 9:
                    try socket.write(Self.frame(opcode: 10, payload: payload))
                    continue
                case 10:
                    continue
                default:
                    if opcode != 0 { messageOpcode = opcode }
                    message += payload
                    guard final else { continue }
                    return messageOpcode == 2 ? .binary(message) : .text(String(decoding: message, as: UTF8.self))
                }
            }
        }
    }

    /// Sends a close frame and closes the connection.
    func close() async {
        let socket = self.socket
        _ = try? await offThread {
            try? socket.write(Self.frame(opcode: 8, payload: [0x03, 0xE8]))  // 1000, normal closure
            socket.close()
        }
    }

    /// A masked client frame.
    static func frame(opcode: UInt8, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            bytes.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(0x80 | 127)
            bytes += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        bytes += mask
        bytes += payload.enumerated().map { $0.element ^ mask[$0.offset & 3] }
        return bytes
    }
}
