import IoTData

/// What a model is fitted on: features (already transformed by the fitted pipeline) and a
/// class index per row in `0..<classCount`, with optional per-row weights.
public struct TrainingData: Sendable {
    public var features: FeatureMatrix
    public var labels: [Int32]
    public var classCount: Int
    public var weights: [Float]?

    public init(features: FeatureMatrix, labels: [Int32], classCount: Int, weights: [Float]? = nil) {
        precondition(labels.count == features.rowCount, "TrainingData: \(labels.count) labels for \(features.rowCount) rows")
        precondition(weights == nil || weights?.count == labels.count)
        self.features = features
        self.labels = labels
        self.classCount = classCount
        self.weights = weights
    }

    public var rowCount: Int { features.rowCount }

    /// Rows per class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }
}

/// Training progress for display: `stage` (e.g. "tree", "epoch"), `done` of `total`, and an
/// optional loss. Called from the training thread; keep it cheap.
public typealias TrainingProgress = @Sendable (_ stage: String, _ done: Int, _ total: Int, _ loss: Double?) -> Void
