import IoTData

/// A fitted correlation filter: the kept columns, each dropped column with the earlier
/// column that made it redundant, and every pair above the threshold. Transform:
/// O(rows × kept).
public struct FittedCorrelationFilter: FittedTransformer, Equatable {
    /// A pair above the threshold (or exact twins), earlier column first.
    public struct Pair: Sendable, Codable, Equatable {
        public var kept: String
        public var dropped: String
        public var r: Double
        public var twin: Bool
    }

    public let selection: ColumnSelection
    public let threshold: Double
    public let rule: CorrelationDropRule
    public let excludedColumns: [String]
    /// Every candidate pair with |r| > threshold or identical values. With the pandas rule
    /// the first member may itself be dropped (by a still earlier column).
    public let pairs: [Pair]
    /// Candidates that were constant in training (no correlation; not decided here).
    public let constantColumns: [String]
    public let rowsUsed: Int
    public let warnings: [String]

    public var inputColumns: [String] { selection.inputColumns }
    public var outputColumns: [String] { selection.outputColumns }
    public var dropped: [DroppedColumn] { selection.dropped }

    public init(selection: ColumnSelection, threshold: Double, rule: CorrelationDropRule, excludedColumns: [String],
                pairs: [Pair], constantColumns: [String], rowsUsed: Int, warnings: [String]) {
        self.selection = selection
        self.threshold = threshold
        self.rule = rule
        self.excludedColumns = excludedColumns
        self.pairs = pairs
        self.constantColumns = constantColumns
        self.rowsUsed = rowsUsed
        self.warnings = warnings
    }

    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "correlation filter")
        return try selection.transform(matrix)
    }
}
