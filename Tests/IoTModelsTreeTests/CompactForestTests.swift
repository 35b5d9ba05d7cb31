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

    /// Batch blocks cover every row exactly once, hold at most `blockRows` rows, are of nearly
    /// equal size, and give each thread a block once there are 1,024 rows per thread.
    @Test(arguments: [1, 2, 4])
    func blocksCoverEveryRowEvenly(threads: Int) {
        let sizes = [0, 1, 7, 100, 512, 1023, 1024, 2047, 2048, 5000, 65535, 65536, 65537, 131_073, 1_000_003]
        for rows in sizes {
            let (count, size) = FlatForest.blockLayout(rows: rows, threads: threads)
            guard rows > 0 else { #expect(count == 0); continue }
            let blocks = (0..<count).map { b in (b * size)..<min(rows, (b + 1) * size) }
            #expect(blocks.map(\.count).reduce(0, +) == rows, "rows \(rows)")
            #expect(blocks.allSatisfy { !$0.isEmpty && $0.count <= FlatForest.blockRows }, "rows \(rows)")
            #expect((blocks.map(\.count).max() ?? 0) - (blocks.map(\.count).min() ?? 0) <= count, "rows \(rows)")
            #expect(count >= min(threads, max(1, rows / 1024)), "rows \(rows) threads \(threads)")
        }
    }

    /// The binning kernel's code is the number of the feature's cuts below the value (a plain
    /// count, the second computation), 255 for NaN, for features of 0 to 254 cuts (every power
    /// of two and its neighbours) and values on, just above and just below every cut, at the
    /// extremes and random ones from the real test rows' range; the last slot is 255.
    @Test func binCodesCountTheCutsBelowTheValue() {
        let counts = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200, 253, 254]
        var generator = SplitMix64(seed: 20_261_124)
        var cuts = [Float](repeating: .infinity, count: counts.count * CompactForest.cutStride)
        var steps = [UInt8](repeating: 0, count: counts.count)
        var lists: [[Float]] = []
        for (f, n) in counts.enumerated() {
            let list = Set((0..<n * 3).map { _ in Float.random(in: -1e6...1e6, using: &generator).rounded() }).sorted().prefix(n)
            #expect(list.count == n)
            for (j, value) in list.enumerated() { cuts[f * CompactForest.cutStride + j] = value }
            steps[f] = CompactForest.searchSteps(cutCount: n)
            lists.append(Array(list))
        }
        var probes: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        for list in lists { for cut in list { probes += [cut, cut.nextUp, cut.nextDown] } }
        probes += (0..<2_000).map { _ in Float.random(in: -1.1e6...1.1e6, using: &generator) }
        let d = counts.count
        var rows: [Float] = []
        for probe in probes { rows += [Float](repeating: probe, count: d) }
        var codes = [UInt8](repeating: 0, count: probes.count * (d + 1))
        rows.withUnsafeBufferPointer { values in
        cuts.withUnsafeBufferPointer { cutBase in
        steps.withUnsafeBufferPointer { stepBase in
        codes.withUnsafeMutableBufferPointer { out in
            CompactForest.bin(rows: values.baseAddress!, count: probes.count, cuts: cutBase.baseAddress!, steps: stepBase.baseAddress!,
                              featureCount: d, into: out.baseAddress!)
        }}}}
        var mismatches = 0
        for (i, probe) in probes.enumerated() {
            if codes[i * (d + 1) + d] != 255 { mismatches += 1 }
            for f in 0..<d {
                let expected = probe.isNaN ? 255 : lists[f].filter { $0 < probe }.count
                if Int(codes[i * (d + 1) + f]) != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
}
