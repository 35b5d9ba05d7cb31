import IoTData

/// One side of a prepared split: transformed features, class per row, and where each row
/// came from (indices into the dataset given to `Preparer.prepare`).
public struct PreparedSet: Sendable {
    public var features: FeatureMatrix
    public var classes: [Int]
    /// One per row (empty only for training rows when provenance is off). Real rows:
    /// `row` is their dataset index; SMOTE rows: `row` and `neighbour` are the dataset
    /// indices of the two parents and `step` the interpolation factor.
    public var origins: [RowOrigin]

    public var rowCount: Int { features.rowCount }
}
