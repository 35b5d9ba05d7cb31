import IoTData
import IoTModels

/// Which model to train and with what options: one value that names every family's
/// settings, so the CLI, the experiment runner and the tests configure models one way.
public struct ModelSpec: Sendable {
    public var kind: ModelKind
    public var seed: UInt64 = 42
    public var threads: Int?
    public var randomForest = RandomForestOptions()
    public var gradientBoosting = GradientBoostingOptions()
    public var adaBoost = AdaBoostOptions()
    public var logisticRegression = LogisticRegressionClassifier.Options()
    public var perceptron = PerceptronClassifier.Options()
    public var neuralNetwork = NeuralNetworkClassifier.Options()

    public init(kind: ModelKind) { self.kind = kind }

    /// Fits the model on prepared training rows (and validation rows for early stopping).
    public func fit(_ train: TrainingData, validation: TrainingData?, progress: TrainingProgress?) throws -> any Classifier {
        switch kind {
        case .randomForest:
            var o = randomForest
            o.seed = seed
            if let threads { o.threads = threads }
            return try RandomForestClassifier.fit(train, validation: validation, options: o, progress: progress)
        case .gradientBoosting:
            var o = gradientBoosting
            o.seed = seed
            if let threads { o.threads = threads }
            return try GradientBoostingClassifier.fit(train, validation: validation, options: o, progress: progress)
        case .adaBoost:
            var o = adaBoost
            o.seed = seed
            if let threads { o.threads = threads }
            return try AdaBoostClassifier.fit(train, validation: validation, options: o, progress: progress)
        case .logisticRegression:
            var o = logisticRegression
            o.seed = seed
            if let threads { o.threads = threads }
            return try LogisticRegressionClassifier.fit(train, validation: validation, options: o, progress: progress)
        case .perceptron:
            var o = perceptron
            o.seed = seed
            return try PerceptronClassifier.fit(train, validation: validation, options: o, progress: progress)
        case .neuralNetwork:
            var o = neuralNetwork
            o.seed = seed
            if let threads { o.threads = threads }
            return try NeuralNetworkClassifier.fit(train, validation: validation, options: o, progress: progress)
        }
    }

    /// The options in force, as text, for the model file's metadata.
    public var summary: [String: String] {
        var out = ["model": kind.rawValue, "seed": String(seed)]
        switch kind {
        case .randomForest:
            out["trees"] = String(randomForest.trees)
            out["max_depth"] = randomForest.maxDepth.map(String.init) ?? "none"
            out["min_samples_leaf"] = String(randomForest.minSamplesLeaf)
            out["max_features"] = "\(randomForest.maxFeatures)"
            out["class_weight"] = "\(randomForest.classWeight)"
        case .gradientBoosting:
            out["rounds"] = String(gradientBoosting.rounds)
            out["learning_rate"] = String(gradientBoosting.learningRate)
            out["max_leaves"] = String(gradientBoosting.maxLeaves)
        case .adaBoost:
            out["rounds"] = String(adaBoost.rounds)
            out["learning_rate"] = String(adaBoost.learningRate)
        case .logisticRegression:
            out["C"] = String(logisticRegression.inverseRegularization)
            out["solver"] = logisticRegression.solver.rawValue
            out["max_iterations"] = String(logisticRegression.maxIterations)
        case .perceptron:
            out["max_epochs"] = String(perceptron.maxEpochs)
        case .neuralNetwork:
            out["hidden_layers"] = neuralNetwork.hiddenLayers.map(String.init).joined(separator: ",")
            out["epochs"] = String(neuralNetwork.epochs)
            out["dropout"] = String(neuralNetwork.dropout)
            out["batch_size"] = String(neuralNetwork.batchSize)
        }
        return out
    }
}
