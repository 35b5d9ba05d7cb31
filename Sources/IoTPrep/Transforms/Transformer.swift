import IoTData

/// A transformation learnt from training rows: `fit` looks at the training matrix (and,
/// for supervised transforms, the classes) once and returns a fitted value; that value is
/// then applied unchanged to training, validation, test and live rows.
///
/// The split between the two protocols is what keeps a pipeline honest: a `Transformer` is
/// only options, a `FittedTransformer` is only state, and nothing can be re-fitted on test
/// rows by accident.
public protocol Transformer: Sendable {
    associatedtype Fitted: FittedTransformer
    /// Learns the transform's state from training rows.
    /// - Parameter classes: the class of each row, for supervised transforms (ignored by the
    ///   unsupervised ones); `nil` when unknown.
    /// - Throws: `PrepError` naming the transform and what is wrong.
    func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> Fitted
}

extension Transformer {
    /// `fit(matrix, classes: nil)`.
    public func fit(_ matrix: FeatureMatrix) throws -> Fitted { try fit(matrix, classes: nil) }
}

/// The fitted state of a transform: pure data (Codable, saved inside the model file) plus
/// the function that applies it.
public protocol FittedTransformer: Codable, Sendable {
    /// Column names the transform expects, in order.
    var inputColumns: [String] { get }
    /// Column names it produces, in order.
    var outputColumns: [String] { get }
    /// Applies the fitted state to a matrix with exactly `inputColumns`.
    /// - Throws: `PrepError.columnMismatch` for any other columns.
    func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix
}

extension FittedTransformer {
    /// Throws `PrepError.columnMismatch` unless `matrix` has exactly `inputColumns`. O(columns).
    func requireInput(_ matrix: FeatureMatrix, stage: String) throws {
        guard matrix.columnNames == inputColumns else {
            throw PrepError.columnMismatch(stage: stage, expected: inputColumns, found: matrix.columnNames)
        }
    }
}
