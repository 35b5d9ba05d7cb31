import Foundation
import IoTSensor

/// Group commit for the ingest path: requests queue their incident writes in the order the
/// engine folded them (`enqueue`, called inside the engine's actor), then wait outside it
/// (`wait`). A wait while nobody is writing starts the writer, a serial dispatch queue (the
/// blocking disk I/O stays off Swift concurrency's cooperative threads, which serve HTTP): it
/// takes everything queued so far, writes it in one transaction (one sync to disk for many
/// requests), runs each entry's `afterCommit` in queue order, wakes the entries' waiters, and
/// repeats until the queue is empty. A request is answered only after its own entry committed, so an
/// acknowledged alert is on disk; a failed transaction fails every entry in it (nothing of
/// them was written, and each client gets 503 and may retry).
///
/// Why: with one transaction per request, concurrent requests queue behind each other's
/// fsync (about 2 ms each here); grouped, the store's sync cost is shared by every request
/// in flight. Order is kept: entries commit in enqueue order, so a later update of an
/// incident never lands before an earlier one.
///
/// Thread-safe (one lock around the queue; the write itself runs outside it, on the writer
/// thread: a serial dispatch queue).
final class IncidentCommitQueue: @unchecked Sendable {
    typealias Writer = @Sendable ([IncidentBatch]) throws -> Void

    private struct Entry {
        var ticket: Int
        var batches: [IncidentBatch]
        var afterCommit: @Sendable () -> Void
    }

    private let write: Writer
    private let writer = DispatchQueue(label: "iotshield.incident-commits", qos: .userInitiated)
    private let lock = NSLock()
    private var pending: [Entry] = []
    private var nextTicket = 0
    private var writing = false
    /// Entries written (or failed) whose owner has not waited yet.
    private var finished: [Int: Result<Int, Error>] = [:]
    private var waiters: [Int: CheckedContinuation<Int, Error>] = [:]

    /// `write` stores batches in one transaction and throws when nothing was written.
    init(write: @escaping Writer) {
        self.write = write
    }

    /// Queues `batches` (possibly empty: the entry still orders `afterCommit`); returns the
    /// ticket to `wait` for. O(1).
    func enqueue(_ batches: [IncidentBatch], afterCommit: @escaping @Sendable () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextTicket += 1
        pending.append(Entry(ticket: nextTicket, batches: batches, afterCommit: afterCommit))
        return nextTicket
    }

    /// Returns once `ticket`'s entry is committed, with the number of requests that shared
    /// its transaction; rethrows the store's error when that transaction failed.
    @discardableResult
    func wait(_ ticket: Int) async throws -> Int {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, Error>) in
            lock.lock()
            if let result = finished.removeValue(forKey: ticket) {
                lock.unlock()
                continuation.resume(with: result)
                return
            }
            waiters[ticket] = continuation
            let leads = !writing
            if leads { writing = true }
            lock.unlock()
            if leads { writer.async { self.drain() } }
        }
    }

    /// Writes queued entries, a transaction per round, until none are left.
    private func drain() {
        while true {
            lock.lock()
            let entries = pending
            pending.removeAll(keepingCapacity: true)
            if entries.isEmpty {
                writing = false
                lock.unlock()
                return
            }
            lock.unlock()
            let result: Result<Int, Error>
            do {
                let batches = entries.flatMap(\.batches).filter { !$0.incidents.isEmpty }
                if !batches.isEmpty { try write(batches) }
                for entry in entries { entry.afterCommit() }
                result = .success(entries.count)
            } catch {
                result = .failure(error)
            }
            var resumed: [CheckedContinuation<Int, Error>] = []
            lock.lock()
            for entry in entries {
                if let waiter = waiters.removeValue(forKey: entry.ticket) { resumed.append(waiter) } else { finished[entry.ticket] = result }
            }
            lock.unlock()
            for waiter in resumed { waiter.resume(with: result) }
        }
    }
}
