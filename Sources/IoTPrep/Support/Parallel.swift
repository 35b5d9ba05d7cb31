import Dispatch

/// Fork–join helpers over `DispatchQueue.concurrentPerform`.
///
/// Work is cut into contiguous ranges whose boundaries depend only on the work size and
/// `parts`, never on scheduling, so callers that write each range's result to its own slot
/// get the same answer whatever the thread count.
enum Parallel {
    /// The `index`-th of `parts` nearly equal contiguous ranges of `0..<count`.
    static func range(_ index: Int, of parts: Int, count: Int) -> Range<Int> {
        let base = count / parts
        let extra = count % parts
        let start = index * base + min(index, extra)
        return start..<(start + base + (index < extra ? 1 : 0))
    }

    /// Calls `body` on `min(threads, count)` contiguous ranges covering `0..<count`, in parallel.
    static func forEachRange(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let parts = max(1, min(threads, count))
        if parts == 1 {
            body(0..<count)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(range(part, of: parts, count: count))
        }
    }
}
