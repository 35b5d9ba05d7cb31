/// Settings of histogram gradient boosting (defaults follow LightGBM's).
public struct GradientBoostingOptions: Sendable, Equatable {
    /// Boosting rounds; each adds one tree per class (one tree in total for 2 classes).
    public var rounds = 100
    public var learningRate = 0.1
    /// Leaves per tree, grown best-first (LightGBM `num_leaves`).
    public var maxLeaves = 31
    /// Deepest level a leaf may sit at (root = 0); nil for no limit besides `maxLeaves`.
    public var maxDepth: Int?
    /// Rows each leaf needs (LightGBM `min_data_in_leaf`), checked as LightGBM does: a split's
    /// rows per side are estimated from its hessian share.
    public var minSamplesLeaf = 20
    /// Hessian sum each leaf needs (LightGBM `min_sum_hessian_in_leaf`).
    public var minHessianLeaf = 1e-3
    /// L2 penalty on leaf values (LightGBM `lambda_l2`).
    public var l2 = 0.0
    /// Rounds without a better validation loss before stopping (used when a validation set is
    /// given; the model keeps the best round). 0 turns early stopping off.
    public var earlyStoppingPatience = 10
    /// Fraction of rows drawn (without replacement) per round; 1 = all rows.
    public var rowFraction = 1.0
    /// Fraction of features drawn per tree; 1 = all features.
    public var featureFraction = 1.0
    /// Seeds row and feature subsampling and the bin sample.
    public var seed: UInt64 = 42
    /// Threads for histograms (across features), gradients and scoring. The model does not
    /// depend on it.
    public var threads = ParallelWork.defaultThreads
    /// Value bins per feature (2...255) and rows sampled for the bin edges.
    public var maxBins = 255
    public var binSampleRows = 200_000

    public init() {}

    /// Throws `TreeTrainingError.invalidOption` for values out of range.
    func validate() throws {
        guard rounds >= 1 else { throw TreeTrainingError.invalidOption("rounds = \(rounds), need >= 1") }
        guard learningRate > 0, learningRate.isFinite else { throw TreeTrainingError.invalidOption("learningRate = \(learningRate), need > 0") }
        guard maxLeaves >= 2, maxLeaves <= 65_536 else { throw TreeTrainingError.invalidOption("maxLeaves = \(maxLeaves), need 2...65536") }
        if let maxDepth, maxDepth < 1 { throw TreeTrainingError.invalidOption("maxDepth = \(maxDepth), need >= 1") }
        guard minSamplesLeaf >= 1 else { throw TreeTrainingError.invalidOption("minSamplesLeaf = \(minSamplesLeaf), need >= 1") }
        guard minHessianLeaf >= 0, minHessianLeaf.isFinite else { throw TreeTrainingError.invalidOption("minHessianLeaf = \(minHessianLeaf)") }
        guard l2 >= 0, l2.isFinite else { throw TreeTrainingError.invalidOption("l2 = \(l2), need >= 0") }
        guard earlyStoppingPatience >= 0 else { throw TreeTrainingError.invalidOption("earlyStoppingPatience = \(earlyStoppingPatience)") }
        guard rowFraction > 0, rowFraction <= 1 else { throw TreeTrainingError.invalidOption("rowFraction = \(rowFraction), need (0, 1]") }
        guard featureFraction > 0, featureFraction <= 1 else { throw TreeTrainingError.invalidOption("featureFraction = \(featureFraction), need (0, 1]") }
        guard (2...255).contains(maxBins) else { throw TreeTrainingError.invalidOption("maxBins = \(maxBins), need 2...255") }
        guard binSampleRows >= 1 else { throw TreeTrainingError.invalidOption("binSampleRows = \(binSampleRows)") }
    }
}
