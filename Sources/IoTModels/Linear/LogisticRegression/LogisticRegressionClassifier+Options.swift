extension LogisticRegressionClassifier {
    /// How to fit. Defaults follow scikit-learn's `LogisticRegression` where it has the
    /// option (`C = 1`, `tol = 1e-4`, `max_iter = 100`).
    public struct Options: Sendable, Equatable {
        public enum Solver: String, Sendable, CaseIterable {
            /// Mini-batch Adam: memory independent of the row count, a pass per epoch; for millions of rows.
            case adam
            /// Full-batch L-BFGS: exact optimum on data that fits in memory (scikit-learn's default solver).
            case lbfgs
        }

        /// `C`, the inverse L2 strength as in scikit-learn (larger = weaker penalty). > 0.
        public var inverseRegularization: Double = 1
        public var solver: Solver = .adam
        /// Epochs (Adam) or quasi-Newton iterations (L-BFGS). ≥ 1.
        public var maxIterations: Int = 100
        /// L-BFGS: stop when the largest gradient component is ≤ `tolerance` (as scikit-learn).
        /// Adam: an epoch "improves" when the epoch loss drops by more than `tolerance`.
        public var tolerance: Double = 1e-4
        /// L-BFGS: stop when one iteration lowers the objective by a relative amount ≤ this
        /// (SciPy's `factr·eps`, 64·2.2e-16, is below our `Float` evaluation noise).
        public var relativeFunctionTolerance: Double = 1e-12
        /// Adam: converged after this many epochs in a row without improvement (scikit-learn's `n_iter_no_change`).
        public var noImprovementEpochs: Int = 5
        /// Adam step size at the start (inputs scaled to [0, 1]).
        public var learningRate: Float = 0.03
        /// Adam: when the epoch loss plateaus, multiply the step size by
        /// `learningRateReductionFactor` and go on, at most `learningRateReductions` times; the
        /// next plateau ends the fit as converged (scikit-learn's `learning_rate="adaptive"`).
        public var learningRateReductions: Int = 2
        public var learningRateReductionFactor: Float = 0.2
        /// Adam rows per step.
        public var batchSize: Int = 256
        /// L-BFGS correction pairs kept.
        public var memory: Int = 10
        /// Shuffling seed (Adam). L-BFGS is deterministic without it.
        public var seed: UInt64 = 0
        /// OpenBLAS threads during the fit (restored afterwards). Results are bit-for-bit
        /// reproducible for a fixed seed and thread count.
        public var threads: Int = BLAS.defaultThreadCount

        public init() {}

        public init(solver: Solver, inverseRegularization: Double = 1, maxIterations: Int = 100, tolerance: Double = 1e-4, seed: UInt64 = 0) {
            self.solver = solver
            self.inverseRegularization = inverseRegularization
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.seed = seed
        }

        func validate() throws {
            guard inverseRegularization > 0, inverseRegularization.isFinite else {
                throw DenseTrainingError.invalidOption("inverseRegularization (C) must be finite and > 0, got \(inverseRegularization)")
            }
            guard maxIterations >= 1 else { throw DenseTrainingError.invalidOption("maxIterations must be ≥ 1, got \(maxIterations)") }
            guard tolerance >= 0, relativeFunctionTolerance >= 0 else { throw DenseTrainingError.invalidOption("tolerances must be ≥ 0") }
            guard noImprovementEpochs >= 1 else { throw DenseTrainingError.invalidOption("noImprovementEpochs must be ≥ 1") }
            guard learningRate > 0, learningRate.isFinite else { throw DenseTrainingError.invalidOption("learningRate must be > 0, got \(learningRate)") }
            guard learningRateReductions >= 0, learningRateReductionFactor > 0, learningRateReductionFactor < 1 else {
                throw DenseTrainingError.invalidOption("learningRateReductions must be ≥ 0 and learningRateReductionFactor in (0, 1)")
            }
            guard batchSize >= 1 else { throw DenseTrainingError.invalidOption("batchSize must be ≥ 1, got \(batchSize)") }
            guard memory >= 1 else { throw DenseTrainingError.invalidOption("memory must be ≥ 1, got \(memory)") }
            guard threads >= 1 else { throw DenseTrainingError.invalidOption("threads must be ≥ 1, got \(threads)") }
        }
    }
}
