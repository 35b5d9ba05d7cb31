/// An address in the blocklist: a row of the `block` table.
public struct BlockEntry: Sendable, Equatable {
    public var address: String
    /// The incident that added (or last extended) the block.
    public var incidentID: String
    public var family: String
    /// Epoch seconds, wall clock.
    public var addedAt: Double
    public var expiresAt: Double
}
