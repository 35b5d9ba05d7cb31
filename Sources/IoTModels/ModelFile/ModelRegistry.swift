/// Every model family built into this iotshield, by its on-disk name: how to decode its
/// fitted state from a model file.
public enum ModelRegistry {
    public typealias Decoder = @Sendable (inout BinaryReader) throws -> any Classifier

    public static let decoders: [ModelKind: Decoder] = [
        .randomForest: { try RandomForestClassifier(from: &$0) },
        .gradientBoosting: { try GradientBoostingClassifier(from: &$0) },
        .adaBoost: { try AdaBoostClassifier(from: &$0) },
        .logisticRegression: { try LogisticRegressionClassifier(from: &$0) },
        .perceptron: { try PerceptronClassifier(from: &$0) },
        .neuralNetwork: { try NeuralNetworkClassifier(from: &$0) },
    ]
}
