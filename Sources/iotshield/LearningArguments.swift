import ArgumentParser
import IoTData
import IoTEval
import IoTModels
import IoTPrep

extension LearningTask: ExpressibleByArgument {}
extension SplitStrategy: ExpressibleByArgument {}
extension ScalerKind: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}

/// The honest pipeline's options, shared by `prepare`, `train` and `experiment`.
struct PreparationArguments: ParsableArguments {
    @Option(help: "Task: binary, family (8 classes) or label (34 classes).")
    var task: LearningTask = .family

    @Option(help: "Split: stratified by class, or grouped by source file (no file on both sides).")
    var split: SplitStrategy = .stratified

    @Option(help: "Share of rows held out for testing (0 trains on every row given).")
    var testFraction: Double = 0.2

    @Option(help: "Share of the training rows kept apart for early stopping (0 = none).")
    var validationFraction: Double = 0

    @Option(help: "Random seed for the split, SMOTE and the model.")
    var seed: UInt64 = 42

    @Flag(help: "Keep IAT (leaks the label: results are labelled a leakage demonstration).")
    var keepIAT = false

    @Option(help: "Scaler fitted on train: standard, minMax or none.")
    var scaler: ScalerKind = .standard

    @Option(help: "Drop one feature of each pair with |Pearson r| above this (0 disables).")
    var correlationThreshold: Double = 0.9

    @Option(help: "Drop features whose variance on train is at or below this.")
    var varianceThreshold: Double = 0

    @OptionGroup var balancing: BalanceArguments

    func options() throws -> PreparationOptions {
        var o = PreparationOptions()
        o.task = task
        o.split = split
        o.testFraction = testFraction
        o.validationFraction = validationFraction
        o.seed = seed
        o.keepIAT = keepIAT
        o.scaler = scaler
        o.correlationThreshold = correlationThreshold > 0 ? correlationThreshold : nil
        o.varianceThreshold = varianceThreshold
        o.neighbours = balancing.neighbours
        o.maxOversampleFactor = balancing.maxOversample
        o.balance = try balancing.recipe()
        return o
    }
}

/// Balancing options, shared by `prepare`/`train`/`experiment` and `balance`.
struct BalanceArguments: ParsableArguments {
    @Option(help: "Balancing of the training part: reference (the study's recipe for the task), none, smallest, or a per-class target such as 33800.")
    var balance: String = "reference"

    @Option(help: "SMOTE neighbours (k).")
    var neighbours: Int = 5

    @Option(help: "SMOTE never grows a class beyond this multiple of its real rows.")
    var maxOversample: Int = 100

    /// The recipe asked for; `nil` for `reference` (the task's recipe).
    func recipe() throws -> BalanceRecipe? {
        switch balance.lowercased() {
        case "reference": return nil
        case "none": return BalanceRecipe.none
        case "smallest": return .downsampleToSmallest
        default:
            guard let target = Int(balance), target > 0 else {
                throw ValidationError("--balance must be reference, none, smallest or a positive row count")
            }
            return .uniform(target: target)
        }
    }
}

/// Model choice and the options a scikit-learn / Keras user looks for.
struct ModelArguments: ParsableArguments {
    @Option(help: "Model: rf, gbdt, lr, adaboost, perceptron or dnn.")
    var model: ModelKind = .randomForest

    @Option(help: "rf: trees; adaboost: stumps; gbdt: boosting rounds.")
    var estimators: Int?

    @Option(help: "rf/gbdt: maximum tree depth.")
    var maxDepth: Int?

    @Option(help: "rf: minimum rows per leaf.")
    var minSamplesLeaf: Int?

    @Flag(help: "rf: weight classes inversely to their frequency.")
    var balancedClassWeight = false

    @Option(help: "gbdt/adaboost/lr/dnn: learning rate.")
    var learningRate: Double?

    @Option(help: "gbdt: leaves per tree.")
    var maxLeaves: Int?

    @Option(help: "lr: inverse L2 strength C (like scikit-learn).")
    var c: Double?

    @Option(help: "lr: solver, adam or lbfgs.")
    var solver: String?

    @Option(help: "lr/perceptron: maximum iterations (epochs).")
    var maxIterations: Int?

    @Option(help: "dnn: epochs.")
    var epochs: Int?

    @Option(help: "dnn: hidden layer sizes, e.g. 128,64,32.")
    var hidden: String?

    @Option(help: "dnn: mini-batch size.")
    var batchSize: Int?

    @Option(help: "Threads for training and batch scoring (default: all cores).")
    var threads: Int?

    func spec(seed: UInt64) throws -> ModelSpec {
        var s = ModelSpec(kind: model)
        s.seed = seed
        s.threads = threads
        if let estimators {
            s.randomForest.trees = estimators
            s.gradientBoosting.rounds = estimators
            s.adaBoost.rounds = estimators
        }
        if let maxDepth { s.randomForest.maxDepth = maxDepth; s.gradientBoosting.maxDepth = maxDepth }
        if let minSamplesLeaf { s.randomForest.minSamplesLeaf = minSamplesLeaf }
        if balancedClassWeight { s.randomForest.classWeight = .balanced }
        if let learningRate {
            s.gradientBoosting.learningRate = learningRate
            s.adaBoost.learningRate = learningRate
            s.logisticRegression.learningRate = Float(learningRate)
            s.neuralNetwork.learningRate = Float(learningRate)
        }
        if let maxLeaves { s.gradientBoosting.maxLeaves = maxLeaves }
        if let c { s.logisticRegression.inverseRegularization = c }
        if let solver {
            guard let value = LogisticRegressionClassifier.Options.Solver(rawValue: solver) else {
                throw ValidationError("--solver must be adam or lbfgs")
            }
            s.logisticRegression.solver = value
        }
        if let maxIterations { s.logisticRegression.maxIterations = maxIterations; s.perceptron.maxEpochs = maxIterations }
        if let epochs { s.neuralNetwork.epochs = epochs }
        if let hidden {
            let sizes = hidden.split(separator: ",").compactMap { Int($0) }
            guard !sizes.isEmpty, sizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--hidden takes sizes like 128,64,32") }
            s.neuralNetwork.hiddenLayers = sizes
        }
        if let batchSize { s.neuralNetwork.batchSize = batchSize; s.logisticRegression.batchSize = batchSize }
        return s
    }
}
