import Foundation
import IoTData

extension FlatForest {
    /// Rows scored per block in batch mode. Every tree is walked over all of a block's rows
    /// before the next tree, so a tree's nodes come from memory once per block: with fully
    /// grown trees of ~2.9 MB each (RF-100 on 2 M rows: 36.3 M nodes, 290 MB of compact nodes when
    /// these figures were taken; 146 MB since leaves live in their parents) the block must
    /// be large: the walk's first touches of a tree's nodes are random misses to memory, while a
    /// block's binned rows, leaves and outputs are read in order and stream. In locality order
    /// (`CompactForest.orderRows`) a larger block also puts more alike rows next to each other,
    /// so consecutive walks share more of their paths. Measured on that forest, 2.5 M rows, 2
    /// threads (`iotshield predict --json`, score seconds), on the 2 GHz Xeon in stored order:
    /// 2,048 rows per block 30.1–33.4 s, 16,384 27.5 s, 65,536 18.1 s, 262,144 18.0 s; on the
    /// 2-core AMD EPYC (Zen 5) in locality order, 5 alternating runs: 262,144 median 4.90 s,
    /// 2,097,152 (so 1.25 M-row blocks) 4.11 s, output identical. In flight: about 88 bytes
    /// per block row with 41 features and 8 classes (see `predictCompact`), 176 MiB per thread
    /// at this size.
    static let blockRows = 1 << 21

    /// How batch scoring cuts `rows` into blocks: at most `blockRows` rows each (the type's
    /// `blockRows` unless given), at least one
    /// block per thread while blocks keep 1,024 rows (a smaller batch is scored on one thread),
    /// a multiple of `threads` blocks when there are more blocks than threads, of nearly equal
    /// size (the last at most `count − 1` rows short) so the threads finish together. Block `b`
    /// is rows `b × size ..< min(rows, (b + 1) × size)`.
    static func blockLayout(rows: Int, threads: Int, blockRows: Int = FlatForest.blockRows) -> (count: Int, size: Int) {
        guard rows > 0 else { return (0, 1) }
        let threads = max(1, threads), blockRows = max(1, blockRows)
        var count = max((rows + blockRows - 1) / blockRows, min(threads, max(1, rows / 1024)))
        if count > threads { count = (count + threads - 1) / threads * threads }
        let size = (rows + count - 1) / count
        return ((rows + size - 1) / size, size)
    }

    /// Class probabilities for one row into `probabilities` (`classCount` values). Allocation-
    /// free; O(trees × depth). Identical, bit for bit, to the batch path for the same row.
    ///
    /// Forests of vector leaves (random forest, AdaBoost) walk `lockstepRows` trees at a time
    /// in lockstep for the deepest of their depths, branch-free, so the trees' dependent node
    /// loads (cache misses in a forest larger than the cache) overlap instead of queueing;
    /// leaves are then added in tree order, as in the batch path.
    public func predict(row: UnsafeBufferPointer<Float>, into probabilities: UnsafeMutableBufferPointer<Float>) {
        precondition(row.count >= featureCount && probabilities.count >= classCount, "FlatForest.predict: buffers too small")
        guard let rowBase = row.baseAddress, let out = probabilities.baseAddress else { return }
        if let compact {
            predictCompact(compact, row: rowBase, into: out)
            return
        }
        nodes.withUnsafeBufferPointer { nodes in
        leafValues.withUnsafeBufferPointer { leaves in
        roots.withUnsafeBufferPointer { roots in
        treeClasses.withUnsafeBufferPointer { classes in
        depths.withUnsafeBufferPointer { depths in
            for c in 0..<classCount { out[c] = baseScores[c] }
            let classCount = self.classCount
            var tree = 0
            if vectorLeaves, let nodeBase = nodes.baseAddress, let rootBase = roots.baseAddress, let depthBase = depths.baseAddress {
                while tree + Self.lockstepRows <= roots.count {
                    Self.walkTreesLockstep(roots: rootBase + tree, depths: depthBase + tree, nodes: nodeBase, row: rowBase) { _, offset in
                        Self.accumulate(leaves: leaves.baseAddress, offset: offset, treeClass: -1, classCount: classCount, into: out)
                    }
                    tree += Self.lockstepRows
                }
            }
            while tree < roots.count {
                let offset = Self.leafOffset(root: roots[tree], nodes: nodes.baseAddress, row: rowBase)
                Self.accumulate(leaves: leaves.baseAddress, offset: offset, treeClass: classes[tree], classCount: classCount, into: out)
                tree += 1
            }
            Self.finish(out, classCount: classCount, link: link)
        }}}}}
    }

