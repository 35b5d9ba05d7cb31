import IoTData

/// The per-column affine loops shared by the scalers, over the contiguous row-major
/// `[Float]` (Double arithmetic, one rounding to Float per value). Non-finite values pass
/// through as IEEE arithmetic makes them (NaN stays NaN). O(rows × columns).
enum ScalerKernels {
    /// `y = x × a + b` per column (scikit-learn's MinMaxScaler: `X *= scale_; X += min_`).
    static func multiplyAdd(_ matrix: inout FeatureMatrix, multiply: [Double], add: [Double]) {
        let columns = matrix.columnCount
        let rows = matrix.rowCount
        multiply.withUnsafeBufferPointer { a in
            add.withUnsafeBufferPointer { b in
                matrix.values.withUnsafeMutableBufferPointer { values in
                    for row in 0..<rows {
                        let base = row * columns
                        for column in 0..<columns {
                            values[base + column] = Float(Double(values[base + column]) * a[column] + b[column])
                        }
                    }
                }
            }
        }
    }

    /// `y = (x − a) / b` per column (StandardScaler: `X -= mean_; X /= scale_`; MinMax's inverse).
    static func subtractDivide(_ matrix: inout FeatureMatrix, subtract: [Double], divide: [Double]) {
        let columns = matrix.columnCount
        let rows = matrix.rowCount
        subtract.withUnsafeBufferPointer { a in
            divide.withUnsafeBufferPointer { b in
                matrix.values.withUnsafeMutableBufferPointer { values in
                    for row in 0..<rows {
                        let base = row * columns
                        for column in 0..<columns {
                            values[base + column] = Float((Double(values[base + column]) - a[column]) / b[column])
                        }
                    }
                }
            }
        }
    }

    /// Indices of `names` not in `excluded`, and a check that every excluded name exists.
    static func scaledMask(_ names: [String], excluded: [String], stage: String) throws -> [Bool] {
        for name in excluded where !names.contains(name) {
            throw PrepError.missingColumn(stage: stage, column: name)
        }
        let skip = Set(excluded)
        return names.map { !skip.contains($0) }
    }
}
