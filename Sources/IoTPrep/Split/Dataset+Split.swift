import IoTData

extension Dataset {
    /// Rows usable for `task` and their classes: rows without a class in the task
    /// (unlabeled, or family-only labels in the 34-label task) are left out.
    /// O(rows).
    /// - Returns: the dataset row index and class of every usable row, and how many were left out.
    public func taskRows(for task: LearningTask) -> (rows: [Int], classes: [Int], withoutClass: Int) {
        var rows: [Int] = []
        var classes: [Int] = []
        rows.reserveCapacity(rowCount)
        classes.reserveCapacity(rowCount)
        for (row, code) in labels.enumerated() {
            guard let value = task.classIndex(of: code) else { continue }
            rows.append(row)
            classes.append(value)
        }
        return (rows, classes, rowCount - rows.count)
    }

    /// A stratified (by `task` class) or grouped (by source file) split of the rows that
    /// serve `task`, as dataset row indices. Assumes the dataset is deduplicated
    /// (`Dataset.load` is; call `deduplicated()` on data built in memory).
    /// - Throws: `PrepError` as `Splitter` does.
    public func split(task: LearningTask, strategy: SplitStrategy = .stratified, testFraction: Double = 0.2, seed: UInt64 = 42) throws -> SplitIndices {
        let (rows, classes, _) = taskRows(for: task)
        let local: SplitIndices
        switch strategy {
        case .stratified:
            local = try Splitter.stratified(classes: classes, classNames: task.classNames, testFraction: testFraction, seed: seed)
        case .grouped:
            local = try Splitter.grouped(groups: rows.map { Int(sources[$0]) }, groupNames: sourceNames, testFraction: testFraction, seed: seed)
        }
        var result = local
        result.train = local.train.map { rows[$0] }
        result.test = local.test.map { rows[$0] }
        return result
    }
}
