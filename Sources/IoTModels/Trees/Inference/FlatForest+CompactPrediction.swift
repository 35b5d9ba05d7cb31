import IoTData

extension FlatForest {
    /// Single-row scoring on the compact form: bins the row once into a stack buffer, walks
    /// every tree to its leaf over 8-byte nodes comparing bytes — 24 trees in flight at a
    /// time, branch-free, a walker that reaches its leaf starting the next tree
    /// (`CompactForest.walk`), so the trees' dependent node loads overlap — then adds the
    /// leaves in tree order: bit-identical to the float path and to the batch path. No heap
    /// allocation up to a few hundred trees (stack buffers). O(features × 9 + trees × depth).
    func predictCompact(_ compact: CompactForest, row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let classCount = self.classCount, featureCount = self.featureCount
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: compact.codeStride) { codeBuffer in
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, compact.roots.count)) { leafBuffer in
            guard let codes = codeBuffer.baseAddress, let treeLeaves = leafBuffer.baseAddress else { return }
            withCompactPointers(compact) { p in
                CompactForest.bin(rows: row, count: 1, cuts: p.cuts, steps: p.cutSteps, featureCount: featureCount, into: codes)
                for c in 0..<classCount { out[c] = p.base[c] }
                CompactForest.walk(nodes: p.nodes, count: p.treeCount, starts: p.roots, startStride: 1,
                                   codes: codes, codeStride: 0, leaves: treeLeaves)
                CompactForest.prefetchLeafValues(treeLeaves, count: p.treeCount, offsets: p.offsets, leaves: p.leaves)
                // One row, every tree: tree t's leaf code at `treeLeaves + t`.
                CompactForest.addLeaves(treeLeaves, count: 1, trees: p.treeCount, treeStride: 1, treeClasses: p.classes,
                                        offsets: p.offsets, leaves: p.leaves, pureValues: p.pureValues, classCount: classCount, into: out)
                Self.finish(out, classCount: classCount, link: link)
            }
        }}
    }

    /// Batch scoring on the compact form: per block of rows (`blockLayout`, on up to `threads`
    /// threads), the rows are binned once (block × (features + 1) bytes) and, in blocks of at
    /// least `localityMinimumRows`, put in locality order (`CompactForest.orderRows`: alike
    /// rows next to each other, so consecutive walks share their paths' cache lines); then
    /// each tree walks every row of the block before the next tree (the tree stays in cache) —
    /// its top levels in blocks of three where the CPU allows (`topLevels`: false walks from the
    /// roots, for checking one against the other), then eight rows in flight, branch-free
    /// (`CompactForest.walk`). Leaves are added in tree order
    /// per row: bit-identical to single-row scoring whatever the order. Memory per block in
    /// flight: about (max(features + 1, 4 × classes) + max(features + 1, 12) + 4) bytes per row
    /// (the codes, then the scores, in one allocation; the sorted codes, which hold the sort's
    /// keys and scratch before; the order), plus 4 × 16,384 leaf codes and 16,384 starts.
    /// O(rows × (features × 9 + trees × depth) / threads).
    func predictCompact(_ compact: CompactForest, features: FeatureMatrix, threads: Int, topLevels: Bool = true) -> [Float] {
        let rows = features.rowCount, classCount = self.classCount, columns = featureCount, link = self.link
        let stride = compact.codeStride
        let (blocks, blockSize) = Self.blockLayout(rows: rows, threads: threads)
        return [Float](unsafeUninitializedCapacity: rows * classCount) { buffer, initialized in
            let output = UnsafeSendable(buffer)
            features.values.withUnsafeBufferPointer { values in
            withCompactPointers(compact, topLevels: topLevels) { p in
                let shared = UnsafeSendable((values, p))
                ParallelWork.forEach(blocks, threads: threads) { block in
                    let (values, p) = shared.value
                    guard let valueBase = values.baseAddress, let outBase = output.value.baseAddress else { return }
                    let first = block * blockSize, last = min(rows, first + blockSize), count = last - first
                    // One allocation holds the binned codes, then (once they are copied out in
                    // order) the block's scores: fresh pages are zeroed at first touch, and page
                    // faults took 7–10 % of scoring's CPU samples (perf, 2.5 M rows) before. The
                    // codes are padded so the top blocks' 64-byte row reads stay inside.
                    let codeBytes = count * stride + Self.codePadding
                    let workspace = UnsafeMutableRawPointer.allocate(byteCount: max(codeBytes, count * classCount * MemoryLayout<Float>.stride),
                                                                     alignment: 64)
                    let codes = workspace.bindMemory(to: UInt8.self, capacity: codeBytes)
                    (codes + count * stride).initialize(repeating: 255, count: Self.codePadding)
                    let rowLeaves = UnsafeMutablePointer<Int32>.allocate(capacity: Self.leafWorkspace(rows: count))
                    defer { workspace.deallocate(); rowLeaves.deallocate() }
                    CompactForest.bin(rows: valueBase + first * columns, count: count, cuts: p.cuts, steps: p.cutSteps,
                                      featureCount: columns, into: codes)
                    if count < Self.localityMinimumRows {
                        Self.scoreCompactBlock(p, codes: codes, count: count, stride: stride, leaves: rowLeaves,
                                               classCount: classCount, into: outBase + first * classCount)
                    } else {
                        // The sort's keys and scratch (12 bytes per row) live in `sorted` until
                        // the rows are copied there (`iot_order_rows` allows it).
                        let sortedBytes = max(codeBytes, count * (MemoryLayout<UInt64>.stride + MemoryLayout<UInt32>.stride))
                        let sortedMemory = UnsafeMutableRawPointer.allocate(byteCount: sortedBytes, alignment: 64)
                        let order = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
                        defer { sortedMemory.deallocate(); order.deallocate() }
                        do {
                            let keys = sortedMemory.bindMemory(to: UInt64.self, capacity: count)
                            let scratch = (sortedMemory + count * MemoryLayout<UInt64>.stride).bindMemory(to: UInt32.self, capacity: count)
                            compact.orderRows(codes, count: count, keys: keys, scratch: scratch, order: order,
                                              into: sortedMemory.assumingMemoryBound(to: UInt8.self))
                        }
                        let sorted = sortedMemory.bindMemory(to: UInt8.self, capacity: codeBytes)
                        (sorted + count * stride).initialize(repeating: 255, count: Self.codePadding)
                        let scores = workspace.bindMemory(to: Float.self, capacity: count * classCount)
                        Self.scoreCompactBlock(p, codes: sorted, count: count, stride: stride, leaves: rowLeaves,
                                               classCount: classCount, into: scores)
                        for j in 0..<count {
                            (outBase + (first + Int(order[j])) * classCount).update(from: scores + j * classCount, count: classCount)
                        }
                    }
                    for row in first..<last { Self.finish(outBase + row * classCount, classCount: classCount, link: link) }
                }
            }}
            initialized = rows * classCount
        }
    }

    /// Blocks of fewer rows are scored in their own order: ordering costs more than it saves
    /// when few walks share a tree's cache lines.
    static let localityMinimumRows = 4096

    /// Bytes after a block's last binned row (the top blocks read 64 bytes from each row).
    static let codePadding = 64

    /// Rows per pass of a tree over a block (top blocks, walk, adds): the chunk's codes, starts
    /// (64 KiB) and leaf codes stay in cache from one step to the next.
    static let chunkRows = 16_384

    /// Trees walked over a chunk before their leaves are added in one pass over its scores.
    static let treesPerPass = 4

    /// Leaf-code workspace `scoreCompactBlock` needs for a block of `rows` rows.
    static func leafWorkspace(rows: Int) -> Int { treesPerPass * min(rows, chunkRows) }

    /// Scores `count` binned rows (`codes`, `stride` bytes each, padded by `codePadding`) into
    /// `out` (`classCount` per row, before `finish`): base scores, then every tree's leaf, tree
    /// by tree, `chunkRows` rows at a time — each tree's top levels in blocks of three
    /// (`CompactForest.topStarts`) when the CPU has the instructions for them, the walk from
    /// where they end (or from the root), then the leaves' values (`CompactForest.addLeaves`).
    /// `leaves` is workspace of `leafWorkspace(rows: count)` entries. O(count × trees × depth).
    static func scoreCompactBlock(_ p: CompactPointers, codes: UnsafePointer<UInt8>, count: Int, stride: Int, leaves: UnsafeMutablePointer<Int32>,
                                  classCount: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            for c in 0..<classCount { out[i * classCount + c] = p.base[c] }
        }
        let chunkCapacity = min(count, chunkRows)
        let starts = p.topBlocks == nil ? nil : UnsafeMutablePointer<Int32>.allocate(capacity: chunkCapacity)
        defer { starts?.deallocate() }
        var firstTree = 0
        while firstTree < p.treeCount {
            let trees = min(treesPerPass, p.treeCount - firstTree)
            var first = 0
            while first < count {
                let rows = min(chunkRows, count - first)
                let chunk = codes + first * stride
                for t in 0..<trees {
                    let tree = firstTree + t, treeLeaves = leaves + t * chunkCapacity
                    if let blocks = p.topBlocks, let tops = p.topTops, let starts {
                        CompactForest.topStarts(blocks: blocks, top: tops[tree], count: rows, codes: chunk, codeStride: stride, starts: starts)
                        CompactForest.walk(nodes: p.nodes, count: rows, starts: starts, startStride: 1, codes: chunk, codeStride: stride,
                                           leaves: treeLeaves)
                    } else {
                        CompactForest.walk(nodes: p.nodes, count: rows, starts: p.roots + tree, startStride: 0, codes: chunk,
                                           codeStride: stride, leaves: treeLeaves)
                    }
                }
                CompactForest.addLeaves(leaves, count: rows, trees: trees, treeStride: chunkCapacity, treeClasses: p.classes + firstTree,
                                        offsets: p.offsets, leaves: p.leaves, pureValues: p.pureValues, classCount: classCount,
                                        into: out + first * classCount)
                first += rows
            }
            firstTree += trees
        }
    }

    /// Base addresses of everything compact scoring reads, valid inside `withCompactPointers`.
    struct CompactPointers: @unchecked Sendable {
        let cuts: UnsafePointer<Float>
        let cutSteps: UnsafePointer<UInt8>
        let nodes: UnsafePointer<CompactForest.Node>
        let offsets: UnsafePointer<Int32>
        let roots: UnsafePointer<Int32>
        let classes: UnsafePointer<Int32>
        let leaves: UnsafePointer<Float>
        let base: UnsafePointer<Float>
        let pureValues: UnsafePointer<Float>
        /// The top blocks and each tree's first (`CompactForest.TopLevels`); nil when batch
        /// scoring walks from the roots.
        let topBlocks: UnsafePointer<UInt8>?
        let topTops: UnsafePointer<Int32>?
        let treeCount: Int
    }

    /// Calls `body` with the base addresses of the compact form's and this forest's arrays
    /// (every array is non-empty in a valid forest; nothing is scored otherwise); the top
    /// blocks' only when `topLevels` and the CPU steps them fast (`topLevelsAvailable`).
    func withCompactPointers(_ compact: CompactForest, topLevels: Bool = false, _ body: (CompactPointers) -> Void) {
        let useTop = topLevels && compact.topLevelsAvailable
        compact.cuts.withUnsafeBufferPointer { cuts in
        compact.cutSteps.withUnsafeBufferPointer { steps in
        compact.nodes.withUnsafeBufferPointer { nodes in
        compact.leafOffsets.withUnsafeBufferPointer { offsets in
        compact.roots.withUnsafeBufferPointer { roots in
        treeClasses.withUnsafeBufferPointer { classes in
        leafValues.withUnsafeBufferPointer { leaves in
        baseScores.withUnsafeBufferPointer { base in
        compact.pureValues.withUnsafeBufferPointer { pure in
        compact.topLevels.blocks.withUnsafeBufferPointer { topBlocks in
        compact.topLevels.tops.withUnsafeBufferPointer { topTops in
            guard let cutBase = cuts.baseAddress, let stepBase = steps.baseAddress, let nodeBase = nodes.baseAddress, let offsetBase = offsets.baseAddress,
                  let rootBase = roots.baseAddress, let classBase = classes.baseAddress,
                  let leafBase = leaves.baseAddress, let baseBase = base.baseAddress, let pureBase = pure.baseAddress else { return }
            body(CompactPointers(cuts: cutBase, cutSteps: stepBase, nodes: nodeBase, offsets: offsetBase, roots: rootBase,
                                 classes: classBase, leaves: leafBase, base: baseBase, pureValues: pureBase,
                                 topBlocks: useTop ? topBlocks.baseAddress : nil, topTops: useTop ? topTops.baseAddress : nil,
                                 treeCount: roots.count))
        }}}}}}}}}}}
    }
}
