import Foundation

/// A value handed to worker threads whose safety the caller guarantees (pointers into buffers
/// that outlive the parallel loop, each slot written by one worker only).
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Parallel loops for the tree learners: `DispatchQueue.concurrentPerform` capped at a thread
/// count, with dynamic scheduling so uneven work items (trees of different sizes) balance.
public enum ParallelWork {
    /// Cores available to this process (at least 1).
    public static var defaultThreads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body(i)` once for every `i` in `0..<count`, on at most `threads` threads at once.
    /// Items are handed out in increasing order from a shared counter; `body` must only write
    /// state owned by item `i`. Runs inline when `threads <= 1` or `count <= 1`.
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        guard count > 0 else { return }
        let workers = min(max(1, threads), count)
        if workers == 1 {
            for i in 0..<count { body(i) }
            return
        }
        let counter = WorkCounter(limit: count)
        withoutActuallyEscaping(body) { body in
            let shared = UnsafeSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = counter.next() { shared.value(i) }
            }
        }
    }
}

/// A lock-protected counter handing out work item indices.
private final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < limit else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
}
