import Foundation
import IoTData
import Testing
@testable import IoTPrep

@Suite("Balancing: downsampling and SMOTE")
struct BalanceTests {
    /// Scaled training rows of the family task on the real samples (computed once).
    static func familyTrain() throws -> (FeatureMatrix, [Int]) { try cachedFamilyTrain.get() }

    private static let cachedFamilyTrain = Result<(FeatureMatrix, [Int]), any Error> {
        let dataset = try PrepFixtures.samplesDataset()
        let split = try dataset.split(task: .family)
        let train = dataset.features.rows(split.train)
        let classes = split.train.map { LearningTask.family.classIndex(of: dataset.labels[$0]) ?? -1 }
        let (pipeline, _) = try Preparer().fitPipeline(train)
        return (try pipeline.apply(train), classes)
    }

    static func counts(_ classes: [Int], _ classCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for c in classes { counts[c] += 1 }
        return counts
    }

    /// Every synthetic row is exactly `a + u (b − a)` for two real rows of its class, on
    /// the segment, inside the class's bounding box, and `b` is among `a`'s 5 nearest.
    @Test func smoteRowsLieOnSegmentsBetweenRealSameClassRows() throws {
        let (train, classes) = try Self.familyTrain()
        let names = LearningTask.family.classNames
        let options = BalanceOptions(recipe: .uniform(target: 2_500), neighbours: 5, seed: 42, threads: 2)
        let balanced = try Balancer.balance(train, classes: classes, classNames: names, options: options)
        let d = train.columnCount
        #expect(balanced.origins.count == balanced.features.rowCount)
        // Class bounding boxes of the real rows.
        var low = [[Float]](repeating: [Float](repeating: .infinity, count: d), count: names.count)
        var high = [[Float]](repeating: [Float](repeating: -.infinity, count: d), count: names.count)
        for r in 0..<train.rowCount {
            for c in 0..<d {
                low[classes[r]][c] = min(low[classes[r]][c], train[r, c])
                high[classes[r]][c] = max(high[classes[r]][c], train[r, c])
            }
        }
        var synthetic = 0
        for (i, origin) in balanced.origins.enumerated() {
            let c = balanced.classes[i]
            #expect(classes[origin.row] == c)
            guard let b = origin.neighbour else {
                #expect(balanced.features.row(i) == train.row(origin.row), "real rows are copied unchanged")
                continue
            }
            synthetic += 1
            #expect(classes[b] == c, "parents of one class")
            #expect(origin.step >= 0 && origin.step < 1)
            for k in 0..<d {
                let x = train[origin.row, k]
                let y = train[b, k]
                let v = balanced.features[i, k]
                let recomputed = Float(Double(x) + Double(origin.step) * (Double(y) - Double(x)))
                #expect(v == recomputed)
                #expect(v >= min(x, y) && v <= max(x, y))
                #expect(v >= low[c][k] && v <= high[c][k])
            }
        }
        #expect(synthetic == balanced.report.syntheticRows)
        #expect(synthetic > 1000)
        // Neighbour rank: fewer than 5 same-class rows are strictly closer to a than b is.
        var checked = 0
        let members = (0..<names.count).map { c in classes.indices.filter { classes[$0] == c } }
        train.values.withUnsafeBufferPointer { values in
            func distance(_ p: Int, _ q: Int) -> Double {
                var sum = 0.0
                for k in 0..<d {
                    let delta = Double(values[p * d + k]) - Double(values[q * d + k])
                    sum += delta * delta
                }
                return sum
            }
            for (i, origin) in balanced.origins.enumerated() where i % 61 == 0 {
                guard let b = origin.neighbour else { continue }
                let a = origin.row
                let limit = distance(a, b) * (1 - 1e-5) - 1e-9
                let closer = members[classes[a]].filter { $0 != a && distance(a, $0) < limit }.count
                #expect(closer < 5, "row \(a): \(closer) rows closer than its chosen neighbour")
                checked += 1
            }
        }
        #expect(checked > 10)
    }

    @Test func countsMatchTargetsAndCaps() throws {
        let (train, classes) = try Self.familyTrain()
        let names = LearningTask.family.classNames
        let before = Self.counts(classes, names.count)
        let target = 3_000
        let factor = 2
        let options = BalanceOptions(recipe: .uniform(target: target), maxOversampleFactor: factor, threads: 2)
        let balanced = try Balancer.balance(train, classes: classes, classNames: names, options: options)
        let after = Self.counts(balanced.classes, names.count)
        var cappedNames: [String] = []
        for c in 0..<names.count {
            let expected = before[c] >= target ? target : min(target, factor * before[c])
            #expect(after[c] == expected, "\(names[c]): \(before[c]) → \(after[c])")
            let summary = balanced.report.classes[c]
            #expect(summary.before == before[c] && summary.after == after[c])
            #expect(summary.capped == (factor * before[c] < target))
            if summary.capped { cappedNames.append(names[c]) }
        }
        #expect(!cappedNames.isEmpty, "the samples have classes below 1,500 training rows")
        #expect(balanced.report.capped.map(\.name) == cappedNames)
        #expect(balanced.report.capped.allSatisfy { $0.cappedAt < $0.target })
        #expect(balanced.report.warnings.filter { $0.contains("capped at") }.count == cappedNames.count)
    }

