import Foundation

/// A webhook receiver for tests: a TCP socket bound to a random loopback port that refuses
/// connections until `open()` (bound but not listening, so the port cannot be taken by
/// anyone else meanwhile), then answers each HTTP POST with `status` and records it.
final class WebhookReceiver: @unchecked Sendable {
    struct Delivery: Sendable {
        var idempotencyKey: String
        var incidentID: String
        var attempt: Int
        var body: Data
    }

    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [Delivery] = []
    private var stopRequested = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// Answers given, in order; the last one repeats (e.g. [503, 200]: one failure, then success).
    var statuses: [Int] = [200]

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        guard bound == 0 else { throw CocoaError(.featureUnsupported) }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    var deliveries: [Delivery] {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    /// Starts accepting.
    func open() {
        listen(descriptor, 64)
        let thread = Thread { [self] in acceptLoop() }
        self.thread = thread
        thread.start()
    }

    /// Stops accepting and closes the socket.
    func close() {
        lock.lock()
        stopRequested = true
        let running = thread != nil
        lock.unlock()
        if running { finished.wait() }
        Glibc.close(descriptor)
    }

    private func acceptLoop() {
        while true {
            lock.lock()
            let stop = stopRequested
            lock.unlock()
            if stop { break }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) == 1 else { continue }
            let client = accept(descriptor, nil, nil)
            guard client >= 0 else { continue }
            serve(client)
            Glibc.close(client)
        }
        finished.signal()
    }

    private func serve(_ client: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, buffer.count >= end + contentLength { break }
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return }
            buffer += chunk[0..<n]
            if headerEnd == nil, let range = Data(buffer).range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = range.upperBound
                contentLength = Int(header("content-length", in: buffer, end: range.lowerBound) ?? "0") ?? 0
            }
        }
        guard let end = headerEnd else { return }
        lock.lock()
        let status = statuses.count > 1 ? statuses.removeFirst() : statuses.first ?? 200
        if (200..<300).contains(status) {
            received.append(Delivery(idempotencyKey: header("idempotency-key", in: buffer, end: end) ?? "",
                                     incidentID: header("x-iotshield-incident", in: buffer, end: end) ?? "",
                                     attempt: Int(header("x-iotshield-attempt", in: buffer, end: end) ?? "") ?? 0,
                                     body: Data(buffer[end..<(end + contentLength)])))
        }
        lock.unlock()
        let answer = Array("HTTP/1.1 \(status) X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
        _ = answer.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func header(_ name: String, in bytes: [UInt8], end: Int) -> String? {
        let head = String(decoding: bytes[..<min(end, bytes.count)], as: UTF8.self)
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}
