import Foundation

/// Sends due outbox rows to the webhook, one at a time, and records each attempt.
///
/// Delivery is at least once with a stable `Idempotency-Key` per incident; a receiver sees
/// each incident once unless our process dies between the receiver's answer and our commit
/// of it, in which case the repeat carries the same key. A 2xx answer delivers; 408, 429, 5xx,
/// no answer or a broken answer are retried with exponential backoff (per row, and for the
/// whole webhook after consecutive failures, so a dead receiver is probed, not hammered);
/// any other status fails the delivery for good. Not thread-safe: the response worker owns it.
final class WebhookDeliverer {
    let settings: WebhookSettings
    let store: AlertStore
    private(set) var consecutiveFailures = 0
    /// No attempt before this time (epoch seconds) after a failure.
    private(set) var holdUntil = 0.0

    init(settings: WebhookSettings, store: AlertStore) {
        self.settings = settings
        self.store = store
    }

    /// Delivers the rows due at `clock()` until one fails or `shouldStop()`; returns how many
    /// were delivered. Store errors propagate (the worker reports them and tries again later).
    func deliverDue(clock: () -> Double, shouldStop: () -> Bool) throws -> Int {
        guard clock() >= holdUntil else { return 0 }
        var delivered = 0
        for entry in try store.dueDeliveries(now: clock(), limit: 64) {
            if shouldStop() { break }
            let now = clock()
            guard try store.leaseDelivery(id: entry.id, now: now, until: now + settings.timeout * 3 + 5) else { continue }
            let attempt = entry.attempts + 1
            var headers = settings.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            headers += [("Idempotency-Key", entry.idempotencyKey), ("X-IoTShield-Incident", entry.incidentID),
                        ("X-IoTShield-Attempt", String(attempt))]
            let outcome = HTTPPoster.post(settings.url, headers: headers, body: Array(entry.payload.utf8), timeout: settings.timeout)
            let at = clock()
            let target = settings.url.description
            switch outcome {
            case .status(let code) where (200..<300).contains(code):
                consecutiveFailures = 0
                delivered += 1
                try store.finishAttempt(entry, action: ResponseAction(kind: .webhook, status: .delivered, target: target,
                                                                     detail: "HTTP \(code) on attempt \(attempt)", at: at),
                                        nextAttemptAt: nil, error: nil)
            case .status(let code) where code > 0 && code != 408 && code != 429 && code < 500:
                try store.finishAttempt(entry, action: ResponseAction(kind: .webhook, status: .failed, target: target,
                                                                     detail: "HTTP \(code) on attempt \(attempt): refused by the receiver, not retried", at: at),
                                        nextAttemptAt: nil, error: "HTTP \(code)")
            default:
                let reason: String
                if case .transportError(let message) = outcome { reason = message } else if case .status(let code) = outcome, code > 0 {
                    reason = "HTTP \(code)"
                } else {
                    reason = "no valid HTTP answer"
                }
                try retryLater(entry, attempt: attempt, reason: reason, at: at, target: target)
                return delivered
            }
        }
        return delivered
    }

    private func retryLater(_ entry: OutboxEntry, attempt: Int, reason: String, at: Double, target: String) throws {
        consecutiveFailures += 1
        holdUntil = at + settings.backoff(afterAttempts: consecutiveFailures)
        let next = at + settings.backoff(afterAttempts: attempt)
        if next - entry.createdAt > settings.giveUpAfter {
            let detail = "gave up after \(attempt) attempt(s) over \(Int(at - entry.createdAt)) s: \(reason)"
            try store.finishAttempt(entry, action: ResponseAction(kind: .webhook, status: .failed, target: target, detail: detail, at: at),
                                    nextAttemptAt: nil, error: reason)
        } else {
            let detail = "attempt \(attempt) failed: \(reason); next attempt in " + String(format: "%.2f s", next - at)
            try store.finishAttempt(entry, action: ResponseAction(kind: .webhook, status: .retrying, target: target, detail: detail, at: at),
                                    nextAttemptAt: next, error: reason)
        }
    }
}
