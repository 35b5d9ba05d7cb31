import IoTData

/// A fitted column subset: keeps the columns at `kept` (in input order) and records the
/// others in `dropped`. Produced by `ColumnDropper` and used inside the variance and
/// correlation filters. Transform: O(rows × kept).
public struct ColumnSelection: FittedTransformer, Equatable {
    public let inputColumns: [String]
    /// Indices into `inputColumns`, ascending.
    public let kept: [Int]
    public let dropped: [DroppedColumn]

    public var outputColumns: [String] { kept.map { inputColumns[$0] } }

    public init(inputColumns: [String], kept: [Int], dropped: [DroppedColumn]) {
        self.inputColumns = inputColumns
        self.kept = kept
        self.dropped = dropped
    }

    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "column selection")
        if kept.count == inputColumns.count { return matrix }
        return matrix.columns(kept)
    }
}
