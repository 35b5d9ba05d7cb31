import Foundation
import IoTSensor
@testable import IoTService
import Testing

/// Group commit: every entry is written exactly once, in enqueue order, its waiter returns
/// only after its own write, and a failed transaction fails exactly the entries in it.
@Suite("incident writes grouped across requests")
struct IncidentCommitQueueTests {
    /// What the fake store saw, and the order `afterCommit` ran in.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var transactions: [[String]] = []
        private var committed: [Int] = []
        var failNext = false

        func write(_ batches: [IncidentBatch]) throws {
            lock.lock(); defer { lock.unlock() }
            if failNext { failNext = false; throw CocoaError(.fileWriteUnknown) }
            transactions.append(batches.flatMap(\.incidents).map(\.id))
            Thread.sleep(forTimeInterval: 0.002)  // a sync to disk: lets requests pile up
        }
        func afterCommit(_ ticket: Int) { lock.lock(); committed.append(ticket); lock.unlock() }
        var snapshot: (transactions: [[String]], committed: [Int]) { lock.lock(); defer { lock.unlock() }; return (transactions, committed) }
    }

    static func batch(_ id: String) -> [IncidentBatch] {
        [IncidentBatch(incidents: [Incident(id: id, className: "DDoS-UDP_Flood", family: "DDoS", sourceIP: "10.0.0.1", destinationIP: nil,
                                             protocolNumber: 17, firstSeen: 0, lastSeen: 0, windows: 1, peakProbability: 1,
                                             modelIdentifier: "m", peakFeatures: [])], source: "ingest")]
    }

    @Test func concurrentRequestsShareTransactionsAndKeepOrder() async throws {
        let log = Log()
        let queue = IncidentCommitQueue { try log.write($0) }
        let count = 200
        // Enqueue in a known order (as the engine's actor does), then wait concurrently.
        var tickets: [Int] = []
        for i in 0..<count {
            let ticket = queue.enqueue(i % 10 == 9 ? [] : Self.batch("i\(i)")) { log.afterCommit(i) }
            tickets.append(ticket)
        }
        let shared = try await withThrowingTaskGroup(of: Int.self) { group in
            for ticket in tickets.shuffled() { group.addTask { try await queue.wait(ticket) } }
            var all: [Int] = []
            for try await n in group { all.append(n) }
            return all
        }
        let (transactions, committed) = log.snapshot
        #expect(shared.count == count)
        #expect(committed == Array(0..<count))
        let written = transactions.flatMap { $0 }
        #expect(written == (0..<count).filter { $0 % 10 != 9 }.map { "i\($0)" })
        #expect(transactions.count < count - count / 10, "no write was grouped: \(transactions.count) transactions")
    }

    @Test func aFailedTransactionFailsItsEntriesAndTheQueueGoesOn() async throws {
        let log = Log()
        let queue = IncidentCommitQueue { try log.write($0) }
        log.failNext = true
        let first = queue.enqueue(Self.batch("a")) { log.afterCommit(1) }
        await #expect(throws: CocoaError.self) { try await queue.wait(first) }
        let second = queue.enqueue(Self.batch("b")) { log.afterCommit(2) }
        try await queue.wait(second)
        let (transactions, committed) = log.snapshot
        #expect(transactions == [["b"]])
        #expect(committed == [2])
    }
}
