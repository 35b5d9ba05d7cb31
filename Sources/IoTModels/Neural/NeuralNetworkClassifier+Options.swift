extension NeuralNetworkClassifier {
    /// How to build and train the network. Defaults: the reference study's DNN (three hidden
    /// ReLU layers 128-64-32, dropout 0.3, Adam at 1e-3 with Keras's β₁ = 0.9, β₂ = 0.999,
    /// ε = 1e-7, batches of 256, 20 epochs, early stopping with patience 3).
    public struct Options: Sendable, Equatable {
        /// Hidden layer widths, input side first; each ≥ 1 (empty = softmax regression).
        public var hiddenLayers: [Int] = [128, 64, 32]
        /// Fraction of each hidden layer's outputs zeroed in training (inverted dropout: the
        /// kept ones are scaled by `1/(1 − dropout)`, so inference needs no rescaling). In [0, 1).
        public var dropout: Float = 0.3
        public var learningRate: Float = 1e-3
        public var beta1: Float = 0.9
        public var beta2: Float = 0.999
        public var epsilon: Float = 1e-7
        /// L2 penalty `λ/2·‖W‖²` added to the mean loss (biases exempt); 0 = none.
        public var l2: Float = 0
        /// Rows per Adam step.
        public var batchSize: Int = 256
        /// At most this many epochs.
        public var epochs: Int = 20
        /// Stop after this many epochs in a row without improvement of the monitored loss
        /// (validation loss if a validation set is given, else the epoch's training loss).
        public var patience: Int = 3
        /// An epoch improves when the monitored loss drops by more than this.
        public var minDelta: Double = 0
        /// Keep the weights of the best monitored epoch rather than the last.
        public var restoreBestWeights = true
        /// Seeds He initialisation (stream 0), shuffling (stream 1) and dropout (stream 2).
        public var seed: UInt64 = 0
        /// OpenBLAS threads during the fit (restored afterwards). Results are bit-for-bit
        /// reproducible for a fixed seed and thread count.
        public var threads: Int = BLAS.defaultThreadCount

        public init() {}

        public init(hiddenLayers: [Int] = [128, 64, 32], epochs: Int = 20, batchSize: Int = 256, seed: UInt64 = 0) {
            self.hiddenLayers = hiddenLayers
            self.epochs = epochs
            self.batchSize = batchSize
            self.seed = seed
        }

        func validate() throws {
            guard hiddenLayers.allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
                throw DenseTrainingError.invalidOption("hidden layer widths must be in 1...65536, got \(hiddenLayers)")
            }
            guard dropout >= 0, dropout < 1 else { throw DenseTrainingError.invalidOption("dropout must be in [0, 1), got \(dropout)") }
            guard learningRate > 0, learningRate.isFinite else { throw DenseTrainingError.invalidOption("learningRate must be > 0, got \(learningRate)") }
            guard beta1 >= 0, beta1 < 1, beta2 >= 0, beta2 < 1, epsilon > 0 else {
                throw DenseTrainingError.invalidOption("Adam needs 0 ≤ β₁, β₂ < 1 and ε > 0")
            }
            guard l2 >= 0, l2.isFinite else { throw DenseTrainingError.invalidOption("l2 must be ≥ 0, got \(l2)") }
            guard batchSize >= 1 else { throw DenseTrainingError.invalidOption("batchSize must be ≥ 1, got \(batchSize)") }
            guard epochs >= 1 else { throw DenseTrainingError.invalidOption("epochs must be ≥ 1, got \(epochs)") }
            guard patience >= 1 else { throw DenseTrainingError.invalidOption("patience must be ≥ 1, got \(patience)") }
            guard minDelta >= 0 else { throw DenseTrainingError.invalidOption("minDelta must be ≥ 0") }
            guard threads >= 1 else { throw DenseTrainingError.invalidOption("threads must be ≥ 1, got \(threads)") }
        }
    }
}
