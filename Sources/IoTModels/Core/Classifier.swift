import IoTData

/// A fitted multiclass classifier: the contract every IoTShield model meets.
///
/// Probabilities are row-major, `rows × classCount`, each row summing to 1. Batch scoring
/// may use all cores; single-row scoring must not allocate (the sensor calls it per window).
/// Implementations are value types or immutable classes, safe to share across threads.
public protocol Classifier: Sendable {
    /// Which model family this is (stable name written in model files: `rf`, `gbdt`, …).
    static var kind: ModelKind { get }
    var classCount: Int { get }
    var featureCount: Int { get }

    /// Class probabilities for every row of `features` (`features.columnCount == featureCount`).
    func predictProbabilities(_ features: FeatureMatrix) -> [Float]

    /// Class probabilities for one row, written into `probabilities` (`classCount` values).
    /// Must not allocate.
    func predictProbabilities(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>)

    /// Per-feature importances summing to 1, where the model has them (trees); else `nil`.
    var featureImportances: [Float]? { get }

    /// Writes the fitted state (see `BinaryWriter`); `init(from:)` must read it back exactly.
    func encode(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws
}

extension Classifier {
    /// The most probable class per row (ties: lowest index).
    public func predict(_ features: FeatureMatrix) -> [Int] {
        let probabilities = predictProbabilities(features)
        return (0..<features.rowCount).map { row in
            var best = 0
            var bestValue = -Float.infinity
            for c in 0..<classCount where probabilities[row * classCount + c] > bestValue {
                bestValue = probabilities[row * classCount + c]
                best = c
            }
            return best
        }
    }
}

/// The model families, with their stable on-disk names.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case randomForest = "rf"
    case gradientBoosting = "gbdt"
    case logisticRegression = "lr"
    case adaBoost = "adaboost"
    case perceptron = "perceptron"
    case neuralNetwork = "dnn"
}