    /// The reference study's recipes on the real family and binary training parts.
    @Test func referenceRecipes() throws {
        let (train, classes) = try Self.familyTrain()
        let names = LearningTask.family.classNames
        let family = try Balancer.balance(train, classes: classes, classNames: names,
                                          options: BalanceOptions(recipe: .familyReference, recordProvenance: false))
        #expect(Self.counts(family.classes, 8) == [Int](repeating: 33_800, count: 8))
        #expect(family.origins.isEmpty)
        #expect(family.report.capped.isEmpty)
        let binaryClasses = classes.map { $0 == 0 ? 0 : 1 }
        let binary = try Balancer.balance(train, classes: binaryClasses, classNames: LearningTask.binary.classNames,
                                          options: BalanceOptions(recipe: .binaryReference))
        let smaller = min(binaryClasses.filter { $0 == 0 }.count, binaryClasses.filter { $0 == 1 }.count)
        #expect(Self.counts(binary.classes, 2) == [smaller, smaller])
        #expect(binary.report.syntheticRows == 0)
        #expect(BalanceRecipe.reference(for: .label) == .uniform(target: 84_500))
    }

    @Test func deterministicWhateverTheThreadCount() throws {
        let (train, classes) = try Self.familyTrain()
        let names = LearningTask.family.classNames
        let one = try Balancer.balance(train, classes: classes, classNames: names,
                                       options: BalanceOptions(recipe: .uniform(target: 2_500), threads: 1))
        let four = try Balancer.balance(train, classes: classes, classNames: names,
                                        options: BalanceOptions(recipe: .uniform(target: 2_500), threads: 4))
        #expect(one.features == four.features)
        #expect(one.origins == four.origins)
        let otherSeed = try Balancer.balance(train, classes: classes, classNames: names,
                                             options: BalanceOptions(recipe: .uniform(target: 2_500), seed: 9, threads: 2))
        #expect(otherSeed.features != one.features)
    }

    /// The k-d tree finds exactly the brute-force neighbours (ties to the smaller index),
    /// whatever the thread count.
    @Test func treeSearchEqualsBruteForce() throws {
        let (train, classes) = try Self.familyTrain()
        let members = Array(classes.indices.filter { classes[$0] == 4 }.prefix(700))
        let points = train.rows(members)
        let n = points.rowCount
        let d = points.columnCount
        let queries = Array(stride(from: 0, to: n, by: 3))
        let brute = NearestNeighbours.bruteForce(points: points.values, rows: n, columns: d, queries: queries, k: 5, threads: 1)
        #expect(NearestNeighbours.search(points: points.values, rows: n, columns: d, queries: queries, k: 5, threads: 1) == brute)
        #expect(NearestNeighbours.search(points: points.values, rows: n, columns: d, queries: queries, k: 5, threads: 3) == brute)
        #expect(!brute.contains(-1))
        // Many exact ties: every row repeated 4 times (ties resolved by row index).
        let repeated = points.rows(Array(0..<60).flatMap { [$0, $0, $0, $0] })
        let all = Array(0..<repeated.rowCount)
        let tiedBrute = NearestNeighbours.bruteForce(points: repeated.values, rows: 240, columns: d, queries: all, k: 5, threads: 1)
        #expect(NearestNeighbours.search(points: repeated.values, rows: 240, columns: d, queries: all, k: 5, threads: 2) == tiedBrute)
        #expect(Array(tiedBrute[0..<3]) == [1, 2, 3], "row 0's three copies first")
    }

    /// A class with one row is duplicated, with two rows k falls to 1, with none it stays
    /// empty — each reported, none a crash.
    @Test func tinyClassesFallBackToClearRules() throws {
        let (train, classes) = try Self.familyTrain()
        // Real rows: 1 Benign, 2 DDoS, 40 Recon; no DoS at all.
        func first(_ n: Int, of c: Int) -> [Int] { Array(classes.indices.filter { classes[$0] == c }.prefix(n)) }
        let picked = first(1, of: 0) + first(2, of: 1) + first(40, of: 4)
        let subset = train.rows(picked)
        let subsetClasses = picked.map { classes[$0] }
        let names = LearningTask.family.classNames
        let balanced = try Balancer.balance(subset, classes: subsetClasses, classNames: names,
                                            options: BalanceOptions(recipe: .uniform(target: 30)))
        let after = Self.counts(balanced.classes, names.count)
        #expect(after[0] == 30 && after[1] == 30 && after[4] == 30 && after[2] == 0)
        let benign = balanced.report.classes[0]
        #expect(benign.neighboursUsed == 0 && benign.synthetic == 29)
        #expect(balanced.report.classes[1].neighboursUsed == 1)
        for i in balanced.classes.indices where balanced.classes[i] == 0 {
            #expect(balanced.features.row(i) == subset.row(0), "the single Benign row, duplicated")
        }
        let warnings = balanced.report.warnings.joined(separator: "\n")
        #expect(warnings.contains("Benign has 1 training row; SMOTE cannot interpolate, the row is duplicated 29 time(s)"))
        #expect(warnings.contains("DDoS has 2 training rows; SMOTE uses k = 1 instead of 5"))
        #expect(warnings.contains("DoS has no training row"))
        #expect(throws: PrepError.invalidClass(stage: "balancing", row: 0, value: 9, classCount: 8)) {
            try Balancer.balance(subset.rows([0]), classes: [9], classNames: names, options: BalanceOptions())
        }
        #expect(throws: PrepError.self) {
            try Balancer.balance(subset, classes: subsetClasses, classNames: names, options: BalanceOptions(neighbours: 0))
        }
    }
}
