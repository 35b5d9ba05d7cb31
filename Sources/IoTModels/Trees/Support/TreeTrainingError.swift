/// Why a tree model could not be fitted. Every case names what is wrong in `description`.
public enum TreeTrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No training rows (or no row with a positive weight).
    case emptyData
    /// `classCount` below 2: nothing to separate.
    case tooFewClasses(Int)
    /// A label outside `0..<classCount` (first offending row and value).
    case labelOutOfRange(row: Int, label: Int32, classCount: Int)
    /// Only one class occurs in the training labels.
    case singleClassPresent(Int)
    /// A feature column whose every value is NaN (its name).
    case allMissingColumn(String)
    /// A row weight that is negative, NaN or infinite (first offending row).
    case invalidWeight(row: Int)
    /// Validation data whose columns or classes do not match the training data.
    case validationMismatch(String)
    /// An option outside its allowed range.
    case invalidOption(String)
    /// Boosting could not do better than chance on the first round.
    case noBetterThanChance(error: Double)

    public var description: String {
        switch self {
        case .emptyData: return "training data is empty (no rows with a positive weight)"
        case let .tooFewClasses(count): return "a classifier needs at least 2 classes, got classCount = \(count)"
        case let .labelOutOfRange(row, label, classCount): return "row \(row) has label \(label), outside 0..<\(classCount)"
        case let .singleClassPresent(label): return "only class \(label) occurs in the training labels"
        case let .allMissingColumn(name): return "feature column '\(name)' is NaN in every training row"
        case let .invalidWeight(row): return "row \(row) has a negative, NaN or infinite weight"
        case let .validationMismatch(detail): return "validation data does not match the training data: \(detail)"
        case let .invalidOption(detail): return "invalid option: \(detail)"
        case let .noBetterThanChance(error): return "the first boosting round is no better than chance (weighted error \(error))"
        }
    }
}
