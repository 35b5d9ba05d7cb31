import IoTData

/// Histogram gradient-boosted trees (LightGBM-style): softmax over one tree per class per
/// round for 3+ classes, logistic loss with one tree per round for 2 classes.
///
/// Fit with `fit(_:validation:options:progress:)`. Scoring walks the flattened trees on raw
/// floats (`FlatForest`): batch on all cores, single row without allocation.
public struct GradientBoostingClassifier: Classifier, Equatable {
    public static var kind: ModelKind { .gradientBoosting }

    public let options: GradientBoostingOptions
    public let forest: FlatForest
    /// Rounds kept (the best validation round when early stopping ended the fit).
    public let rounds: Int
    /// Total split gain per feature over all trees, normalised to sum to 1 (LightGBM's
    /// `importance_type="gain"`, the boosting analogue of mean decrease in impurity).
    public let importances: [Float]

    public var classCount: Int { forest.classCount }
    public var featureCount: Int { forest.featureCount }
    public var featureImportances: [Float]? { importances }

    init(options: GradientBoostingOptions, forest: FlatForest, rounds: Int, importances: [Float]) {
        self.options = options
        self.forest = forest
        self.rounds = rounds
        self.importances = importances
    }

    public func predictProbabilities(_ features: FeatureMatrix) -> [Float] {
        forest.predict(features, threads: options.threads)
    }

    public func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        forest.predict(row: row, into: probabilities)
    }
}
