import IoTData

/// Multiclass perceptron: one weight vector per class, prediction `argmax_c (W·x + b)_c`.
///
/// Fitted online (`+Fit`) like scikit-learn's `Perceptron` (shuffled epochs, `eta0 = 1`,
/// no penalty, stop when the epoch loss stops improving by `tol = 1e-3` for 5 epochs), but
/// with the multiclass update rule instead of one-vs-rest: on a row whose true class does not
/// win by a positive margin, add `eta·w·x` to the true class and subtract it from the
/// highest-scoring other class.
///
/// Probabilities are `softmax(W·x + b)` so the model fits the `Classifier` contract; they are
/// **not calibrated** (the perceptron minimises no likelihood and its scores grow with
/// training): use them for ranking and `predict`, not as confidence. Inputs must be scaled.
public struct PerceptronClassifier: Classifier, Sendable {
    public static let kind = ModelKind.perceptron

    public let classCount: Int
    public let featureCount: Int
    /// `classCount × featureCount`, row-major.
    public let weights: [Float]
    /// One per class.
    public let intercepts: [Float]
    /// Epochs run and whether the no-improvement criterion stopped the fit.
    public let convergence: ConvergenceReport

    public init(weights: [Float], intercepts: [Float], featureCount: Int, convergence: ConvergenceReport) {
        precondition(intercepts.count >= 2 && featureCount >= 1 && weights.count == intercepts.count * featureCount,
                     "PerceptronClassifier: \(weights.count) weights for \(intercepts.count) classes × \(featureCount) features")
        self.classCount = intercepts.count
        self.featureCount = featureCount
        self.weights = weights
        self.intercepts = intercepts
        self.convergence = convergence
    }

    /// Softmax of the scores (uncalibrated, see the type's note); one `sgemm`, O(rows·features·classes).
    public func predictProbabilities(_ features: FeatureMatrix) -> [Float] {
        LinearScoring.probabilities(features, weights: weights, intercepts: intercepts, classCount: classCount)
    }

    /// One row, O(features·classes), no allocation.
    public func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        LinearScoring.rowProbabilities(row, into: probabilities, weights: weights, intercepts: intercepts)
    }

    /// `Σ_c |W[c][j]|` per feature normalised to sum 1 (see `LogisticRegressionClassifier.featureImportances`).
    public var featureImportances: [Float]? {
        LinearScoring.importances(weights: weights, classCount: classCount, featureCount: featureCount)
    }
}
