import IoTData

/// What preparation did, for people and for the experiment log (Codable).
public struct PreparationReport: Sendable, Codable, Equatable {
    public struct SplitSummary: Sendable, Codable, Equatable {
        public var strategy: SplitStrategy
        public var testFraction: Double
        public var validationFraction: Double
        public var trainRows: Int
        public var validationRows: Int
        public var testRows: Int
        /// Grouped split: source files on each side.
        public var trainGroups: [String]
        public var testGroups: [String]
    }

    public struct ClassRows: Sendable, Codable, Equatable {
        public var name: String
        public var train: Int
        public var validation: Int
        public var test: Int
        /// Training rows after balancing.
        public var trainBalanced: Int
    }

    /// `true` when `IAT` was kept: every number built on this preparation shows leakage,
    /// not detection skill.
    public var leakageDemonstration: Bool
    public var task: LearningTask
    public var seed: UInt64
    public var options: PreparationOptions
    /// Rows given to `prepare`.
    public var rowsIn: Int
    /// Exact duplicates removed before splitting (0 for `Dataset.load` output).
    public var duplicatesRemoved: Int
    /// Rows with no class in the task (unlabeled; family-only labels in the 34-label task).
    public var rowsWithoutClass: Int
    public var split: SplitSummary
    public var classes: [ClassRows]
    public var balance: BalanceReport
    /// Every column removed (leakage, variance, correlation), with the reason.
    public var droppedColumns: [DroppedColumn]
    public var inputColumns: [String]
    public var outputColumns: [String]
    public var oneHot: [FittedOneHotEncoder.Encoding]
    /// Test rows whose content hash is also a training row's (must be 0 after dedup).
    public var testRowsInTraining: Int
    public var warnings: [String]
}
