/// A feature column removed by the pipeline, and why.
public struct DroppedColumn: Sendable, Codable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Removed because it leaks the label (`IAT`, see docs/ciciot2023.md).
        case leakage
        /// All finite training values are equal (or there is none).
        case constant
        /// Training variance at or below the filter's threshold.
        case lowVariance
        /// One value covers more than the allowed fraction of training rows.
        case dominantValue
        /// |Pearson r| with an earlier column above the threshold.
        case correlated
        /// Value-for-value identical to an earlier column.
        case twin
        /// Removed on request.
        case requested
    }

    public var name: String
    public var kind: Kind
    /// The column that made this one redundant (correlation, twin).
    public var partner: String?
    /// The statistic behind the decision (variance, fraction, r, constant value).
    public var value: Double?
    /// One readable sentence.
    public var detail: String

    public init(name: String, kind: Kind, partner: String? = nil, value: Double? = nil, detail: String) {
        self.name = name
        self.kind = kind
        self.partner = partner
        self.value = value
        self.detail = detail
    }

    public var description: String { "\(name): \(detail)" }
}
