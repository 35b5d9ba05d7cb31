/// What a family policy can ask for.
public enum ResponseActionKind: String, Sendable, Codable, CaseIterable {
    /// POST the incident JSON to the policy's webhook (through the durable outbox).
    case webhook
    /// Put the incident's source address in the nftables blocklist for the family's expiry.
    case block
}
