import Foundation
import Testing
@testable import IoTModels

@Suite struct ScoringScheduleTests {
    /// One thread gets every item exactly once: its own block first, group by group, then the
    /// next blocks in turn; each item's turn has come when it is handed out.
    @Test func oneThreadTakesEveryItemInOrder() {
        let chunks = [3, 1, 2], groups = 4
        let schedule = ScoringSchedule(chunks: chunks, groups: groups)
        var taken: [ScoringSchedule.Item] = []
        while let item = schedule.take(preferring: 1) {
            schedule.waitForTurn(item)
            taken.append(item)
            schedule.finish(item)
        }
        var expected: [ScoringSchedule.Item] = []
        for block in [1, 2, 0] {
            for group in 0..<groups {
                for chunk in 0..<chunks[block] { expected.append(.init(block: block, group: group, chunk: chunk)) }
            }
        }
        #expect(taken == expected)
    }

    /// Several threads sharing a schedule, with uneven work per item: every item is scored
    /// once, and every chunk sees its groups strictly in order (the invariant that keeps each
    /// row's additions in tree order).
    @Test(arguments: [2, 3, 5])
    func threadsScoreEachChunksGroupsInOrder(threads: Int) {
        let chunks = [7, 2, 5], groups = 6
        let schedule = ScoringSchedule(chunks: chunks, groups: groups)
        let log = GroupLog(chunks: chunks)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var spin = UInt64(thread + 1)
            while let item = schedule.take(preferring: thread % chunks.count) {
                schedule.waitForTurn(item)
                log.record(item)
                spin = spin &* 6_364_136_223_846_793_005 &+ 1
                usleep(UInt32(spin >> 60) * 50)
                schedule.finish(item)
            }
        }
        let seen = log.groupsSeen()
        for block in chunks.indices {
            for chunk in 0..<chunks[block] {
                #expect(seen[block][chunk] == Array(0..<groups), "block \(block) chunk \(chunk)")
            }
        }
    }
}

/// The groups each chunk was scored with, in the order they started.
private final class GroupLog: @unchecked Sendable {
    private let lock = NSLock()
    private var groups: [[[Int]]]

    init(chunks: [Int]) { groups = chunks.map { Array(repeating: [], count: $0) } }

    func record(_ item: ScoringSchedule.Item) {
        lock.lock()
        groups[item.block][item.chunk].append(item.group)
        lock.unlock()
    }

    func groupsSeen() -> [[[Int]]] {
        lock.lock()
        defer { lock.unlock() }
        return groups
    }
}
