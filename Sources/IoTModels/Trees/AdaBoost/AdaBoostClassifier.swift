import IoTData

/// AdaBoost with the SAMME rule over decision stumps (one Gini split on binned features),
/// scored as scikit-learn's `predict_proba`: softmax of `Σ α_m·v_m(x) / (Σ α · (K − 1))`,
/// where `v_m(x)` is 1 for the stump's class and `−1/(K − 1)` for the others.
public struct AdaBoostClassifier: Classifier, Equatable {
    public static var kind: ModelKind { .adaBoost }

    public let options: AdaBoostOptions
    public let forest: FlatForest
    /// Stump weights `α_m`, in round order.
    public let stumpWeights: [Float]
    /// Σ α over the stumps splitting on each feature, normalised to sum to 1.
    public let importances: [Float]

    public var classCount: Int { forest.classCount }
    public var featureCount: Int { forest.featureCount }
    public var featureImportances: [Float]? { importances }

    init(options: AdaBoostOptions, forest: FlatForest, stumpWeights: [Float], importances: [Float]) {
        self.options = options
        self.forest = forest
        self.stumpWeights = stumpWeights
        self.importances = importances
    }

    public func predictProbabilities(_ features: FeatureMatrix) -> [Float] {
        forest.predict(features, threads: options.threads)
    }

    public func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        forest.predict(row: row, into: probabilities)
    }
}
