/// A response policy file that cannot be used. The message names the file and, when one is
/// to blame, the field as a dotted path (`families.DDoS.min_probability`).
public struct ResponsePolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Dotted path of the offending field; empty for whole-file problems (unreadable, not JSON).
    public var field: String
    public var reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(file): \(reason)" : "\(file): field '\(field)': \(reason)"
    }
}
