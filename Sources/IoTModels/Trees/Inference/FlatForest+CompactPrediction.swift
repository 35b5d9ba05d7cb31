import IoTData

extension FlatForest {
    /// Single-row scoring on the compact form: bins the row once into a stack buffer (no heap
    /// allocation), then walks trees over 8-byte nodes comparing bytes — vector-leaf forests 8
    /// trees at a time in lockstep until all 8 reach their leaves (their cache misses
    /// overlap), boosted trees one at a time until their leaf. Leaves are added in tree order,
    /// so the result is bit-identical to the float path and to the batch path. O(features × 9
    /// + trees × depth).
    func predictCompact(_ compact: CompactForest, row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let classCount = self.classCount, featureCount = self.featureCount, vectorLeaves = self.vectorLeaves
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: compact.codeStride) { codeBuffer in
            guard let codes = codeBuffer.baseAddress else { return }
            withCompactPointers(compact) { p in
                let (cutBase, nodeBase, offsetBase, rootBase, depthBase, leafBase) = (p.cuts, p.nodes, p.offsets, p.roots, p.depths, p.leaves)
                let treeCount = p.treeCount
                CompactForest.bin(row: row, cuts: cutBase, featureCount: featureCount, into: codes)
                for c in 0..<classCount { out[c] = p.base[c] }
                var tree = 0
                if vectorLeaves {
                    while tree + Self.lockstepRows <= treeCount {
                        let r = rootBase + tree
                        var r0 = r[0], r1 = r[1], r2 = r[2], r3 = r[3], r4 = r[4], r5 = r[5], r6 = r[6], r7 = r[7]
                        var depth: Int32 = 0
                        for j in 0..<Self.lockstepRows { depth = max(depth, depthBase[tree + j]) }
                        var remaining = Int(depth)
                        while remaining > 0 {
                            for _ in 0..<min(remaining, CompactForest.stepsBetweenLeafChecks) {
                                r0 = CompactForest.step(r0, nodes: nodeBase, codes: codes)
                                r1 = CompactForest.step(r1, nodes: nodeBase, codes: codes)
                                r2 = CompactForest.step(r2, nodes: nodeBase, codes: codes)
                                r3 = CompactForest.step(r3, nodes: nodeBase, codes: codes)
                                r4 = CompactForest.step(r4, nodes: nodeBase, codes: codes)
                                r5 = CompactForest.step(r5, nodes: nodeBase, codes: codes)
                                r6 = CompactForest.step(r6, nodes: nodeBase, codes: codes)
                                r7 = CompactForest.step(r7, nodes: nodeBase, codes: codes)
                            }
                            remaining -= CompactForest.stepsBetweenLeafChecks
                            if remaining > 0, CompactForest.allLeaves(r0, r1, r2, r3, r4, r5, r6, r7, nodes: nodeBase) { break }
                        }
                        // Tree order, unrolled (an array literal here would allocate).
                        CompactForest.addVectorLeaf(r0, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r1, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r2, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r3, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r4, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r5, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r6, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        CompactForest.addVectorLeaf(r7, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                        tree += Self.lockstepRows
                    }
                }
                while tree < treeCount {
                    let leaf = Self.compactLeaf(root: rootBase[tree], nodes: nodeBase, codes: codes)
                    Self.accumulate(leaves: leafBase, offset: Int(offsetBase[Int(leaf)]), treeClass: p.classes[tree], classCount: classCount, into: out)
                    tree += 1
                }
                Self.finish(out, classCount: classCount, link: link)
            }
        }
    }

    /// Batch scoring on the compact form: per block of `blockRows` rows (on up to `threads`
    /// threads), the rows are binned once (block × (features + 1) bytes), then each tree is
    /// walked over every row of the block before the next tree — vector-leaf trees 8 rows at a
    /// time in lockstep for the tree's depth, boosted trees row by row to the leaf. Leaves are
    /// added in tree order per row: bit-identical to single-row scoring.
    /// O(rows × (features × 9 + trees × depth) / threads).
    func predictCompact(_ compact: CompactForest, features: FeatureMatrix, threads: Int) -> [Float] {
        let rows = features.rowCount, classCount = self.classCount, columns = featureCount, link = self.link
        let stride = compact.codeStride
        let blocks = (rows + Self.blockRows - 1) / Self.blockRows
        return [Float](unsafeUninitializedCapacity: rows * classCount) { buffer, initialized in
            let output = UnsafeSendable(buffer)
            features.values.withUnsafeBufferPointer { values in
            withCompactPointers(compact) { p in
                let shared = UnsafeSendable((values, p))
                ParallelWork.forEach(blocks, threads: threads) { block in
                    let (values, p) = shared.value
                    let (cutBase, nodeBase, offsetBase, leafBase, base, roots, depths, classes) = (p.cuts, p.nodes, p.offsets, p.leaves, p.base, p.roots, p.depths, p.classes)
                    guard let valueBase = values.baseAddress, let outBase = output.value.baseAddress else { return }
                    let first = block * Self.blockRows, last = min(rows, first + Self.blockRows), count = last - first
                    let codes = UnsafeMutablePointer<UInt8>.allocate(capacity: count * stride)
                    defer { codes.deallocate() }
                    for i in 0..<count {
                        CompactForest.bin(row: valueBase + (first + i) * columns, cuts: cutBase, featureCount: columns, into: codes + i * stride)
                        for c in 0..<classCount { outBase[(first + i) * classCount + c] = base[c] }
                    }
                    for tree in 0..<p.treeCount {
                        let root = roots[tree], treeClass = classes[tree]
                        var i = 0
                        if treeClass < 0 {
                            let depth = Int(depths[tree])
                            while i + Self.lockstepRows <= count {
                                let c = codes + i * stride
                                var r0 = root, r1 = root, r2 = root, r3 = root, r4 = root, r5 = root, r6 = root, r7 = root
                                var remaining = depth
                                while remaining > 0 {
                                    for _ in 0..<min(remaining, CompactForest.stepsBetweenLeafChecks) {
                                        r0 = CompactForest.step(r0, nodes: nodeBase, codes: c)
                                        r1 = CompactForest.step(r1, nodes: nodeBase, codes: c + stride)
                                        r2 = CompactForest.step(r2, nodes: nodeBase, codes: c + 2 * stride)
                                        r3 = CompactForest.step(r3, nodes: nodeBase, codes: c + 3 * stride)
                                        r4 = CompactForest.step(r4, nodes: nodeBase, codes: c + 4 * stride)
                                        r5 = CompactForest.step(r5, nodes: nodeBase, codes: c + 5 * stride)
                                        r6 = CompactForest.step(r6, nodes: nodeBase, codes: c + 6 * stride)
                                        r7 = CompactForest.step(r7, nodes: nodeBase, codes: c + 7 * stride)
                                    }
                                    remaining -= CompactForest.stepsBetweenLeafChecks
                                    if remaining > 0, CompactForest.allLeaves(r0, r1, r2, r3, r4, r5, r6, r7, nodes: nodeBase) { break }
                                }
                                let out = outBase + (first + i) * classCount
                                CompactForest.addVectorLeaf(r0, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out)
                                CompactForest.addVectorLeaf(r1, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + classCount)
                                CompactForest.addVectorLeaf(r2, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + 2 * classCount)
                                CompactForest.addVectorLeaf(r3, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + 3 * classCount)
                                CompactForest.addVectorLeaf(r4, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + 4 * classCount)
                                CompactForest.addVectorLeaf(r5, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + 5 * classCount)
                                CompactForest.addVectorLeaf(r6, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + 6 * classCount)
                                CompactForest.addVectorLeaf(r7, nodes: nodeBase, offsets: offsetBase, leaves: leafBase, pureValues: p.pureValues, classCount: classCount, into: out + 7 * classCount)
                                i += Self.lockstepRows
                            }
                        }
                        while i < count {
                            let leaf = Self.compactLeaf(root: root, nodes: nodeBase, codes: codes + i * stride)
                            Self.accumulate(leaves: leafBase, offset: Int(offsetBase[Int(leaf)]), treeClass: treeClass, classCount: classCount,
                                            into: outBase + (first + i) * classCount)
                            i += 1
                        }
                    }
                    for row in first..<last { Self.finish(outBase + row * classCount, classCount: classCount, link: link) }
                }
            }}
            initialized = rows * classCount
        }
    }

    /// Base addresses of everything compact scoring reads, valid inside `withCompactPointers`.
    struct CompactPointers: @unchecked Sendable {
        let cuts: UnsafePointer<Float>
        let nodes: UnsafePointer<CompactForest.Node>
        let offsets: UnsafePointer<Int32>
        let roots: UnsafePointer<Int32>
        let depths: UnsafePointer<Int32>
        let classes: UnsafePointer<Int32>
        let leaves: UnsafePointer<Float>
        let base: UnsafePointer<Float>
        let pureValues: UnsafePointer<Float>
        let treeCount: Int
    }

    /// Calls `body` with the base addresses of the compact form's and this forest's arrays
    /// (every array is non-empty in a valid forest; nothing is scored otherwise).
    func withCompactPointers(_ compact: CompactForest, _ body: (CompactPointers) -> Void) {
        compact.cuts.withUnsafeBufferPointer { cuts in
        compact.nodes.withUnsafeBufferPointer { nodes in
        compact.leafOffsets.withUnsafeBufferPointer { offsets in
        compact.roots.withUnsafeBufferPointer { roots in
        depths.withUnsafeBufferPointer { depths in
        treeClasses.withUnsafeBufferPointer { classes in
        leafValues.withUnsafeBufferPointer { leaves in
        baseScores.withUnsafeBufferPointer { base in
        compact.pureValues.withUnsafeBufferPointer { pure in
            guard let cutBase = cuts.baseAddress, let nodeBase = nodes.baseAddress, let offsetBase = offsets.baseAddress,
                  let rootBase = roots.baseAddress, let depthBase = depths.baseAddress, let classBase = classes.baseAddress,
                  let leafBase = leaves.baseAddress, let baseBase = base.baseAddress, let pureBase = pure.baseAddress else { return }
            body(CompactPointers(cuts: cutBase, nodes: nodeBase, offsets: offsetBase, roots: rootBase, depths: depthBase,
                                 classes: classBase, leaves: leafBase, base: baseBase, pureValues: pureBase, treeCount: roots.count))
        }}}}}}}}}
    }

    /// The leaf node reached from `root` by a binned row, stopping at the leaf (a node whose
    /// `right` is itself). For lopsided boosted trees, where most rows stop early.
    @inline(__always)
    static func compactLeaf(root: Int32, nodes: UnsafePointer<CompactForest.Node>, codes: UnsafePointer<UInt8>) -> Int32 {
        var reference = root
        while true {
            let node = nodes[Int(reference)]
            if node.right == reference { return reference }
            reference = codes[Int(node.feature)] <= node.bin ? reference &+ 1 : node.right
        }
    }
}
