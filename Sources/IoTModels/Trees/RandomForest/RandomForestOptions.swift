import Foundation

/// Settings of a random forest (defaults follow scikit-learn's `RandomForestClassifier`).
public struct RandomForestOptions: Sendable, Equatable {
    /// How many features a node looks at.
    public enum MaxFeatures: Sendable, Equatable {
        /// ⌊√features⌋ (at least 1): scikit-learn's default for classification.
        case sqrt
        /// ⌊log2 features⌋ (at least 1).
        case log2
        /// Every feature (bagged trees).
        case all
        /// A fixed count, clamped to 1...features.
        case count(Int)
        /// A fraction of the features, clamped to 1...features.
        case fraction(Double)

        func resolve(featureCount d: Int) -> Int {
            let value: Int
            switch self {
            case .sqrt: value = Int(Double(d).squareRoot())
            case .log2: value = Int(Foundation.log2(Double(max(1, d))))
            case .all: value = d
            case let .count(count): value = count
            case let .fraction(fraction): value = Int(fraction * Double(d))
            }
            return min(max(1, value), max(1, d))
        }
    }

    /// Class weights multiplied into row weights.
    public enum ClassWeight: UInt8, Sendable, Equatable {
        /// Every class weighs 1.
        case none = 0
        /// Class `c` weighs `rows / (classes present × rows of c)`, as scikit-learn's `"balanced"`.
        case balanced = 1
    }

    /// Split criterion; Gini is the one implemented.
    public enum Criterion: UInt8, Sendable, Equatable { case gini = 0 }

    public var trees = 100
    public var criterion = Criterion.gini
    /// Each tree sees a bootstrap sample (n rows drawn with replacement) when true, all rows otherwise.
    public var bootstrap = true
    public var maxFeatures = MaxFeatures.sqrt
    /// Deepest level a node may sit at (root = 0); nil grows until leaves are pure.
    public var maxDepth: Int?
    public var minSamplesLeaf = 1
    public var minSamplesSplit = 2
    public var classWeight = ClassWeight.none
    /// Tree `i` draws from `SplitMix64(seed: seed, stream: i)`: the forest is the same for a
    /// given seed whatever `threads` is.
    public var seed: UInt64 = 42
    /// Threads for growing trees (one tree per task) and batch scoring.
    public var threads = ParallelWork.defaultThreads
    /// Value bins per feature (2...255) and rows sampled for the bin edges.
    public var maxBins = 255
    public var binSampleRows = 200_000

    public init() {}

    /// Throws `TreeTrainingError.invalidOption` for counts out of range.
    func validate() throws {
        guard trees >= 1 else { throw TreeTrainingError.invalidOption("trees = \(trees), need >= 1") }
        guard minSamplesLeaf >= 1 else { throw TreeTrainingError.invalidOption("minSamplesLeaf = \(minSamplesLeaf), need >= 1") }
        guard minSamplesSplit >= 2 else { throw TreeTrainingError.invalidOption("minSamplesSplit = \(minSamplesSplit), need >= 2") }
        if let maxDepth, maxDepth < 0 { throw TreeTrainingError.invalidOption("maxDepth = \(maxDepth), need >= 0") }
        guard (2...255).contains(maxBins) else { throw TreeTrainingError.invalidOption("maxBins = \(maxBins), need 2...255") }
        guard binSampleRows >= 1 else { throw TreeTrainingError.invalidOption("binSampleRows = \(binSampleRows)") }
        if case let .fraction(fraction) = maxFeatures, !(fraction > 0 && fraction <= 1) {
            throw TreeTrainingError.invalidOption("maxFeatures fraction \(fraction), need (0, 1]")
        }
    }
}
