import Foundation

/// Hands out batch scoring's work over a wave of blocks to the threads, so a thread that is
/// done with its own block helps with the others' instead of idling while they finish.
///
/// An item is one pass of a group of trees over one chunk of one block's rows (the unit
/// `FlatForest.scoreCompactItem` scores). A block's items go out tree group by tree group, so
/// all threads helping on one block walk the same few trees, and one chunk's groups are
/// scored in order: `waitForTurn` holds an item until the chunk's previous group is done,
/// which keeps every row's leaf additions in tree order, bit-identical to one thread. A thread
/// takes from its preferred block (its own) first, then from the next blocks in turn.
///
/// The lock is taken about 3 times per item (an item is about a millisecond of walking);
/// waiting is rare (the previous group of a chunk went out a whole group of chunks earlier)
/// and yields the thread. Failure mode: none; no deadlock, as the item waited on was handed
/// out earlier to a thread that never waits on a later one.
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

    /// The next item, from block `preferred` while it has any, then from the following
    /// blocks in turn; nil when every item has been handed out.
    func take(preferring preferred: Int) -> Item? {
        lock.lock()
        defer { lock.unlock() }
        for offset in 0..<chunks.count {
            let block = (preferred + offset) % chunks.count
            let index = next[block]
            if index < groups * chunks[block] {
                next[block] = index + 1
                return Item(block: block, group: index / chunks[block], chunk: index % chunks[block])
            }
        }
        return nil
    }

    /// Returns once the item's chunk has had every earlier group scored.
    func waitForTurn(_ item: Item) {
        while true {
            lock.lock()
            let ready = done[item.block][item.chunk] == item.group
            lock.unlock()
            if ready { return }
            sched_yield()
        }
    }

    /// Records the item as scored, letting the chunk's next group start.
    func finish(_ item: Item) {
        lock.lock()
        done[item.block][item.chunk] += 1
        lock.unlock()
    }
}
