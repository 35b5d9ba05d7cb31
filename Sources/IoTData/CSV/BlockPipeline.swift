import Foundation

/// Per-part storage written by the parallel parsers, each part by exactly one thread (raw
/// pointers, so no exclusivity check sees the disjoint writes as a conflict). Handed from
/// producer to consumer and back through `BlockPipeline`, whose lock orders the accesses.
final class PartSlots: @unchecked Sendable {
    let count: Int
    let featureCount: Int
    let blocks: UnsafeMutablePointer<RowBlock>
    let results: UnsafeMutablePointer<CSVRecordParser.Result?>

    init(featureCount: Int, count: Int) {
        self.count = count
        self.featureCount = featureCount
        blocks = .allocate(capacity: count)
        blocks.initialize(repeating: RowBlock(featureCount: featureCount, capacity: 0), count: count)
        results = .allocate(capacity: count)
        results.initialize(repeating: nil, count: count)
    }

    deinit {
        blocks.deinitialize(count: count)
        blocks.deallocate()
        results.deinitialize(count: count)
        results.deallocate()
    }
}

/// A bounded hand-off between the CSV producer thread and the consuming thread: at most
/// `depth` sets of parsed parts exist, so memory stays bounded however slow the consumer.
final class BlockPipeline: @unchecked Sendable {
    enum Item {
        /// `count` parsed parts of one block of file `fileIndex`; `bytesDone` counts all files so far.
        case parts(PartSlots, Int, Int, CSVHeader, Int)
        case fileDone(CSVReader.FileSummary)
        case failed(Error)
    }

    private let condition = NSCondition()
    private var items: [Item] = []
    private var free: [PartSlots] = []
    private var created = 0
    private let depth: Int
    private var producing = true
    private var cancelled = false

    init(depth: Int) {
        self.depth = max(1, depth)
    }

    /// Producer: a free set of part slots (blocks while all are in use); `nil` once cancelled.
    func acquire(featureCount: Int, parts: Int) -> PartSlots? {
        condition.lock(); defer { condition.unlock() }
        while true {
            if cancelled { return nil }
            if let index = free.firstIndex(where: { $0.featureCount == featureCount && $0.count >= parts }) {
                return free.remove(at: index)
            }
            if created < depth || !free.isEmpty {
                if !free.isEmpty { free.removeFirst() } else { created += 1 }
                return PartSlots(featureCount: featureCount, count: parts)
            }
            condition.wait()
        }
    }

    /// Producer: hands an item over; `false` once the consumer has stopped.
    func push(_ item: Item) -> Bool {
        condition.lock(); defer { condition.unlock() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Producer: no more items.
    func finishProducing() {
        condition.lock(); defer { condition.unlock() }
        producing = false
        condition.broadcast()
    }

    /// Consumer: the next item, or `nil` when the producer has finished.
    func next() -> Item? {
        condition.lock(); defer { condition.unlock() }
        while items.isEmpty && producing { condition.wait() }
        return items.isEmpty ? nil : items.removeFirst()
    }

    /// Consumer: returns a set of slots for reuse.
    func recycle(_ slots: PartSlots) {
        condition.lock(); defer { condition.unlock() }
        free.append(slots)
        condition.broadcast()
    }

    /// Consumer: stop (normally or on error) and wait until the producer has let go.
    func finishConsuming() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        while producing { condition.wait() }
        condition.unlock()
    }
}
