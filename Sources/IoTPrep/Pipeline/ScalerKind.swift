/// The scaler fitted at the end of the pipeline.
public enum ScalerKind: String, Sendable, Codable, CaseIterable {
    /// `StandardScaler`: zero mean, unit population variance.
    case standard
    /// `MinMaxScaler`: [0, 1].
    case minMax
    /// No scaling (tree models do not need it; SMOTE distances then mix units).
    case none
}
