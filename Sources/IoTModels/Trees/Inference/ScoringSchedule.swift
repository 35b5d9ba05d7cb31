import Foundation

/// Hands out batch scoring's work over a wave of blocks to the threads, so a thread that is
/// done with its own block helps with the others instead of idling while they finish.
///
/// An item is one pass of a group of trees over one chunk of one block's rows (the unit
/// `FlatForest.scoreCompactItem` scores). A block's items go out tree group by tree group, so
/// all threads helping on one block walk the same few trees, and one chunk's groups are
/// scored in order: an item is handed out only once the chunk's previous group is done, which
/// keeps every row's leaf additions in tree order, bit-identical to one thread. A thread takes
/// from its preferred block (its own) first, then from the next blocks in turn; when no block
/// has an item ready (a block of a single chunk whose owner is scoring it), the thread is
/// done: the items left become ready only as the threads still scoring finish theirs, and
/// those threads take them. So no thread waits, and two threads never take turns on one chunk.
///
/// The lock is taken twice per item (an item is about a millisecond of walking). Failure
/// mode: none; every item is handed out exactly once, as the last thread still scoring always
/// finds the next one ready.
final class ScoringSchedule: @unchecked Sendable {
    /// One unit of work: tree group `group` over chunk `chunk` of block `block`.
    struct Item: Equatable {
        let block: Int
        let group: Int
        let chunk: Int
    }

    private let lock = NSLock()
    private let groups: Int
    private let chunks: [Int]
    private var next: [Int]
    /// Groups finished, per block and chunk.
    private var done: [[Int]]

    /// A schedule for blocks of `chunks[b]` chunks each, every chunk scored by `groups`
    /// groups of trees in order.
    init(chunks: [Int], groups: Int) {
        self.chunks = chunks
        self.groups = groups
        next = Array(repeating: 0, count: chunks.count)
        done = chunks.map { Array(repeating: 0, count: $0) }
    }

    /// The next item whose chunk has had every earlier group scored: from block `preferred`
    /// while it has one ready, else from the following blocks in turn; nil when no block has
    /// an item ready (every item handed out, or the rest waiting on items being scored).
    func take(preferring preferred: Int) -> Item? {
        lock.lock()
        defer { lock.unlock() }
        for offset in 0..<chunks.count {
            let block = (preferred + offset) % chunks.count
            let index = next[block]
            guard index < groups * chunks[block] else { continue }
            let item = Item(block: block, group: index / chunks[block], chunk: index % chunks[block])
            guard done[block][item.chunk] == item.group else { continue }
            next[block] = index + 1
            return item
        }
        return nil
    }

    /// Records the item as scored, making the chunk's next group ready.
    func finish(_ item: Item) {
        lock.lock()
        done[item.block][item.chunk] += 1
        lock.unlock()
    }
}