    /// Class probabilities for every row (row-major, rows × classCount), rows in blocks
    /// (`blockLayout`) on up to `threads` threads; within a block every tree is walked over all
    /// rows before the next tree (the tree stays in cache). Trees with vector leaves (random
    /// forest, AdaBoost) are walked 8 rows at a time in lockstep for the tree's full depth,
    /// which overlaps the dependent node loads; boosted trees (leaf-wise, lopsided: most rows
    /// stop far above the deepest leaf) are walked row by row. Each row adds its trees' leaves
    /// in tree order, exactly as the single-row path. O(rows × trees × depth / threads).
    public func predict(_ features: FeatureMatrix, threads: Int = ParallelWork.defaultThreads) -> [Float] {
        precondition(features.columnCount == featureCount, "FlatForest.predict: \(features.columnCount) columns for \(featureCount) features")
        if let compact { return predictCompact(compact, features: features, threads: threads) }
        let rows = features.rowCount, classCount = self.classCount, columns = featureCount, link = self.link
        let (blocks, blockSize) = Self.blockLayout(rows: rows, threads: threads)
        return [Float](unsafeUninitializedCapacity: rows * classCount) { buffer, initialized in
            let output = UnsafeSendable(buffer)
            features.values.withUnsafeBufferPointer { values in
            nodes.withUnsafeBufferPointer { nodes in
            leafValues.withUnsafeBufferPointer { leaves in
            roots.withUnsafeBufferPointer { roots in
            treeClasses.withUnsafeBufferPointer { classes in
            baseScores.withUnsafeBufferPointer { base in
            depths.withUnsafeBufferPointer { depths in
                let shared = UnsafeSendable((values, nodes, leaves, roots, classes, base, depths))
                ParallelWork.forEach(blocks, threads: threads) { block in
                    let (values, nodes, leaves, roots, classes, base, depths) = shared.value
                    guard let valueBase = values.baseAddress, let outBase = output.value.baseAddress else { return }
                    let first = block * blockSize, last = min(rows, first + blockSize)
                    for row in first..<last {
                        for c in 0..<classCount { outBase[row * classCount + c] = base[c] }
                    }
                    for tree in 0..<roots.count {
                        let root = roots[tree], treeClass = classes[tree]
                        var row = first
                        if treeClass < 0, let nodeBase = nodes.baseAddress {
                            // Forests of vector leaves (random forest, AdaBoost): groups of rows
                            // walk the tree in lockstep for `depth` steps, branch-free (a row at
                            // its leaf stays there), so their node loads overlap.
                            let depth = Int(depths[tree])
                            while row + Self.lockstepRows <= last {
                                Self.walkLockstep(root: root, depth: depth, nodes: nodeBase, rows: valueBase + row * columns, columns: columns) { j, offset in
                                    Self.accumulate(leaves: leaves.baseAddress, offset: offset, treeClass: treeClass, classCount: classCount,
                                                    into: outBase + (row + j) * classCount)
                                }
                                row += Self.lockstepRows
                            }
                        }
                        while row < last {
                            let offset = Self.leafOffset(root: root, nodes: nodes.baseAddress, row: valueBase + row * columns)
                            Self.accumulate(leaves: leaves.baseAddress, offset: offset, treeClass: treeClass, classCount: classCount, into: outBase + row * classCount)
                            row += 1
                        }
                    }
                    for row in first..<last { Self.finish(outBase + row * classCount, classCount: classCount, link: link) }
                }
            }}}}}}}
            initialized = rows * classCount
        }
    }

    /// Rows per lockstep group in batch scoring, trees per lockstep group in single-row scoring.
    static let lockstepRows = 8

