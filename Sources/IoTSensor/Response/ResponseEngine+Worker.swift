import Foundation

extension ResponseEngine {
    /// Starts the background worker (idempotent).
    public func start() {
        condition.lock()
        defer { condition.unlock() }
        guard worker == nil else { return }
        stopRequested = false
        let thread = Thread { [self] in loop() }
        thread.name = "iotshield-response"
        worker = thread
        thread.start()
    }

    /// Stops the worker and waits for it. With `drainingFor` > 0 it first keeps working —
    /// deliveries with their retries, a pending blocklist rewrite — for at most that many
    /// seconds; what is left stays in the outbox for the next run.
    public func stop(drainingFor seconds: Double = 0) {
        condition.lock()
        guard worker != nil else {
            condition.unlock()
            return
        }
        stopRequested = true
        drainDeadline = clock() + seconds
        wakeRequested = true
        condition.signal()
        condition.unlock()
        finished.wait()
        condition.lock()
        worker = nil
        condition.unlock()
    }

    /// One round of work at `clock()`: lift expired blocks, rewrite (and apply) the blocklist
    /// if it changed, deliver due webhooks. Returns when the next work is due (epoch seconds).
    /// The worker calls it; tests and callers without a worker may call it directly.
    @discardableResult
    public func runPass() -> Double {
        passLock.lock()
        defer { passLock.unlock() }
        do {
            try refreshBlocklist()
            if let deliverer {
                _ = try deliverer.deliverDue(clock: clock, shouldStop: { [self] in drainOver })
            }
            condition.lock(); lastError = nil; condition.unlock()
            return try nextDue()
        } catch {
            let text = "\(error)"
            condition.lock(); lastError = text; condition.unlock()
            FileHandle.standardError.write(Data("iotshield response: \(text); retrying in 5 s\n".utf8))
            return clock() + 5
        }
    }

    /// Stop was asked and the drain time is up.
    private var drainOver: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopRequested && clock() >= drainDeadline
    }

    private func refreshBlocklist() throws {
        guard let writer else { return }
        let now = clock()
        let expired = try store.expireBlocks(now: now)
        condition.lock()
        let dirty = blocksDirty || !expired.isEmpty
        let incidents = blockIncidents
        blocksDirty = false
        blockIncidents = []
        condition.unlock()
        guard dirty else { return }
        let blocks = try store.activeBlocks(now: now)
        let target = writer.settings.file
        func note(_ status: ResponseAction.Status, _ detail: String) throws {
            try store.append(incidents.map { ($0, ResponseAction(kind: .block, status: status, target: target, detail: detail, at: now)) })
        }
        do {
            switch try writer.write(blocks, now: now) {
            case .written: break
            case .applied: try note(.applied, "nft -f applied \(blocks.count) block(s)")
            case .applyFailed(let message): try note(.applyFailed, message)
            }
        } catch let error as BlocklistWriteError {
            try note(.writeFailed, error.description)
            condition.lock(); blocksDirty = true; condition.unlock()
            throw error
        }
    }

    /// When the next pending delivery may be attempted (not before the webhook's hold), or
    /// `nil` when none is pending (or the store cannot say).
    private func nextDeliveryTime() -> Double? {
        guard let deliverer, let due = try? store.nextDeliveryDue() else { return nil }
        return max(due, deliverer.holdUntil)
    }

    /// The earliest of: the next due delivery (not before the webhook's hold), the next
    /// block expiry, a minute from now.
    private func nextDue() throws -> Double {
        var next = clock() + 60
        if let due = nextDeliveryTime() { next = min(next, due) }
        if writer != nil, let expiry = try store.nextBlockExpiry() { next = min(next, expiry) }
        return next
    }

    private func loop() {
        while true {
            let next = runPass()
            condition.lock()
            if stopRequested {
                // Drain: keep going while a delivery or a blocklist rewrite is due before the deadline.
                let due = blocksDirty ? clock() : nextDeliveryTime()
                if clock() >= drainDeadline || due.map({ $0 > drainDeadline }) ?? true {
                    condition.unlock()
                    break
                }
            }
            if !wakeRequested {
                let until = stopRequested ? min(next, drainDeadline) : next
                _ = condition.wait(until: Date(timeIntervalSince1970: until))
            }
            wakeRequested = false
            condition.unlock()
        }
        finished.signal()
    }
}
