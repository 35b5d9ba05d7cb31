/// Settings of AdaBoost (SAMME) over decision stumps (defaults follow scikit-learn's
/// `AdaBoostClassifier`).
public struct AdaBoostOptions: Sendable, Equatable {
    /// Boosting rounds (stumps); fewer when a stump is perfect or no better than chance.
    public var rounds = 100
    /// Shrinks each stump's weight `α = learningRate × (log((1 − err)/err) + log(K − 1))`.
    public var learningRate = 1.0
    /// Threads for the per-feature histograms and batch scoring; the model does not depend on it.
    public var threads = ParallelWork.defaultThreads
    /// Value bins per feature (2...255) and rows sampled for the bin edges.
    public var maxBins = 255
    public var binSampleRows = 200_000
    /// Seeds the bin sample only (stumps are deterministic).
    public var seed: UInt64 = 42

    public init() {}

    func validate() throws {
        guard rounds >= 1 else { throw TreeTrainingError.invalidOption("rounds = \(rounds), need >= 1") }
        guard learningRate > 0, learningRate.isFinite else { throw TreeTrainingError.invalidOption("learningRate = \(learningRate), need > 0") }
        guard (2...255).contains(maxBins) else { throw TreeTrainingError.invalidOption("maxBins = \(maxBins), need 2...255") }
        guard binSampleRows >= 1 else { throw TreeTrainingError.invalidOption("binSampleRows = \(binSampleRows)") }
    }
}
