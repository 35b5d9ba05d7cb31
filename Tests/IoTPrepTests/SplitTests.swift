import Foundation
import IoTData
import Testing
@testable import IoTPrep

@Suite("Splits")
struct SplitTests {
    @Test func stratifiedKeepsClassProportionsAndIsSeeded() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let split = try dataset.split(task: .family)
        #expect(Set(split.train).isDisjoint(with: split.test))
        let (rows, classes, withoutClass) = dataset.taskRows(for: .family)
        #expect(withoutClass == 0)
        #expect(split.train.count + split.test.count == rows.count)
        var perClass = [Int: (train: Int, test: Int)]()
        for row in split.train { perClass[LearningTask.family.classIndex(of: dataset.labels[row]) ?? -1, default: (0, 0)].train += 1 }
        for row in split.test { perClass[LearningTask.family.classIndex(of: dataset.labels[row]) ?? -1, default: (0, 0)].test += 1 }
        for (value, counts) in perClass {
            let n = classes.filter { $0 == value }.count
            #expect(counts.test == Int((Double(n) * 0.2).rounded()), "class \(value)")
        }
        #expect(try dataset.split(task: .family) == split, "same seed, same split")
        #expect(try dataset.split(task: .family, seed: 7) != split)
        // Content hashes never cross.
        let trainHashes = Set(split.train.map { dataset.hashes[$0] })
        #expect(split.test.allSatisfy { !trainHashes.contains(dataset.hashes[$0]) })
    }

    @Test func tinyClassesStayInTrainWithAWarning() throws {
        let split = try Splitter.stratified(classes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2], classNames: ["a", "b", "c"])
        #expect(split.test.count == 2 + 0 + 0) // round(10 × 0.2), b: 1 row, c: round(0.4) = 0
        #expect(split.train.contains(10))
        #expect(split.warnings.count == 2)
        #expect(split.warnings.first?.contains("b has 1 row(s); none goes to test") == true)
        #expect(throws: PrepError.invalidOption(name: "testFraction", value: "1.0", reason: "must be strictly between 0 and 1")) {
            try Splitter.stratified(classes: [0, 1], testFraction: 1)
        }
    }

    @Test func groupedSplitNeverSharesAGroup() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let split = try dataset.split(task: .family, strategy: .grouped)
        let trainSources = Set(split.train.map { dataset.sources[$0] })
        let testSources = Set(split.test.map { dataset.sources[$0] })
        #expect(trainSources.isDisjoint(with: testSources))
        #expect(trainSources.count == 1 && testSources.count == 1)
        // The smaller file is closer to 20 % of the rows.
        #expect(dataset.sourceNames[Int(testSources.first ?? 0)].hasSuffix("robotumbel-sample.csv"))
        #expect(throws: PrepError.tooFewGroups(found: 1)) { try Splitter.grouped(groups: [3, 3, 3]) }
        // Many groups: sizes close to the goal, no group on both sides.
        let groups = (0..<1000).map { $0 % 37 }
        let many = try Splitter.grouped(groups: groups, testFraction: 0.3, seed: 1)
        #expect(Set(many.train.map { groups[$0] }).isDisjoint(with: Set(many.test.map { groups[$0] })))
        #expect(abs(Double(many.test.count) / 1000 - 0.3) < 0.03)
    }

    @Test func dedupHelperForDataBuiltInMemory() throws {
        let real = try PrepFixtures.robotumbelDataset()
        // Rebuild in memory with every row twice and placeholder hashes.
        let doubled = Array(0..<real.rowCount) + Array(0..<real.rowCount)
        var copy = real.subset(doubled)
        copy.hashes = [UInt64](repeating: 0, count: copy.rowCount)
        let removed = copy.dedup()
        #expect(removed == real.rowCount)
        #expect(copy.rowCount == real.rowCount)
        #expect(copy.hashes == real.hashes, "hashes recomputed as Dataset.load computes them")
        #expect(real.deduplicated().removed == 0, "Dataset.load output is already deduplicated")
    }
}
