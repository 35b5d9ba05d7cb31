import IoTData

/// Min–max scaling to [0, 1], with scikit-learn's `MinMaxScaler()` semantics:
/// `scale = 1 / (max − min)`, `min_ = −min × scale`, and a range below 10 × ε (Double) —
/// a constant column — gets `scale = 1` (its values are then shifted to 0, not divided by 0).
///
/// Statistics come from the finite training values (scikit-learn ignores NaN the same way);
/// a column with none is left unchanged. Columns in `excludedColumns` (e.g. one-hot
/// indicators) are left unchanged. Fit: O(rows × columns).
public struct MinMaxScaler: Transformer {
    public var excludedColumns: [String]

    public init(excludedColumns: [String] = []) {
        self.excludedColumns = excludedColumns
    }

    /// - Throws: `PrepError.noRows` for an empty matrix, `.missingColumn` for an unknown exclusion.
    public func fit(_ matrix: FeatureMatrix, classes: [Int]?) throws -> FittedMinMaxScaler {
        guard matrix.rowCount > 0 else { throw PrepError.noRows(stage: "min-max scaler", reason: "cannot fit on an empty matrix") }
        let mask = try ScalerKernels.scaledMask(matrix.columnNames, excluded: excludedColumns, stage: "min-max scaler")
        let moments = ColumnMoments(matrix)
        let columns = matrix.columnCount
        var dataMin = [Double](repeating: 0, count: columns)
        var dataMax = [Double](repeating: 0, count: columns)
        var scale = [Double](repeating: 1, count: columns)
        var offset = [Double](repeating: 0, count: columns)
        for column in 0..<columns where moments.count[column] > 0 {
            dataMin[column] = moments.minimum[column]
            dataMax[column] = moments.maximum[column]
            guard mask[column] else { continue }
            var range = dataMax[column] - dataMin[column]
            if range < 10 * Double.ulpOfOne { range = 1 }
            scale[column] = 1 / range
            offset[column] = 0 - dataMin[column] * scale[column]
        }
        return FittedMinMaxScaler(inputColumns: matrix.columnNames, dataMin: dataMin, dataMax: dataMax,
                                  scale: scale, min: offset, scaled: mask)
    }
}
