import IoTData

/// A random forest of Gini trees on binned features, scored as scikit-learn's `predict_proba`:
/// the mean of the trees' leaf class distributions.
///
/// Fit with `fit(_:validation:options:progress:)`. Scoring walks the flattened trees on raw
/// floats (`FlatForest`): batch on all cores, single row without allocation.
/// Immutable, so safe to share across threads.
public struct RandomForestClassifier: Classifier, Equatable {
    public static var kind: ModelKind { .randomForest }

    /// The options the forest was grown with (recorded for reproducibility).
    public let options: RandomForestOptions
    public let forest: FlatForest
    /// Mean decrease in Gini impurity per feature, per tree normalised, averaged over trees,
    /// summing to 1 (all zero when no tree split).
    public let importances: [Float]

    public var classCount: Int { forest.classCount }
    public var featureCount: Int { forest.featureCount }
    public var treeCount: Int { forest.treeCount }
    public var featureImportances: [Float]? { importances }

    init(options: RandomForestOptions, forest: FlatForest, importances: [Float]) {
        self.options = options
        self.forest = forest
        self.importances = importances
    }

    /// Probabilities for every row (rows × classCount), rows on `options.threads` threads.
    public func predictProbabilities(_ features: FeatureMatrix) -> [Float] {
        forest.predict(features, threads: options.threads)
    }

    /// Probabilities for one row; allocation-free, equal to the batch result for that row.
    public func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        forest.predict(row: row, into: probabilities)
    }
}
