/// Errors of the preparation layer (splits, transforms, balancing, pipeline).
///
/// Every message names the stage and what is wrong, so the CLI can print it as is.
public enum PrepError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of range (`testFraction 1.5`, `neighbours 0`, …).
    case invalidOption(name: String, value: String, reason: String)
    /// A transform met a matrix whose columns are not the ones it was fitted on.
    case columnMismatch(stage: String, expected: [String], found: [String])
    /// A configured column (one-hot, leakage, correlation exclusion, store selection) is absent.
    case missingColumn(stage: String, column: String)
    /// Arrays that must describe the same rows have different lengths.
    case lengthMismatch(stage: String, what: String, expected: Int, found: Int)
    /// A stage got no rows to work on.
    case noRows(stage: String, reason: String)
    /// Every feature column was removed (all constant, all leaking, …).
    case noFeaturesLeft(stage: String, reason: String)
    /// A grouped split needs at least two groups.
    case tooFewGroups(found: Int)
    /// A class index outside `0..<classCount`.
    case invalidClass(stage: String, row: Int, value: Int, classCount: Int)

    public var description: String {
        switch self {
        case let .invalidOption(name, value, reason):
            return "invalid option \(name) = \(value): \(reason)"
        case let .columnMismatch(stage, expected, found):
            let missing = expected.filter { !found.contains($0) }
            let extra = found.filter { !expected.contains($0) }
            var detail = "\(expected.count) columns expected, \(found.count) found"
            if !missing.isEmpty { detail += "; missing: \(missing.joined(separator: ", "))" }
            if !extra.isEmpty { detail += "; unexpected: \(extra.joined(separator: ", "))" }
            if missing.isEmpty && extra.isEmpty { detail += "; same names in a different order" }
            return "\(stage): the matrix does not have the columns it was fitted on (\(detail))"
        case let .missingColumn(stage, column):
            return "\(stage): column '\(column)' is not in the matrix"
        case let .lengthMismatch(stage, what, expected, found):
            return "\(stage): \(what) has \(found) entries, expected \(expected) (one per row)"
        case let .noRows(stage, reason):
            return "\(stage): no rows — \(reason)"
        case let .noFeaturesLeft(stage, reason):
            return "\(stage): no feature column left — \(reason)"
        case let .tooFewGroups(found):
            return "grouped split: \(found) group(s) found, at least 2 are needed so that no group is on both sides"
        case let .invalidClass(stage, row, value, classCount):
            return "\(stage): row \(row) has class \(value), outside 0..<\(classCount)"
        }
    }
}
