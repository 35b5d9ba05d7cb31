extension PerceptronClassifier {
    /// How to fit; defaults are scikit-learn's `Perceptron` defaults.
    public struct Options: Sendable, Equatable {
        /// Step size (`eta0`). > 0.
        public var learningRate: Float = 1
        /// At most this many epochs (`max_iter`). ≥ 1.
        public var maxEpochs: Int = 1000
        /// An epoch improves when its mean perceptron loss drops by more than this (`tol`);
        /// `nil` runs all `maxEpochs`.
        public var tolerance: Double? = 1e-3
        /// Stop after this many epochs in a row without improvement (`n_iter_no_change`).
        public var noImprovementEpochs: Int = 5
        /// Reshuffle the rows every epoch (`shuffle`).
        public var shuffle = true
        /// Shuffling seed.
        public var seed: UInt64 = 0

        public init() {}

        public init(maxEpochs: Int = 1000, tolerance: Double? = 1e-3, seed: UInt64 = 0) {
            self.maxEpochs = maxEpochs
            self.tolerance = tolerance
            self.seed = seed
        }

        func validate() throws {
            guard learningRate > 0, learningRate.isFinite else { throw DenseTrainingError.invalidOption("learningRate must be > 0, got \(learningRate)") }
            guard maxEpochs >= 1 else { throw DenseTrainingError.invalidOption("maxEpochs must be ≥ 1, got \(maxEpochs)") }
            guard noImprovementEpochs >= 1 else { throw DenseTrainingError.invalidOption("noImprovementEpochs must be ≥ 1") }
            if let tolerance, !(tolerance >= 0) { throw DenseTrainingError.invalidOption("tolerance must be ≥ 0") }
        }
    }
}
