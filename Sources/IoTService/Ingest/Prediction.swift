/// The service's answer for one ingested record.
public struct Prediction: Codable, Sendable, Equatable {
    public var record: Int
    /// The most probable class.
    public var `class`: String
    public var family: String
    public var probability: Float
    /// The most probable class is not the benign one.
    public var is_attack: Bool
    /// The incident the record's alert opened or updated (only when it reached the threshold).
    public var incident_id: String?
    public var src_ip: String?
    public var dest_ip: String?
    public var sensor: String?
}

/// The body of a successful `POST /v1/flows` (and of each WebSocket reply).
public struct IngestResponse: Codable, Sendable, Equatable {
    public var model_id: String
    public var records: Int
    public var attacks: Int
    /// Incidents opened or updated by this batch, already stored.
    public var incidents: [String]
    public var predictions: [Prediction]
}
