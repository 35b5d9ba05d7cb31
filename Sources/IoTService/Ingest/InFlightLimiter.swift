import Foundation

/// A bounded counter of ingest requests being processed: `acquire` fails at the limit so
/// the route answers 429 at once instead of queueing without bound. Thread-safe.
public final class InFlightLimiter: @unchecked Sendable {
    public let limit: Int
    private let lock = NSLock()
    private var count = 0

    public init(limit: Int) { self.limit = limit }

    /// Takes a slot; `false` when all `limit` slots are taken.
    public func acquire() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard count < limit else { return false }
        count += 1
        return true
    }

    public func release() {
        lock.lock()
        count = max(0, count - 1)
        lock.unlock()
    }

    public var current: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
