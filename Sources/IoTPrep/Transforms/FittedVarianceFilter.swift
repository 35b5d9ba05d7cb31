import IoTData

/// A fitted variance filter: the kept columns, the dropped ones with their statistic, and
/// every input column's training variance. Transform: O(rows × kept).
public struct FittedVarianceFilter: FittedTransformer, Equatable {
    public let selection: ColumnSelection
    public let threshold: Double
    public let maxDominantFraction: Double?
    /// Population variance of each input column's finite training values.
    public let variances: [Double]

    public var inputColumns: [String] { selection.inputColumns }
    public var outputColumns: [String] { selection.outputColumns }
    public var dropped: [DroppedColumn] { selection.dropped }

    public init(selection: ColumnSelection, threshold: Double, maxDominantFraction: Double?, variances: [Double]) {
        self.selection = selection
        self.threshold = threshold
        self.maxDominantFraction = maxDominantFraction
        self.variances = variances
    }

    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "variance filter")
        return try selection.transform(matrix)
    }
}
