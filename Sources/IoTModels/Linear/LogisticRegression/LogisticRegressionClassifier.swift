import IoTData

/// Multinomial (softmax) logistic regression with an L2 penalty: `p = softmax(W·x + b)`.
///
/// Fitted by `fit(_:validation:options:progress:)` (`+Fit`), by mini-batch Adam (default;
/// one pass costs O(rows·features·classes) and memory does not grow with rows) or
/// full-batch L-BFGS (matches scikit-learn's `LogisticRegression(solver="lbfgs")`; see
/// `SoftmaxObjective` for the objective and its scaling).
///
/// Binary tasks are fitted as a 2-class softmax. That is the same model as binary logistic
/// regression: `p(1) = σ((w₁ − w₀)·x + b₁ − b₀)`, and at the optimum `w₀ = −w₁`, so the
/// penalty `½‖W‖²` equals `¼‖w₁ − w₀‖²`: our fit with `C` equals a binary logistic fit with
/// `2C` (scikit-learn's binary `LogisticRegression` with `C′ = 2C`).
///
/// Inputs must be scaled (the product runs the fitted scaler first). Immutable value; safe
/// to share across threads.
public struct LogisticRegressionClassifier: Classifier, Sendable {
    public static let kind = ModelKind.logisticRegression

    public let classCount: Int
    public let featureCount: Int
    /// `classCount × featureCount`, row-major: `weights[c * featureCount + j]`.
    public let weights: [Float]
    /// One per class.
    public let intercepts: [Float]
    /// How the fit ended (iterations, convergence, loss).
    public let convergence: ConvergenceReport

    /// A model from explicit parameters (shapes are preconditions).
    public init(weights: [Float], intercepts: [Float], featureCount: Int, convergence: ConvergenceReport) {
        precondition(intercepts.count >= 2 && featureCount >= 1 && weights.count == intercepts.count * featureCount,
                     "LogisticRegressionClassifier: \(weights.count) weights for \(intercepts.count) classes × \(featureCount) features")
        self.classCount = intercepts.count
        self.featureCount = featureCount
        self.weights = weights
        self.intercepts = intercepts
        self.convergence = convergence
    }

    /// Softmax of `X·Wᵀ + b` with one `sgemm`; O(rows·features·classes).
    public func predictProbabilities(_ features: FeatureMatrix) -> [Float] {
        LinearScoring.probabilities(features, weights: weights, intercepts: intercepts, classCount: classCount)
    }

    /// One row, O(features·classes), no allocation. Agrees with the batch path to float
    /// rounding (the summation order of `sgemm` differs).
    public func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        LinearScoring.rowProbabilities(row, into: probabilities, weights: weights, intercepts: intercepts)
    }

    /// `Σ_c |W[c][j]|` per feature, normalised to sum 1: the size of each feature's
    /// coefficients on the scaled inputs (comparable across features only because the
    /// product's scaler puts them on one scale). Not a causal importance. `nil` if all
    /// weights are zero.
    public var featureImportances: [Float]? {
        LinearScoring.importances(weights: weights, classCount: classCount, featureCount: featureCount)
    }
}
