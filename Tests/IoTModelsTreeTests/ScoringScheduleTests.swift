import Foundation
import Testing
@testable import IoTModels

@Suite struct ScoringScheduleTests {
    /// One thread gets every item exactly once: its own block first, group by group, then the
    /// next blocks in turn.
    @Test func oneThreadTakesEveryItemInOrder() {
        let chunks = [3, 1, 2], groups = 4
        let schedule = ScoringSchedule(chunks: chunks, groups: groups)
        var taken: [ScoringSchedule.Item] = []
        while let item = schedule.take(preferring: 1) {
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

    /// A chunk's next group is not handed out while its previous one is being scored: a
    /// second thread on a one-chunk block gets nothing (instead of waiting on the first), and
    /// gets the next group once the first is done.
    @Test func aChunksNextGroupWaitsForItsPreviousOne() {
        let schedule = ScoringSchedule(chunks: [1, 2], groups: 2)
        let first = schedule.take(preferring: 0)
        #expect(first == .init(block: 0, group: 0, chunk: 0))
        #expect(schedule.take(preferring: 0) == .init(block: 1, group: 0, chunk: 0), "block 0 has nothing ready: block 1's")
        #expect(schedule.take(preferring: 0) == .init(block: 1, group: 0, chunk: 1))
        #expect(schedule.take(preferring: 0) == nil, "every next group waits on one being scored")
        if let first { schedule.finish(first) }
        #expect(schedule.take(preferring: 1) == .init(block: 0, group: 1, chunk: 0), "block 1 has nothing ready: block 0's")
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
