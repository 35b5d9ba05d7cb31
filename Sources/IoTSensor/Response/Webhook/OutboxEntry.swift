/// One incident waiting to be (or already) POSTed: a row of `webhook_outbox`.
public struct OutboxEntry: Sendable, Equatable {
    public var id: Int64
    public var incidentID: String
    public var url: String
    /// Sent as `Idempotency-Key`; the same for every attempt of this delivery, so a receiver
    /// that saw a delivery whose answer was lost can drop the repeat.
    public var idempotencyKey: String
    /// The incident JSON as it was when the policy triggered.
    public var payload: String
    public var attempts: Int
    public var createdAt: Double
}
