/// A problem with one CSV record, found by a parser that does not yet know the record's
/// absolute line number (blocks are parsed in parallel); `CSVReader` turns it into a
/// `CSVError` with file and line once the block's position in the file is known.
struct CSVIssue: Sendable {
    enum Kind: Sendable {
        case wrongFieldCount(expected: Int, found: Int)
        case notANumber(field: Int, value: String)
        case unknownLabel(value: String)
        case unterminatedQuote
    }

    var kind: Kind
    /// 0-based physical line within the parsed bytes.
    var lineOffset: Int

    var isUnknownLabel: Bool {
        if case .unknownLabel = kind { return true }
        return false
    }

    func error(file: String, firstLine: Int, featureNames: [String]) -> CSVError {
        let line = firstLine + lineOffset
        switch kind {
        case let .wrongFieldCount(expected, found):
            return .wrongFieldCount(file: file, line: line, expected: expected, found: found)
        case let .notANumber(field, value):
            let name = field < featureNames.count ? featureNames[field] : "#\(field)"
            return .notANumber(file: file, line: line, field: name, value: value)
        case let .unknownLabel(value):
            return .unknownLabel(file: file, line: line, value: value)
        case .unterminatedQuote:
            return .unterminatedQuote(file: file, line: line)
        }
    }
}

/// What to do with a record that cannot be read: stop with an error, or skip it and count it.
public enum IssuePolicy: String, Sendable, Codable, CaseIterable {
    case error
    case skip
}

/// Per-column counts of values that are not ordinary numbers.
public struct ValueAnomalyCounts: Sendable, Codable, Equatable {
    public var empty: [Int]
    public var nan: [Int]
    public var positiveInfinity: [Int]
    public var negativeInfinity: [Int]

    public init(featureCount: Int) {
        empty = [Int](repeating: 0, count: featureCount)
        nan = empty
        positiveInfinity = empty
        negativeInfinity = empty
    }

    /// Empty + NaN per column (what the pipeline treats as missing).
    public var missing: [Int] { zip(empty, nan).map { $0 + $1 } }
    /// ±inf per column.
    public var infinite: [Int] { zip(positiveInfinity, negativeInfinity).map { $0 + $1 } }

    public mutating func add(_ other: ValueAnomalyCounts) {
        for i in empty.indices {
            empty[i] += other.empty[i]
            nan[i] += other.nan[i]
            positiveInfinity[i] += other.positiveInfinity[i]
            negativeInfinity[i] += other.negativeInfinity[i]
        }
    }
}
