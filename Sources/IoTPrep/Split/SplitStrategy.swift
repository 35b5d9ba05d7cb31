/// How rows are divided between training and test.
public enum SplitStrategy: String, Sendable, Codable, CaseIterable {
    /// Per class, a seeded random `testFraction` of the rows goes to test.
    case stratified
    /// Whole groups (by default the source file, `Dataset.sources`) go to one side, so no
    /// group is on both sides; class proportions are not preserved.
    case grouped
}
