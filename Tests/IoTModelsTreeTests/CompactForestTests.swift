import Foundation
import IoTData
import Testing
@testable import IoTModels

/// The byte-comparing scoring form must give exactly the float nodes' results.
@Suite("Compact scoring form")
struct CompactForestTests {
    /// Test rows plus rows of NaN, ±infinity and values equal to split thresholds (the edge
    /// of every "value <= threshold" test): batch and single-row scores of the compact form are
    /// bit-identical to the float nodes', for a forest of fully grown trees (vector leaves,
    /// mostly pure: scored from the node itself), one with leaves of at least 20 rows (many
    /// mixed leaves, scored from the leaf values) and boosting (one class per tree, no pure
    /// coding).
    @Test func compactScoringEqualsFloatScoring() throws {
        let split = TreeFixtures.family
        var forestOptions = RandomForestOptions()
        forestOptions.trees = 12
        var coarseOptions = forestOptions
        coarseOptions.minSamplesLeaf = 20
        var boostingOptions = GradientBoostingOptions()
        boostingOptions.rounds = 4
        let forests = [
            try RandomForestClassifier.fit(split.train, options: forestOptions).forest,
            try RandomForestClassifier.fit(split.train, options: coarseOptions).forest,
            try GradientBoostingClassifier.fit(split.train, options: boostingOptions).forest,
        ]
        for (index, forest) in forests.enumerated() {
            let compact = try #require(forest.compact)
            #expect(compact.nodes.count == forest.nodes.count * 2 + forest.treeCount)
            let leaves = compact.nodes.enumerated().filter { $0.element.right == Int32($0.offset) }
            let pure = leaves.filter { $0.element.pureClass != CompactForest.Node.mixed }.count
            switch index {
            case 0: #expect(pure * 2 > leaves.count, "fully grown: \(pure) of \(leaves.count) leaves pure")
            case 1: #expect(pure < leaves.count && pure * 10 < leaves.count * 9, "coarse: \(pure) of \(leaves.count) leaves pure")
            default: #expect(pure == 0)
            }
            let plain = forest.withoutCompact()
            #expect(plain.compact == nil)
            let d = forest.featureCount
            var values = split.test.features.values
            values += [Float](repeating: .nan, count: d) + [Float](repeating: .infinity, count: d) + [Float](repeating: -.infinity, count: d)
            for node in forest.nodes.prefix(200) {
                values += [Float](repeating: node.threshold, count: d)
                values += [Float](repeating: node.threshold.nextUp, count: d)
            }
            let rows = FeatureMatrix(rowCount: values.count / d, columnNames: split.test.features.columnNames, values: values)
            let batch = forest.predict(rows, threads: 2)
            #expect(batch.map(\.bitPattern) == plain.predict(rows, threads: 2).map(\.bitPattern))
            var one = [Float](repeating: 0, count: forest.classCount)
            var reference = [Float](repeating: 0, count: forest.classCount)
            var mismatches = 0
            values.withUnsafeBufferPointer { all in
                for row in 0..<rows.rowCount {
                    let input = UnsafeBufferPointer(rebasing: all[(row * d)..<((row + 1) * d)])
                    one.withUnsafeMutableBufferPointer { forest.predict(row: input, into: $0) }
                    reference.withUnsafeMutableBufferPointer { plain.predict(row: input, into: $0) }
                    let fromBatch = batch[(row * forest.classCount)..<((row + 1) * forest.classCount)].map(\.bitPattern)
                    if one.map(\.bitPattern) != reference.map(\.bitPattern) || fromBatch != one.map(\.bitPattern) { mismatches += 1 }
                }
            }
            #expect(mismatches == 0)
        }
    }
}
