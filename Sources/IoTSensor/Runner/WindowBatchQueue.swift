import Foundation

/// A bounded first-in, first-out hand-over of `WindowBatch`es between one producer (the
/// capture loop) and one consumer (the scoring loop).
///
/// `put` blocks while `capacity` batches wait (back-pressure: a scorer that falls behind
/// slows the capture loop instead of growing memory); `take` blocks until a batch arrives
/// or the queue is closed and empty. Memory: at most `capacity` batches plus the two being
/// filled and scored. O(1) per call.
final class WindowBatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [WindowBatch] = []
    private var head = 0
    private var closed = false
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// Appends `batch`, waiting while the queue is full. A closed queue drops it.
    func put(_ batch: WindowBatch) {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !closed { condition.wait() }
        guard !closed else { return }
        items.append(batch)
        condition.broadcast()
    }

    /// The oldest batch, waiting for one; `nil` once the queue is closed and drained.
    func take() -> WindowBatch? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let batch = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        condition.broadcast()
        return batch
    }

    /// No more batches: `take` returns what is queued, then `nil`; `put` drops.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
