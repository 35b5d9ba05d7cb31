/// The result of a split: row indices on each side (ascending, disjoint, covering every row
/// given to the splitter) and what the caller should know (classes too small to reach the
/// test side, which groups went where).
public struct SplitIndices: Sendable, Equatable, Codable {
    public var train: [Int]
    public var test: [Int]
    /// For a grouped split, the groups on each side (ascending group ids); empty otherwise.
    public var trainGroups: [Int]
    public var testGroups: [Int]
    public var warnings: [String]

    public init(train: [Int], test: [Int], trainGroups: [Int] = [], testGroups: [Int] = [], warnings: [String] = []) {
        self.train = train
        self.test = test
        self.trainGroups = trainGroups
        self.testGroups = testGroups
        self.warnings = warnings
    }
}
