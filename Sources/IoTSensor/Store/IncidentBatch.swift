/// Incidents (new or updated) from one source, written together: the unit of
/// `AlertStore.record(_:)` and `ResponseEngine.record(_:)`, several of which share one
/// transaction when writes are grouped.
public struct IncidentBatch: Sendable {
    public var incidents: [Incident]
    /// Where they came from: `sensor`, `ingest`, or a collector's `sensor` name.
    public var source: String

    public init(incidents: [Incident], source: String) {
        self.incidents = incidents
        self.source = source
    }
}
