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
                Self.placeBaseScores(p.base, count: 1, classCount: classCount, into: out)
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

    /// Batch scoring on the compact form, in waves of up to `threads` blocks of rows
    /// (`blockLayout`). Each block's rows are binned once (block × (features + 1) bytes) and,
    /// in blocks of at least `localityMinimumRows`, put in locality order
    /// (`CompactForest.orderRows`: alike rows next to each other, so consecutive walks share
    /// their paths' cache lines), one thread per block. Then the threads score the wave
    /// together (`ScoringSchedule`: each starts on its own block and, once that is done, helps
    /// with the others, so a thread slowed down by the machine does not hold the rest up):
    /// each tree walks every row of a block before the next tree (the tree stays in cache) —
    /// its top levels in blocks of three where the CPU allows (`topLevels`: false walks from
    /// the roots, for checking one against the other), then eight rows in flight, branch-free
    /// (`CompactForest.walk`). Leaves are added in tree order per row: bit-identical to
    /// single-row scoring whatever the order or the threads. Last, one thread per block puts
    /// the scores back in the rows' order and finishes them. Memory per block in flight:
    /// about (max(features + 1, 4 × classes) + max(features + 1, 12) + 4) bytes per row (the
    /// codes, then the scores, in one allocation; the sorted codes, which hold the sort's keys
    /// and scratch before; the order), plus 4 × 16,384 leaf codes and 16,384 starts per
    /// thread. O(rows × (features × 9 + trees × depth) / threads). `blockRows` caps a block
    /// (smaller only in tests, to run several waves on few rows).
    func predictCompact(_ compact: CompactForest, features: FeatureMatrix, threads: Int, topLevels: Bool = true,
                        blockRows: Int = FlatForest.blockRows) -> [Float] {
        let rows = features.rowCount, classCount = self.classCount, columns = featureCount, link = self.link
        let stride = compact.codeStride
        let (blocks, blockSize) = Self.blockLayout(rows: rows, threads: threads, blockRows: blockRows)
        let workers = max(1, min(threads, blocks))
        let chunkCapacity = min(blockSize, Self.chunkRows)
        return [Float](unsafeUninitializedCapacity: rows * classCount) { buffer, initialized in
            features.values.withUnsafeBufferPointer { values in
            withCompactPointers(compact, topLevels: topLevels) { p in
                // Nil only for empty arrays: a forest has features, so rows > 0 (any block)
                // means both hold values.
                guard let valueBase = values.baseAddress, let outBase = buffer.baseAddress else { return }
                let shared = UnsafeSendable((valueBase, outBase, p))
                let prepared = UnsafeMutablePointer<PreparedBlock>.allocate(capacity: workers)
                defer { prepared.deallocate() }
                let slots = UnsafeSendable(prepared)
                var wave = 0
                while wave < blocks {
                    let waveBlocks = min(workers, blocks - wave), firstBlock = wave
                    // Bin (and order) each block of the wave, one thread per block.
                    ParallelWork.forEach(waveBlocks, threads: workers) { slot in
                        let (valueBase, outBase, p) = shared.value
                        let first = (firstBlock + slot) * blockSize
                        (slots.value + slot).initialize(to: Self.prepareBlock(compact, p, values: valueBase + first * columns, first: first,
                                                                              count: min(rows, first + blockSize) - first,
                                                                              columns: columns, stride: stride, classCount: classCount,
                                                                              output: outBase))
                    }
                    // Score the wave on every thread.
                    let schedule = ScoringSchedule(chunks: (0..<waveBlocks).map { (prepared[$0].count + chunkCapacity - 1) / chunkCapacity },
                                                   groups: (p.treeCount + Self.treesPerPass - 1) / Self.treesPerPass)
                    ParallelWork.forEach(waveBlocks, threads: workers) { preferred in
                        let p = shared.value.2
                        let leaves = UnsafeMutablePointer<Int32>.allocate(capacity: Self.treesPerPass * chunkCapacity)
                        let starts = UnsafeMutablePointer<Int32>.allocate(capacity: chunkCapacity)
                        defer { leaves.deallocate(); starts.deallocate() }
                        // Writes other blocks' scores too (unlike most `forEach` bodies): the
                        // schedule hands a chunk's groups out one after another, under its lock.
                        while let item = schedule.take(preferring: preferred) {
                            let block = slots.value[item.block]
                            Self.scoreCompactItem(p, codes: block.codes, count: block.count, stride: stride, group: item.group,
                                                  chunk: item.chunk, chunkRows: chunkCapacity, starts: starts, leaves: leaves,
                                                  classCount: classCount, into: block.scores)
                            schedule.finish(item)
                        }
                    }
                    // Scores back in the rows' order, finished; one thread per block.
                    ParallelWork.forEach(waveBlocks, threads: workers) { slot in
                        let outBase = shared.value.1
                        let block = (slots.value + slot).move()
                        if let order = block.order {
                            for j in 0..<block.count {
                                (outBase + (block.first + Int(order[j])) * classCount).update(from: block.scores + j * classCount, count: classCount)
                            }
                        }
                        for row in block.first..<block.first + block.count { Self.finish(outBase + row * classCount, classCount: classCount, link: link) }
                        block.release()
                    }
                    wave += waveBlocks
                }
            }}
            initialized = rows * classCount
        }
    }

    /// A block binned (and ordered) for scoring: its codes, where its scores go (base scores
    /// already in place), and, when ordered, which row each position holds.
    struct PreparedBlock: @unchecked Sendable {
        /// The block's first row.
        let first: Int
        let count: Int
        /// `count` binned rows, padded by `codePadding`; in locality order when `order` is set.
        let codes: UnsafePointer<UInt8>
        /// `count × classes` scores: the output rows themselves when the block is in row
        /// order, a workspace to scatter from otherwise.
        let scores: UnsafeMutablePointer<Float>
        /// `order[j]` is the block row at position j; nil when the block is in row order.
        let order: UnsafeMutablePointer<UInt32>?
        /// What `release` deallocates.
        let allocations: [UnsafeMutableRawPointer]

        func release() { for memory in allocations { memory.deallocate() } }
    }

    /// Bins `count` rows (`values`, `columns` floats each; block rows `first…` of the output)
    /// and, from `localityMinimumRows` on, orders them; puts the base scores where the block's
    /// scores go. One allocation holds the binned codes, then (once they are copied out in
    /// order) the block's scores: fresh pages are zeroed at first touch, and page faults took
    /// 7–10 % of scoring's CPU samples (perf, 2.5 M rows) before. The codes are padded so the
    /// top blocks' 64-byte row reads stay inside.
    static func prepareBlock(_ compact: CompactForest, _ p: CompactPointers, values: UnsafePointer<Float>, first: Int, count: Int, columns: Int, stride: Int,
                             classCount: Int, output: UnsafeMutablePointer<Float>) -> PreparedBlock {
        let codeBytes = count * stride + codePadding
        let workspace = UnsafeMutableRawPointer.allocate(byteCount: max(codeBytes, count * classCount * MemoryLayout<Float>.stride),
                                                         alignment: 64)
        let codes = workspace.bindMemory(to: UInt8.self, capacity: codeBytes)
        (codes + count * stride).initialize(repeating: 255, count: codePadding)
        CompactForest.bin(rows: values, count: count, cuts: p.cuts, steps: p.cutSteps, featureCount: columns, into: codes)
        if count < localityMinimumRows {
            let scores = output + first * classCount
            placeBaseScores(p.base, count: count, classCount: classCount, into: scores)
            return PreparedBlock(first: first, count: count, codes: codes, scores: scores, order: nil, allocations: [workspace])
        }
        // The sort's keys and scratch (12 bytes per row) live in `sorted` until the rows are
        // copied there (`iot_order_rows` allows it).
        let sortedBytes = max(codeBytes, count * (MemoryLayout<UInt64>.stride + MemoryLayout<UInt32>.stride))
        let sortedMemory = UnsafeMutableRawPointer.allocate(byteCount: sortedBytes, alignment: 64)
        let order = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        do {
            let keys = sortedMemory.bindMemory(to: UInt64.self, capacity: count)
            let scratch = (sortedMemory + count * MemoryLayout<UInt64>.stride).bindMemory(to: UInt32.self, capacity: count)
            compact.orderRows(codes, count: count, keys: keys, scratch: scratch, order: order,
                              into: sortedMemory.assumingMemoryBound(to: UInt8.self))
        }
        let sorted = sortedMemory.bindMemory(to: UInt8.self, capacity: codeBytes)
        (sorted + count * stride).initialize(repeating: 255, count: codePadding)
        let scores = workspace.bindMemory(to: Float.self, capacity: count * classCount)
        placeBaseScores(p.base, count: count, classCount: classCount, into: scores)
        return PreparedBlock(first: first, count: count, codes: sorted, scores: scores, order: order,
                             allocations: [workspace, sortedMemory, UnsafeMutableRawPointer(order)])
    }

    /// Puts the forest's base scores (`classCount` at `base`) in each of `count` rows of `scores`,
    /// where the leaves are added. O(count × classCount).
    static func placeBaseScores(_ base: UnsafePointer<Float>, count: Int, classCount: Int, into scores: UnsafeMutablePointer<Float>) {
        for i in 0..<count { (scores + i * classCount).update(from: base, count: classCount) }
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

    /// Scores one item of a block (`ScoringSchedule`): the trees of group `group`
    /// (`treesPerPass` trees from `group × treesPerPass`) over chunk `chunk` (`chunkRows` rows
    /// from `chunk × chunkRows`) of the block's `count` binned rows (`codes`, `stride` bytes
    /// each, padded by `codePadding`), added to the chunk's scores in `out` (`classCount` per
    /// row) — each tree's top levels in blocks of three (`CompactForest.topStarts`) when the CPU
    /// has the instructions for them, the walk from where they end (or from the root), then the
    /// leaves' values (`CompactForest.addLeaves`), tree by tree per row. `starts` (`chunkRows`)
    /// and `leaves` (`treesPerPass × chunkRows`) are workspace. O(chunkRows × treesPerPass ×
    /// depth).
    static func scoreCompactItem(_ p: CompactPointers, codes: UnsafePointer<UInt8>, count: Int, stride: Int, group: Int, chunk: Int,
                                 chunkRows: Int, starts: UnsafeMutablePointer<Int32>, leaves: UnsafeMutablePointer<Int32>,
                                 classCount: Int, into out: UnsafeMutablePointer<Float>) {
        let firstTree = group * treesPerPass, trees = min(treesPerPass, p.treeCount - firstTree)
        let first = chunk * chunkRows, rows = min(chunkRows, count - first)
        guard trees > 0, rows > 0 else { return }
        let rowCodes = codes + first * stride
        for t in 0..<trees {
            let tree = firstTree + t, treeLeaves = leaves + t * chunkRows
            if let blocks = p.topBlocks, let tops = p.topTops {
                CompactForest.topStarts(blocks: blocks, top: tops[tree], count: rows, codes: rowCodes, codeStride: stride, starts: starts)
                CompactForest.walk(nodes: p.nodes, count: rows, starts: starts, startStride: 1, codes: rowCodes, codeStride: stride,
                                   leaves: treeLeaves)
            } else {
                CompactForest.walk(nodes: p.nodes, count: rows, starts: p.roots + tree, startStride: 0, codes: rowCodes,
                                   codeStride: stride, leaves: treeLeaves)
            }
        }
        CompactForest.addLeaves(leaves, count: rows, trees: trees, treeStride: chunkRows, treeClasses: p.classes + firstTree,
                                offsets: p.offsets, leaves: p.leaves, pureValues: p.pureValues, classCount: classCount,
                                into: out + first * classCount)
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
    /// (every array is non-empty in a valid forest, `CompactForest` pads its own; nothing is
    /// scored otherwise); the top
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
