/// Why a linear model or the neural network refused to fit. Every case names the problem
/// (data set, row, column) so the message can be shown as is.
public enum DenseTrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The training set (or a given validation set) has no rows, or no positive weight.
    case emptyData(set: String)
    /// Fewer than two classes: nothing to separate.
    case tooFewClasses(Int)
    /// A feature is NaN or ±∞ (scale and clean the data first).
    case nonFiniteFeature(set: String, row: Int, column: Int, name: String, value: Float)
    /// A label outside `0..<classCount`.
    case labelOutOfRange(set: String, row: Int, label: Int32, classCount: Int)
    /// A row weight that is negative, NaN or ±∞.
    case invalidWeight(set: String, row: Int, value: Float)
    /// The validation set's shape does not match the training set's.
    case shapeMismatch(String)
    /// An option outside its domain (e.g. a batch size of 0).
    case invalidOption(String)
    /// Training produced a non-finite loss (learning rate too large, or unscaled inputs).
    case diverged(String)

    public var description: String {
        switch self {
        case let .emptyData(set): return "the \(set) data has no rows with positive weight"
        case let .tooFewClasses(count): return "need at least 2 classes to fit a classifier, got \(count)"
        case let .nonFiniteFeature(set, row, column, name, value):
            return "\(set) data: feature '\(name)' (column \(column)) of row \(row) is \(value); models need finite inputs"
        case let .labelOutOfRange(set, row, label, classCount):
            return "\(set) data: label \(label) of row \(row) is outside 0..<\(classCount)"
        case let .invalidWeight(set, row, value): return "\(set) data: weight of row \(row) is \(value); weights must be finite and ≥ 0"
        case let .shapeMismatch(detail): return "shape mismatch: \(detail)"
        case let .invalidOption(detail): return "invalid option: \(detail)"
        case let .diverged(detail): return "training diverged: \(detail)"
        }
    }
}
