import IoTData

/// Seeded train/test splits over row indices.
///
/// Both splits assume the rows are already deduplicated (see `Dataset.deduplicated()`):
/// an exact duplicate on both sides would put a test row into training.
public enum Splitter {
    /// Stratified split: for each class, its rows (in index order) are shuffled with a
    /// stream of `seed` named after the class, and the first `round(n × testFraction)` go
    /// to test — capped at `n − 1` so every class with rows keeps at least one training row.
    /// A class too small to send any row to test is named in `warnings`.
    ///
    /// Deterministic for a given (classes, fraction, seed). O(rows).
    /// - Parameters:
    ///   - classes: the class of every row (`0..<classCount`; filter rows without a class first).
    ///   - classNames: names for the warnings (default: the class numbers).
    /// - Throws: `PrepError.invalidOption` for a fraction outside (0, 1), `.invalidClass`
    ///   for a negative class.
    public static func stratified(classes: [Int], classNames: [String] = [], testFraction: Double = 0.2, seed: UInt64 = 42) throws -> SplitIndices {
        try checkFraction(testFraction, name: "testFraction")
        var byClass: [[Int]] = []
        for (row, value) in classes.enumerated() {
            guard value >= 0 else { throw PrepError.invalidClass(stage: "stratified split", row: row, value: value, classCount: max(classNames.count, 1)) }
            if value >= byClass.count { byClass.append(contentsOf: Array(repeating: [], count: value + 1 - byClass.count)) }
            byClass[value].append(row)
        }
        var train: [Int] = []
        var test: [Int] = []
        var warnings: [String] = []
        train.reserveCapacity(classes.count)
        for (value, rows) in byClass.enumerated() where !rows.isEmpty {
            var shuffled = rows
            var generator = SplitMix64.stream(seed: seed, salt: "split.stratified", index: UInt64(value))
            generator.shuffle(&shuffled)
            let wanted = Int((Double(rows.count) * testFraction).rounded())
            let testCount = min(wanted, rows.count - 1)
            if testCount == 0 {
                let name = value < classNames.count ? classNames[value] : "class \(value)"
                warnings.append("stratified split: \(name) has \(rows.count) row(s); none goes to test")
            }
            test.append(contentsOf: shuffled[0..<testCount])
            train.append(contentsOf: shuffled[testCount...])
        }
        return SplitIndices(train: train.sorted(), test: test.sorted(), warnings: warnings)
    }

    /// Grouped split: no group has rows on both sides. Groups are shuffled with `seed`, then
    /// taken in that order into test whenever adding one brings the test size closer to
    /// `testFraction × rows` (at least one group goes to test, at least one stays in train).
    ///
    /// O(rows + groups log groups).
    /// - Parameters:
    ///   - groups: the group of every row (for `Dataset`, `sources`: one group per file).
    ///   - groupNames: names for the warnings, indexed by group id.
    /// - Throws: `PrepError.tooFewGroups` with fewer than two groups, `.invalidOption` for a
    ///   fraction outside (0, 1).
    public static func grouped(groups: [Int], groupNames: [String] = [], testFraction: Double = 0.2, seed: UInt64 = 42) throws -> SplitIndices {
        try checkFraction(testFraction, name: "testFraction")
        var sizes: [Int: Int] = [:]
        for group in groups { sizes[group, default: 0] += 1 }
        guard sizes.count >= 2 else { throw PrepError.tooFewGroups(found: sizes.count) }
        var order = sizes.keys.sorted()
        var generator = SplitMix64.stream(seed: seed, salt: "split.grouped", index: 0)
        generator.shuffle(&order)
        let goal = testFraction * Double(groups.count)
        var testGroups = Set<Int>()
        var testRows = 0
        for group in order where testGroups.count < order.count - 1 {
            let size = sizes[group] ?? 0
            if abs(Double(testRows + size) - goal) < abs(Double(testRows) - goal) {
                testGroups.insert(group)
                testRows += size
            }
        }
        var warnings: [String] = []
        if testGroups.isEmpty {
            // Every group alone overshoots the goal by more than it helps: take the smallest.
            let smallest = order.min { (sizes[$0] ?? 0, $0) < (sizes[$1] ?? 0, $1) } ?? order[0]
            testGroups.insert(smallest)
            testRows = sizes[smallest] ?? 0
        }
        let fraction = Double(testRows) / Double(groups.count)
        if abs(fraction - testFraction) > 0.05 {
            let name: (Int) -> String = { $0 >= 0 && $0 < groupNames.count ? groupNames[$0] : "group \($0)" }
            warnings.append("grouped split: test holds \(testRows) of \(groups.count) rows (\(percent(fraction))), not \(percent(testFraction)) — the groups are too coarse (test: \(testGroups.sorted().map(name).joined(separator: ", ")))")
        }
        var train: [Int] = []
        var test: [Int] = []
        for (row, group) in groups.enumerated() {
            if testGroups.contains(group) { test.append(row) } else { train.append(row) }
        }
        return SplitIndices(train: train, test: test, trainGroups: order.filter { !testGroups.contains($0) }.sorted(),
                            testGroups: testGroups.sorted(), warnings: warnings)
    }

    static func checkFraction(_ value: Double, name: String) throws {
        guard value.isFinite, value > 0, value < 1 else {
            throw PrepError.invalidOption(name: name, value: "\(value)", reason: "must be strictly between 0 and 1")
        }
    }

    static func percent(_ value: Double) -> String {
        let tenths = (value * 1000).rounded() / 10
        return "\(tenths) %"
    }
}
