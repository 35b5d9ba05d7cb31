import CTreeWalk
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
    /// coding); for the family task's 8 classes (a row's scores added in one register) and the
    /// binary task's 2 (added one by one).
    @Test(arguments: [8, 2])
    func compactScoringEqualsFloatScoring(classes: Int) throws {
        let split = classes == 8 ? TreeFixtures.family : TreeFixtures.binary
        #expect(split.train.classCount == classes)
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
            // Every leaf appears once: as a root, a right child, a short left child, or behind a relay.
            let (leaves, relays) = Self.leafPositions(compact)
            #expect(compact.nodes.count - relays == forest.nodes.count)
            #expect(leaves.count == forest.nodes.count + forest.treeCount)
            let pure = leaves.filter { CompactForest.leafCode(position: $0) < 0 }.count
            let mixed = leaves.map(CompactForest.leafCode(position:)).filter { $0 >= 0 }
            #expect(mixed.sorted() == Array(0..<Int32(mixed.count)), "each mixed leaf numbered once")
            #expect(compact.leafOffsets.count == max(1, mixed.count))
            switch index {
            case 0: #expect(pure * 2 > leaves.count && relays * 10 < compact.nodes.count, "fully grown: \(pure) of \(leaves.count) leaves pure, \(relays) relays")
            case 1: #expect(pure < leaves.count && pure * 10 < leaves.count * 9, "coarse: \(pure) of \(leaves.count) leaves pure")
            default: #expect(pure == 0 && relays > 0)
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
            // One block of enough rows to be put in locality order before the walks.
            let twice = FeatureMatrix(rowCount: rows.rowCount * 2, columnNames: rows.columnNames, values: values + values)
            #expect(twice.rowCount >= FlatForest.localityMinimumRows && twice.rowCount <= FlatForest.blockRows)
            let ordered = forest.predict(twice, threads: 1)
            #expect(ordered.count == batch.count * 2)
            #expect(zip(ordered, batch + batch).filter { $0.bitPattern != $1.bitPattern }.count == 0)
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

    /// Every kind of leaf position on hand-made forests of vector leaves, 2 features: a tree that
    /// is one leaf, a mixed left leaf behind a relay, pure left leaves held by their parent,
    /// leaves on the right, an internal left child (3 classes); a pure left leaf of class 150,
    /// too large for 16 bits, behind a relay, and no mixed leaf at all (200 classes); trees that
    /// are all leaves. Each scores as the float nodes, bit for bit, on a grid through every
    /// threshold, NaN and ±infinity (`expectScoresAsTheFloatNodes`).
    @Test func everyKindOfLeafPositionScoresAsTheFloatNodes() throws {
        // Leaf values: 0 pure class 0, 3 mixed, 6 pure class 2, 9 mixed, 12 pure class 1.
        let values: [Float] = [0.25, 0, 0, 0.1, 0.05, 0.1, 0, 0, 0.25, 0.2, 0.02, 0.03, 0, 0.25, 0]
        let nodes = [
            // Tree 1: left a mixed leaf (relay), right an internal node with pure leaves.
            FlatNode(feature: 0, threshold: 1.5, left: ~3, right: 1),
            FlatNode(feature: 1, threshold: -2, left: ~0, right: ~6),
            // Tree 2: an internal left child, leaves mixed and pure on both sides.
            FlatNode(feature: 1, threshold: 0.5, left: 3, right: ~9),
            FlatNode(feature: 0, threshold: 1.5, left: ~12, right: ~3),
        ]
        let forest = FlatForest(classCount: 3, featureCount: 2, link: .average, nodes: nodes, roots: [~6, 0, 2],
                                treeClasses: [-1, -1, -1], leafValues: values, baseScores: [0, 0, 0])
        let compact = try Self.expectScoresAsTheFloatNodes(forest)
        let (leaves, relays) = Self.leafPositions(compact)
        #expect(relays == 1 && compact.leafOffsets.sorted() == [3, 3, 9])
        #expect(compact.roots[0] < 0 && compact.topLevels.tops[0] == compact.roots[0] && leaves.count == 7)

        // 200 classes, every leaf pure: class 150 on the left (a relay), 3 on the right, 199 alone.
        var wide = [Float](repeating: 0, count: 600)
        wide[150] = 0.5
        wide[200 + 3] = 0.5
        wide[400 + 199] = 0.5
        let manyClasses = FlatForest(classCount: 200, featureCount: 2, link: .average,
                                     nodes: [FlatNode(feature: 1, threshold: 0.5, left: ~0, right: ~200)], roots: [0, ~400],
                                     treeClasses: [-1, -1], leafValues: wide, baseScores: [Float](repeating: 0, count: 200))
        let wideCompact = try Self.expectScoresAsTheFloatNodes(manyClasses)
        #expect(Self.leafPositions(wideCompact).relays == 1 && wideCompact.nodes.count == 2)
        #expect(wideCompact.leafOffsets == [0], "no mixed leaf: one unused offset")

        // Every tree a leaf: one unused relay.
        let leavesOnly = FlatForest(classCount: 200, featureCount: 2, link: .average, nodes: [], roots: [~0, ~200, ~400],
                                    treeClasses: [-1, -1, -1], leafValues: wide, baseScores: [Float](repeating: 0, count: 200))
        let leafCompact = try Self.expectScoresAsTheFloatNodes(leavesOnly)
        #expect(leafCompact.nodes.count == 1 && leafCompact.roots.allSatisfy { $0 < 0 })
    }

    /// A forest as a hostile model file may describe it, checked only after it is assembled (as
    /// decoding does): no classes, one leaf-only tree, no leaf values. Building its scoring form
    /// must not trap, and validation rejects it.
    @Test func aForestWithoutClassesIsRejectedWithoutTrapping() {
        let forest = FlatForest(classCount: 0, featureCount: 1, link: .average, nodes: [], roots: [~0],
                                treeClasses: [], leafValues: [], baseScores: [])
        #expect(throws: ModelCodingError.self) { try forest.validate() }
    }

    /// Checks `forest` (2 features) on a grid through its thresholds, NaN and ±infinity: batch
    /// scoring in locality order on 2 threads, from the roots, and in stored order, and
    /// row-by-row scoring equal the float nodes bit for bit; the top blocks (AVX-512 and
    /// portable) lead each row where the walk goes (`expectTopStartsFollowTheWalk`).
    static func expectScoresAsTheFloatNodes(_ forest: FlatForest) throws -> CompactForest {
        try forest.validate()
        let compact = try #require(forest.compact)
        let classes = forest.classCount
        var grid: [Float] = [-.infinity, -3, .infinity, .nan]
        for node in forest.nodes { grid += [node.threshold, node.threshold.nextDown, node.threshold.nextUp] }
        var rows: [Float] = []
        for a in grid { for b in grid { rows += [a, b] } }
        let few = FeatureMatrix(rowCount: rows.count / 2, columnNames: ["a", "b"], values: rows)
        while rows.count / 2 < FlatForest.localityMinimumRows { rows += rows }
        let matrix = FeatureMatrix(rowCount: rows.count / 2, columnNames: ["a", "b"], values: rows)
        let plain = forest.withoutCompact().predict(matrix, threads: 1).map(\.bitPattern)
        #expect(forest.predict(matrix, threads: 2).map(\.bitPattern) == plain)
        #expect(forest.predictCompact(compact, features: matrix, threads: 1, topLevels: false).map(\.bitPattern) == plain)
        #expect(forest.predict(few, threads: 1).map(\.bitPattern) == Array(plain.prefix(few.rowCount * classes)))
        var one = [Float](repeating: 0, count: classes)
        var mismatches = 0
        rows.withUnsafeBufferPointer { all in
            for row in 0..<few.rowCount {
                one.withUnsafeMutableBufferPointer { forest.predict(row: UnsafeBufferPointer(rebasing: all[(row * 2)..<(row * 2 + 2)]), into: $0) }
                if one.map(\.bitPattern) != Array(plain[(row * classes)..<((row + 1) * classes)]) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
        _ = expectTopStartsFollowTheWalk(compact, values: few.values, count: few.rowCount)
        return compact
    }

    /// Bins `count` rows of `values` with `compact`'s cuts and checks, tree by tree, that the
    /// top blocks (AVX-512 where this CPU has it, and one position at a time) lead every row
    /// where walking the nodes for 6 levels leads it (or to its leaf, if that is higher; a
    /// relay counts as its leaf, as the blocks put it). Returns the positions per tree.
    static func expectTopStartsFollowTheWalk(_ compact: CompactForest, values: [Float], count: Int) -> [[Int32]] {
        let top = compact.topLevels
        #expect(top.tops.count == compact.roots.count && top.blocks.count <= 9 * 64 * compact.roots.count)
        let width = compact.codeStride
        var codes = [UInt8](repeating: 255, count: count * width + FlatForest.codePadding)
        values.withUnsafeBufferPointer { values in
        compact.cuts.withUnsafeBufferPointer { cuts in
        compact.cutSteps.withUnsafeBufferPointer { steps in
        codes.withUnsafeMutableBufferPointer { out in
            CompactForest.bin(rows: values.baseAddress!, count: count, cuts: cuts.baseAddress!, steps: steps.baseAddress!,
                              featureCount: compact.featureCount, into: out.baseAddress!)
        }}}}
        var all: [[Int32]] = []
        for (tree, root) in compact.roots.enumerated() {
            var expected = [Int32](repeating: 0, count: count)
            for row in 0..<count {
                var at = root
                for _ in 0..<6 where at >= 0 {
                    let node = compact.nodes[Int(at)]
                    at = codes[row * width + Int(node.feature)] > node.bin ? node.right : node.leftPosition(at: at)
                    if at >= 0, Int(compact.nodes[Int(at)].feature) == compact.featureCount { at = compact.nodes[Int(at)].right }
                }
                expected[row] = at
            }
            var fast = [Int32](repeating: -1, count: count), portable = fast
            codes.withUnsafeBufferPointer { rows in
            top.blocks.withUnsafeBufferPointer { blocks in
                // No blocks at all when every tree is a leaf: any pointer will do, none is read.
                let base = blocks.baseAddress ?? rows.baseAddress!
                CompactForest.topStarts(blocks: base, top: top.tops[tree], count: count, codes: rows.baseAddress!,
                                        codeStride: width, starts: &fast)
                UnsafeRawPointer(base).withMemoryRebound(to: iot_top_block.self, capacity: 1) {
                    iot_top_starts_portable($0, top.tops[tree], count, rows.baseAddress!, width, &portable)
                }
            }}
            #expect(fast == expected, "tree \(tree)")
            #expect(portable == expected, "tree \(tree)")
            all.append(expected)
        }
        return all
    }

    /// The positions of every leaf of `compact` (roots that are leaves, right children, short
    /// left children and relays' leaves) and the number of relays.
    static func leafPositions(_ compact: CompactForest) -> (leaves: [Int32], relays: Int) {
        var leaves = compact.roots.filter { $0 < 0 }, relays = 0
        for node in compact.nodes {
            if Int(node.feature) == compact.featureCount {
                #expect(node.bin == CompactForest.relayBin && node.left == 0 && node.right < 0)
                relays += 1
            } else if node.left != 0 {
                leaves.append(Int32(node.left))
            }
            if node.right < 0 { leaves.append(node.right) }
        }
        return (leaves, relays)
    }

    /// Locality order is a permutation of the rows, copies each row's codes whole to its new
    /// place, and sorts the rows by their interleaved key (so rows equal on the key features
    /// are adjacent), keeping equal keys in their original order; on the real test rows binned
    /// by a real forest.
    @Test func localityOrderIsAStableSortOfTheRows() throws {
        var options = RandomForestOptions()
        options.trees = 4
        let split = TreeFixtures.family
        let compact = try #require(try RandomForestClassifier.fit(split.train, options: options).forest.compact)
        #expect(!compact.localityFeatures.isEmpty && compact.localityFeatures.count <= CompactForest.localityFeatureCount)
        let d = compact.featureCount, width = compact.codeStride, count = split.test.rowCount
        var codes = [UInt8](repeating: 0, count: count * width)
        split.test.features.values.withUnsafeBufferPointer { values in
        compact.cuts.withUnsafeBufferPointer { cuts in
        compact.cutSteps.withUnsafeBufferPointer { steps in
        codes.withUnsafeMutableBufferPointer { out in
            CompactForest.bin(rows: values.baseAddress!, count: count, cuts: cuts.baseAddress!, steps: steps.baseAddress!,
                              featureCount: d, into: out.baseAddress!)
        }}}}
        var sorted = [UInt8](repeating: 0, count: count * width)
        var order = [UInt32](repeating: 0, count: count)
        var keys = [UInt64](repeating: 0, count: count), scratch = [UInt32](repeating: 0, count: count)
        codes.withUnsafeBufferPointer { source in
            compact.orderRows(source.baseAddress!, count: count, keys: &keys, scratch: &scratch, order: &order, into: &sorted)
        }
        #expect(Set(order).count == count && order.allSatisfy { Int($0) < count })
        var copied = 0
        for j in 0..<count where sorted[(j * width)..<((j + 1) * width)] == codes[(Int(order[j]) * width)..<((Int(order[j]) + 1) * width)] {
            copied += 1
        }
        #expect(copied == count)
        // The key computed a second way: bits interleaved high to low, features in key order.
        let features = compact.localityFeatures.map(Int.init)
        func key(_ row: Int) -> UInt64 {
            var key: UInt64 = 0
            for bit in stride(from: 7, through: 0, by: -1) {
                for f in features { key = key << 1 | UInt64((codes[row * width + f] >> UInt8(bit)) & 1) }
            }
            return key
        }
        var outOfOrder = 0
        for j in 1..<count {
            let (a, b) = (Int(order[j - 1]), Int(order[j]))
            if key(a) > key(b) || (key(a) == key(b) && a > b) { outOfOrder += 1 }
        }
        #expect(outOfOrder == 0)
        #expect(Set((0..<count).map(key)).count > 1)
    }

    /// The top blocks lead every row where walking the nodes for 6 levels leads it
    /// (`expectTopStartsFollowTheWalk`), on the real test rows binned by a real forest and by
    /// boosting (every leaf mixed: relays in the blocks).
    @Test func topBlocksLeadWhereTheWalkGoes() throws {
        var options = RandomForestOptions()
        options.trees = 5
        let split = TreeFixtures.family
        let forest = try #require(try RandomForestClassifier.fit(split.train, options: options).forest.compact)
        for (tree, positions) in Self.expectTopStartsFollowTheWalk(forest, values: split.test.features.values, count: split.test.rowCount).enumerated() {
            #expect(Set(positions).count > 8, "tree \(tree): rows spread over the depth-6 nodes")
        }
        var boostingOptions = GradientBoostingOptions()
        boostingOptions.rounds = 2
        let boosting = try #require(try GradientBoostingClassifier.fit(split.train, options: boostingOptions).forest.compact)
        #expect(Self.leafPositions(boosting).relays > 0)
        let positions = Self.expectTopStartsFollowTheWalk(boosting, values: split.test.features.values, count: split.test.rowCount)
        #expect(positions.joined().contains { $0 < 0 }, "some rows reach a leaf within the blocks")
    }

    /// Batch scoring with the top blocks equals scoring from the roots, bit for bit, over blocks
    /// of several chunks (the last one partial), for a forest of fully grown trees (a tree count
    /// that is no multiple of `treesPerPass`) and boosting (one class per tree).
    @Test func topBlocksScoreAsTheRootsDo() throws {
        let forests = try Self.forestAndBoosting(trees: FlatForest.treesPerPass + 3, rounds: 3)
        let many = Self.testRows(repeatedTo: FlatForest.chunkRows * 2 + 1_000)
        #expect(many.rowCount > 2 * FlatForest.chunkRows && many.rowCount % FlatForest.chunkRows != 0)
        #expect(forests[0].treeCount % FlatForest.treesPerPass != 0)
        for forest in forests {
            let compact = try #require(forest.compact)
            let withTop = forest.predictCompact(compact, features: many, threads: 1, topLevels: true)
            let fromRoots = forest.predictCompact(compact, features: many, threads: 1, topLevels: false)
            #expect(withTop.count == many.rowCount * forest.classCount)
            #expect(zip(withTop, fromRoots).filter { $0.bitPattern != $1.bitPattern }.isEmpty)
            #expect(withTop.map(\.bitPattern) == forest.withoutCompact().predict(many, threads: 1).map(\.bitPattern))
        }
    }

    /// Scoring on 2 or 3 threads, which share each wave's work (`ScoringSchedule`: a thread
    /// done with its own block scores items of the others'), equals one thread's scores bit
    /// for bit, for a forest and boosting: blocks of several chunks (the last partial) in
    /// locality order, in one wave and, with smaller blocks, in several waves.
    @Test func threadsSharingBlocksScoreAsOneThreadDoes() throws {
        let forests = try Self.forestAndBoosting(trees: FlatForest.treesPerPass * 2 + 1, rounds: 2)
        let many = Self.testRows(repeatedTo: 3 * 2 * FlatForest.chunkRows + 1_234)
        for forest in forests {
            let compact = try #require(forest.compact)
            let one = forest.predictCompact(compact, features: many, threads: 1).map(\.bitPattern)
            #expect(one.count == many.rowCount * forest.classCount)
            for threads in [2, 3] {
                let (blocks, size) = FlatForest.blockLayout(rows: many.rowCount, threads: threads)
                #expect(blocks == threads && size > 2 * FlatForest.chunkRows)
                #expect(forest.predictCompact(compact, features: many, threads: threads).map(\.bitPattern) == one, "\(threads) threads")
                let small = FlatForest.localityMinimumRows + 1_000
                let (waves, _) = FlatForest.blockLayout(rows: many.rowCount, threads: threads, blockRows: small)
                #expect(waves > 2 * threads, "\(waves) blocks")
                #expect(forest.predictCompact(compact, features: many, threads: threads, blockRows: small).map(\.bitPattern) == one,
                        "\(threads) threads, \(waves) blocks")
            }
        }
    }

    /// A random forest of `trees` fully grown trees and a boosting of `rounds` rounds (one
    /// class per tree), both fitted on the real family rows.
    static func forestAndBoosting(trees: Int, rounds: Int) throws -> [FlatForest] {
        let split = TreeFixtures.family
        var forestOptions = RandomForestOptions()
        forestOptions.trees = trees
        var boostingOptions = GradientBoostingOptions()
        boostingOptions.rounds = rounds
        return [
            try RandomForestClassifier.fit(split.train, options: forestOptions).forest,
            try GradientBoostingClassifier.fit(split.train, options: boostingOptions).forest,
        ]
    }

    /// The real family test rows, repeated to at least `count` rows.
    static func testRows(repeatedTo count: Int) -> FeatureMatrix {
        let rows = TreeFixtures.family.test.features
        var values: [Float] = []
        while values.count < count * rows.columnCount { values += rows.values }
        return FeatureMatrix(rowCount: values.count / rows.columnCount, columnNames: rows.columnNames, values: values)
    }

    /// Batch blocks cover every row exactly once, hold at most `blockRows` rows, are of nearly
    /// equal size, give each thread a block once there are 1,024 rows per thread, and come in
    /// a multiple of the thread count when there are more blocks than threads.
    @Test(arguments: [1, 2, 3, 4])
    func blocksCoverEveryRowEvenly(threads: Int) {
        let sizes = [0, 1, 7, 100, 512, 1023, 1024, 2047, 2048, 5000, 65535, 65536, 65537, 131_073, 1_000_003, 2_097_153, 5_000_000, 9_000_001, 46_700_000]
        for rows in sizes {
            let (count, size) = FlatForest.blockLayout(rows: rows, threads: threads)
            guard rows > 0 else { #expect(count == 0); continue }
            let blocks = (0..<count).map { b in (b * size)..<min(rows, (b + 1) * size) }
            #expect(blocks.map(\.count).reduce(0, +) == rows, "rows \(rows)")
            #expect(blocks.allSatisfy { !$0.isEmpty && $0.count <= FlatForest.blockRows }, "rows \(rows)")
            #expect((blocks.map(\.count).max() ?? 0) - (blocks.map(\.count).min() ?? 0) <= count, "rows \(rows)")
            #expect(count >= min(threads, max(1, rows / 1024)), "rows \(rows) threads \(threads)")
            #expect(count <= threads || count % threads == 0, "rows \(rows) threads \(threads): \(count) blocks")
        }
    }

    /// The binning kernel's code is the number of the feature's cuts below the value (a plain
    /// count, the second computation), 255 for NaN, for features of 0 to 254 cuts (every power
    /// of two and its neighbours) and values on, just above and just below every cut, at the
    /// extremes and random ones from the real test rows' range; the last slot is 255. Both
    /// kernels: the one scoring uses (AVX-512 where the CPU has it) and the portable one.
    @Test(arguments: [false, true])
    func binCodesCountTheCutsBelowTheValue(portable: Bool) {
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
            if portable {
                iot_bin_rows_portable(values.baseAddress!, probes.count, d, cutBase.baseAddress!, CompactForest.cutStride,
                                      stepBase.baseAddress!, out.baseAddress!, d + 1)
            } else {
                CompactForest.bin(rows: values.baseAddress!, count: probes.count, cuts: cutBase.baseAddress!, steps: stepBase.baseAddress!,
                                  featureCount: d, into: out.baseAddress!)
            }
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
