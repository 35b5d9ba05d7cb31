import IoTData

/// Standardisation with scikit-learn's `StandardScaler()` semantics: `mean_`, population
/// variance `var_` (ddof = 0), `scale_ = sqrt(var_)`, and a column scikit-learn deems
/// constant — `var ≤ n·ε·var + (n·mean·ε)²` (its `_is_constant_feature`) — gets
/// `scale_ = 1`, so it is centred but not divided by ~0.
///
/// Statistics come from the finite training values; a column with none is left unchanged,
/// as are `excludedColumns`. Fit: two passes, O(rows × columns).
public struct StandardScaler: Transformer {
    public var excludedColumns: [String]

    public init(excludedColumns: [String] = []) {
        self.excludedColumns = excludedColumns
    }

    /// - Throws: `PrepError.noRows` for an empty matrix, `.missingColumn` for an unknown exclusion.
    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> FittedStandardScaler {
        guard matrix.rowCount > 0 else { throw PrepError.noRows(stage: "standard scaler", reason: "cannot fit on an empty matrix") }
        let mask = try ScalerKernels.scaledMask(matrix.columnNames, excluded: excludedColumns, stage: "standard scaler")
        let moments = ColumnMoments(matrix)
        let columns = matrix.columnCount
        var mean = [Double](repeating: 0, count: columns)
        var variance = [Double](repeating: 0, count: columns)
        var scale = [Double](repeating: 1, count: columns)
        var scaled = mask
        for column in 0..<columns {
            guard moments.count[column] > 0 else {
                scaled[column] = false
                continue
            }
            guard mask[column] else { continue }
            let n = Double(moments.count[column])
            mean[column] = moments.mean[column]
            variance[column] = moments.variance[column]
            let eps = Double.ulpOfOne
            let bound = n * eps * variance[column] + (n * mean[column] * eps) * (n * mean[column] * eps)
            scale[column] = variance[column] <= bound ? 1 : variance[column].squareRoot()
        }
        return FittedStandardScaler(inputColumns: matrix.columnNames, mean: mean, variance: variance, scale: scale, scaled: scaled)
    }
}
