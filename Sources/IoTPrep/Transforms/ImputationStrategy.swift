/// What replaces a missing value.
public enum ImputationStrategy: Sendable, Codable, Equatable {
    /// The median of the column's finite training values (NumPy's: mean of the two middle
    /// values for an even count).
    case median
    /// The mean of the column's finite training values.
    case mean
    /// A fixed value (must be finite).
    case constant(Float)
}
