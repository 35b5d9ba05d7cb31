import Foundation

/// How the training part is balanced.
public struct BalanceOptions: Sendable, Codable, Equatable {
    public var recipe: BalanceRecipe
    /// SMOTE's k: neighbours searched per seed row, within its class. A class with
    /// `n ≤ k` rows uses `k = n − 1`; a class with one row is duplicated.
    public var neighbours: Int
    /// The cap: SMOTE takes a class to at most `maxOversampleFactor` × its real rows.
    public var maxOversampleFactor: Int
    public var seed: UInt64
    /// Worker threads for the neighbour search and synthesis (results do not depend on it).
    public var threads: Int
    /// Keep each output row's origin (real row, or SMOTE parents and step).
    public var recordProvenance: Bool

    public init(recipe: BalanceRecipe = .none, neighbours: Int = 5, maxOversampleFactor: Int = 100, seed: UInt64 = 42,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, recordProvenance: Bool = true) {
        self.recipe = recipe
        self.neighbours = neighbours
        self.maxOversampleFactor = maxOversampleFactor
        self.seed = seed
        self.threads = threads
        self.recordProvenance = recordProvenance
    }
}
