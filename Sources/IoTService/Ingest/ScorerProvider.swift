import IoTModels
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
        let header = (scorer as? ModelScorer)?.model.header
        return ModelDescription(
            model_id: scorer?.modelIdentifier, classes: scorer?.classNames ?? [],
            benign_class: scorer.map { $0.classNames.indices.contains($0.benignClass) ? $0.classNames[$0.benignClass] : "" },
            origin: origin, generation: generation, kind: header?.kind.rawValue, task: header?.task.rawValue,
            trained_at: header?.training.trainedAt, test_rows: header?.training.testRows,
            test_metrics: header?.training.testMetrics.map(ModelDescription.TestMetrics.init))
    }
}

public struct ModelDescription: Codable, Sendable, Equatable {
    public var model_id: String?
    public var classes: [String]
    public var benign_class: String?
    public var origin: String?
    public var generation: Int
    /// Model files only: what was trained, when, and how it scored on its held-out test split.
    public var kind: String?
    public var task: String?
    public var trained_at: String?
    public var test_rows: Int?
    public var test_metrics: TestMetrics?

    /// The headline metrics stored in the model file (`iotshield evaluate` has the full report).
    public struct TestMetrics: Codable, Sendable, Equatable {
        public var accuracy: Double
        public var macro_f1: Double
        public var auc_macro: Double?
        public var benign_fpr: Double?

        init(_ stored: ModelFile.StoredMetrics) {
            accuracy = stored.accuracy
            macro_f1 = stored.macroF1
            auc_macro = stored.aucMacro
            benign_fpr = stored.benignFalsePositiveRate
        }
    }
}
