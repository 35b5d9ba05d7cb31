import IoTData

/// Fitted imputation: each column's fill value. Transform: O(rows × columns), in place on
/// a copy.
public struct FittedImputer: FittedTransformer, Equatable {
    public let inputColumns: [String]
    public let fillValues: [Float]
    public let strategy: ImputationStrategy
    public let infinityIsMissing: Bool
    /// Values treated as missing per column in the training rows.
    public let missingInTraining: [Int]
    /// Columns that could not be fitted (no finite training value), as sentences.
    public let warnings: [String]

    public var outputColumns: [String] { inputColumns }

    public init(inputColumns: [String], fillValues: [Float], strategy: ImputationStrategy, infinityIsMissing: Bool,
                missingInTraining: [Int], warnings: [String]) {
        self.inputColumns = inputColumns
        self.fillValues = fillValues
        self.strategy = strategy
        self.infinityIsMissing = infinityIsMissing
        self.missingInTraining = missingInTraining
        self.warnings = warnings
    }

    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "imputer")
        var out = matrix
        let columns = matrix.columnCount
        let rows = matrix.rowCount
        let infinityIsMissing = self.infinityIsMissing
        fillValues.withUnsafeBufferPointer { fill in
            out.values.withUnsafeMutableBufferPointer { values in
                for row in 0..<rows {
                    let base = row * columns
                    for column in 0..<columns {
                        let x = values[base + column]
                        if x.isNaN || (infinityIsMissing && x.isInfinite) { values[base + column] = fill[column] }
                    }
                }
            }
        }
        return out
    }
}
