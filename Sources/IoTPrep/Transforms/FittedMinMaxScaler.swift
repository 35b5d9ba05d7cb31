import IoTData

/// Fitted min–max scaling; the fields carry scikit-learn's names (`data_min_`, `data_max_`,
/// `scale_`, `min_`). Unscaled columns have scale 1 and min 0. Transform and inverse:
/// O(rows × columns).
public struct FittedMinMaxScaler: FittedTransformer, Equatable {
    public let inputColumns: [String]
    public let dataMin: [Double]
    public let dataMax: [Double]
    public let scale: [Double]
    public let min: [Double]
    /// `false` for columns left unchanged (excluded, or no finite training value).
    public let scaled: [Bool]

    public var outputColumns: [String] { inputColumns }

    public init(inputColumns: [String], dataMin: [Double], dataMax: [Double], scale: [Double], min: [Double], scaled: [Bool]) {
        self.inputColumns = inputColumns
        self.dataMin = dataMin
        self.dataMax = dataMax
        self.scale = scale
        self.min = min
        self.scaled = scaled
    }

    /// `x × scale + min` per column.
    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "min-max scaler")
        var out = matrix
        ScalerKernels.multiplyAdd(&out, multiply: scale, add: min)
        return out
    }

    /// `(y − min) / scale` per column: scikit-learn's `inverse_transform`.
    public func inverseTransform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "min-max scaler (inverse)")
        var out = matrix
        ScalerKernels.subtractDivide(&out, subtract: min, divide: scale)
        return out
    }
}
