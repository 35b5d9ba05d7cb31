import Foundation

/// Failures reading CICIoT2023 CSV files. Every case names the file, and where it applies
/// the 1-based physical line and the field, so a user can open the file at the fault.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(file: String, reason: String)
    case emptyFile(file: String)
    case unrecognizedHeader(file: String, missingColumns: [String])
    case layoutMismatch(file: String, expected: FeatureLayout, found: FeatureLayout)
    case wrongFieldCount(file: String, line: Int, expected: Int, found: Int)
    case notANumber(file: String, line: Int, field: String, value: String)
    case unknownLabel(file: String, line: Int, value: String)
    case lineTooLong(file: String, line: Int, limit: Int)
    case unterminatedQuote(file: String, line: Int)
    case readFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason): return "\(file): cannot open: \(reason)"
        case let .emptyFile(file): return "\(file): empty file (no header line)"
        case let .unrecognizedHeader(file, missing):
            let shown = missing.prefix(8).joined(separator: ", ")
            return "\(file):1: header is not a CICIoT2023 v1 or v2 layout; missing columns: \(shown)\(missing.count > 8 ? ", …" : "")"
        case let .layoutMismatch(file, expected, found):
            return "\(file):1: layout \(found.rawValue) differs from the \(expected.rawValue) layout of the first input; inputs must share one layout"
        case let .wrongFieldCount(file, line, expected, found):
            return "\(file):\(line): expected \(expected) fields, found \(found)"
        case let .notANumber(file, line, field, value):
            return "\(file):\(line): field '\(field)': not a number: \(Self.excerpt(value))"
        case let .unknownLabel(file, line, value):
            return "\(file):\(line): unknown label \(Self.excerpt(value)) (use --unknown-labels skip to count and skip such rows)"
        case let .lineTooLong(file, line, limit):
            return "\(file):\(line): line longer than \(limit) bytes"
        case let .unterminatedQuote(file, line):
            return "\(file):\(line): quoted field is not terminated"
        case let .readFailed(file, reason): return "\(file): read failed: \(reason)"
        }
    }

    /// A printable, bounded excerpt of a field value (non-printable bytes escaped).
    static func excerpt(_ value: String) -> String {
        let limited = value.count > 40 ? String(value.prefix(40)) + "…" : value
        let escaped = limited.unicodeScalars.map { scalar -> String in
            scalar.value >= 0x20 && scalar.value < 0x7f ? String(scalar) : String(format: "\\u{%X}", scalar.value)
        }.joined()
        return "'\(escaped)'"
    }
}
