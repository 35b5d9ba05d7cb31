import Foundation

/// A one-line progress display (`rows/s`, `MB/s`, ETA) on standard error.
///
/// Shown only when standard error is a terminal and the `CI` environment variable is unset;
/// otherwise every call is a no-op, so batch logs stay clean. Redraws at most 4 times a second.
public final class ProgressReporter: @unchecked Sendable {
    public let title: String
    public let totalBytes: Int
    public let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    public init(title: String, totalBytes: Int, enabled: Bool = ProgressReporter.terminalAttached) {
        self.title = title
        self.totalBytes = totalBytes
        self.enabled = enabled
    }

    /// `true` when stderr is a TTY and `CI` is not set.
    public static var terminalAttached: Bool {
        isatty(2) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Reports `bytes` of `totalBytes` done and `rows` rows so far.
    public func update(bytes: Int, rows: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let fraction = totalBytes > 0 ? Double(bytes) / Double(totalBytes) : 0
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        let line = String(
            format: "\r%@: %5.1f%%  %@ rows  %@ rows/s  %.1f MB/s  ETA %@   ", title, fraction * 100,
            Self.count(rows), Self.count(Int(Double(rows) / elapsed)), Double(bytes) / elapsed / 1e6, Self.duration(eta))
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the line.
    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func count(_ n: Int) -> String {
        if n >= 1_000_000 { return String(format: "%.2fM", Double(n) / 1e6) }
        if n >= 10_000 { return String(format: "%.1fk", Double(n) / 1e3) }
        return String(n)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