    /// Walks trees `roots[0..<lockstepRows]` for one row together, for the deepest of their
    /// `depths`, and reports each tree's leaf offset in tree order. Branch-free: a tree at a
    /// leaf keeps its reference (reading node 0 meanwhile). Same leaves as `leafOffset`.
    @inline(__always)
    static func walkTreesLockstep(roots: UnsafePointer<Int32>, depths: UnsafePointer<Int32>, nodes: UnsafePointer<FlatNode>, row: UnsafePointer<Float>, _ leaf: (Int, Int) -> Void) {
        var r0 = roots[0], r1 = roots[1], r2 = roots[2], r3 = roots[3], r4 = roots[4], r5 = roots[5], r6 = roots[6], r7 = roots[7]
        var depth: Int32 = 0
        for j in 0..<lockstepRows { depth = max(depth, depths[j]) }
        @inline(__always) func step(_ reference: inout Int32) {
            let node = nodes[Int(max(reference, 0))]
            let next = row[Int(node.feature)] <= node.threshold ? node.left : node.right
            reference = reference >= 0 ? next : reference
        }
        for _ in 0..<depth {
            step(&r0); step(&r1); step(&r2); step(&r3)
            step(&r4); step(&r5); step(&r6); step(&r7)
        }
        leaf(0, Int(~r0)); leaf(1, Int(~r1)); leaf(2, Int(~r2)); leaf(3, Int(~r3))
        leaf(4, Int(~r4)); leaf(5, Int(~r5)); leaf(6, Int(~r6)); leaf(7, Int(~r7))
    }

    /// Walks `lockstepRows` consecutive rows (row-major at `rows`) from `root` for `depth`
    /// steps together and reports each row's leaf offset, in row order. Branch-free: a row at
    /// a leaf keeps its reference. Same leaves as `leafOffset`.
    @inline(__always)
    static func walkLockstep(root: Int32, depth: Int, nodes: UnsafePointer<FlatNode>, rows: UnsafePointer<Float>, columns: Int, _ leaf: (Int, Int) -> Void) {
        var r0 = root, r1 = root, r2 = root, r3 = root, r4 = root, r5 = root, r6 = root, r7 = root
        @inline(__always) func step(_ reference: inout Int32, _ row: Int) {
            let node = nodes[Int(max(reference, 0))]
            let next = rows[row * columns + Int(node.feature)] <= node.threshold ? node.left : node.right
            reference = reference >= 0 ? next : reference
        }
        for _ in 0..<depth {
            step(&r0, 0); step(&r1, 1); step(&r2, 2); step(&r3, 3)
            step(&r4, 4); step(&r5, 5); step(&r6, 6); step(&r7, 7)
        }
        leaf(0, Int(~r0)); leaf(1, Int(~r1)); leaf(2, Int(~r2)); leaf(3, Int(~r3))
        leaf(4, Int(~r4)); leaf(5, Int(~r5)); leaf(6, Int(~r6)); leaf(7, Int(~r7))
    }

    /// The leaf value offset reached from `root` by `row`.
    @inline(__always)
    static func leafOffset(root: Int32, nodes: UnsafePointer<FlatNode>?, row: UnsafePointer<Float>) -> Int {
        var reference = root
        while reference >= 0, let nodes {
            let node = nodes[Int(reference)]
            reference = row[Int(node.feature)] <= node.threshold ? node.left : node.right
        }
        return Int(~reference)
    }

    @inline(__always)
    static func accumulate(leaves: UnsafePointer<Float>?, offset: Int, treeClass: Int32, classCount: Int, into scores: UnsafeMutablePointer<Float>) {
        guard let leaves else { return }
        if treeClass < 0 {
            for c in 0..<classCount { scores[c] += leaves[offset + c] }
        } else {
            scores[Int(treeClass)] += leaves[offset]
        }
    }

    /// Turns accumulated scores into probabilities in place (no allocation).
    @inline(__always)
    static func finish(_ scores: UnsafeMutablePointer<Float>, classCount: Int, link: Link) {
        switch link {
        case .average:
            var sum: Float = 0
            for c in 0..<classCount {
                scores[c] = max(0, scores[c])
                sum += scores[c]
            }
            if sum > 0 {
                let inverse = 1 / sum
                for c in 0..<classCount { scores[c] *= inverse }
            } else {
                for c in 0..<classCount { scores[c] = 1 / Float(classCount) }
            }
        case .softmax:
            var top = -Float.infinity
            for c in 0..<classCount { top = max(top, scores[c]) }
            var sum: Float = 0
            for c in 0..<classCount {
                scores[c] = expf(scores[c] - top)
                sum += scores[c]
            }
            let inverse = 1 / sum
            for c in 0..<classCount { scores[c] *= inverse }
        case .sigmoid:
            let p = 1 / (1 + expf(-scores[1]))
            scores[1] = p
            scores[0] = 1 - p
        }
    }
}
