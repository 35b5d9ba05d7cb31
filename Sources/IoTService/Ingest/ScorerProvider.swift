import IoTSensor

/// The scorer in use, replaceable while the service runs (hot reload via `POST /v1/model`).
///
/// A batch takes the current scorer once, at its start, and keeps it to its end: swapping
/// never drops or splits an in-flight request; the next batch sees the new scorer. Each
/// swap bumps `generation`, which `DetectionEngine` uses to rebuild its detector.
public actor ScorerProvider {
    public private(set) var scorer: (any WindowScorer)?
    public private(set) var generation = 0
    /// Where the scorer was loaded from (a path, or `builtin:…`), for `/v1/model` and the dashboard.
    public private(set) var origin: String?

    public init(scorer: (any WindowScorer)?, origin: String? = nil) {
        self.scorer = scorer
        self.origin = origin
        if scorer != nil { generation = 1 }
    }

    public func current() -> (scorer: (any WindowScorer)?, generation: Int) { (scorer, generation) }

    public func replace(with scorer: any WindowScorer, origin: String?) {
        self.scorer = scorer
        self.origin = origin
        generation += 1
    }

    /// What `GET /v1/model` shows.
    public func description() -> ModelDescription {
        ModelDescription(
            model_id: scorer?.modelIdentifier, classes: scorer?.classNames ?? [],
            benign_class: scorer.map { $0.classNames.indices.contains($0.benignClass) ? $0.classNames[$0.benignClass] : "" },
            origin: origin, generation: generation)
    }
}

public struct ModelDescription: Codable, Sendable, Equatable {
    public var model_id: String?
    public var classes: [String]
    public var benign_class: String?
    public var origin: String?
    public var generation: Int
}
