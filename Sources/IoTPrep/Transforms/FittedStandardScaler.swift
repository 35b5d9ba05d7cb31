import IoTData

/// Fitted standardisation; fields carry scikit-learn's names (`mean_`, `var_`, `scale_`).
/// Unscaled columns have mean 0 and scale 1. Transform and inverse: O(rows × columns).
public struct FittedStandardScaler: FittedTransformer, Equatable {
    public let inputColumns: [String]
    public let mean: [Double]
    public let variance: [Double]
    public let scale: [Double]
    public let scaled: [Bool]

    public var outputColumns: [String] { inputColumns }

    public init(inputColumns: [String], mean: [Double], variance: [Double], scale: [Double], scaled: [Bool]) {
        self.inputColumns = inputColumns
        self.mean = mean
        self.variance = variance
        self.scale = scale
        self.scaled = scaled
    }

    /// `(x − mean) / scale` per column.
    public func transform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "standard scaler")
        var out = matrix
        ScalerKernels.subtractDivide(&out, subtract: mean, divide: scale)
        return out
    }

    /// `y × scale + mean` per column: scikit-learn's `inverse_transform`.
    public func inverseTransform(_ matrix: FeatureMatrix) throws -> FeatureMatrix {
        try requireInput(matrix, stage: "standard scaler (inverse)")
        var out = matrix
        ScalerKernels.multiplyAdd(&out, multiply: scale, add: mean)
        return out
    }
}
