/// Grows one regression tree on gradients and hessians, leaf-wise (best-first) like LightGBM:
/// the leaf whose best split gains most is split next, until `maxLeaves` leaves, no positive
/// gain, or every leaf at `maxDepth`. Leaf value: `−G / (H + λ) × learningRate`.
///
/// After a split only the smaller child's histogram is built from rows; the larger child's is
/// the parent's minus the smaller's (in the parent's slot). Histograms of one leaf are built
/// feature by feature in parallel (each feature by one thread, rows in a fixed order), and
/// split candidates are reduced in feature order, so the tree does not depend on the thread
/// count. A split leaf's rows are partitioned in one part per thread when they are many
/// (`parallelRows`), joined into the order one pass gives.
///
/// The workspace is reused across the trees of one fit (not thread-safe: one grower per
/// fit). Memory: 8 bytes × rows for the row list and its scratch, 8 bytes × rows for gathered
/// gradients, `maxLeaves × features × 4 KiB` for histograms and `features × 12 KiB` of spare
/// histograms (see `GradientHistogram.build`).
/// Cost per tree: O(rows × features × (1 + Σ smaller-child fractions)) + O(leaves × features × 256).
final class LeafWiseTreeGrower: @unchecked Sendable {
    struct Settings {
        var maxLeaves: Int
        var maxDepth: Int
        var minSamplesLeaf: Int
        var minHessian: Double
        var l2: Double
        var learningRate: Double
        var threads: Int
    }

    /// A leaf's rows: `positions[start..<start + count]`.
    struct LeafRange {
        var start: Int
        var count: Int
        var value: Float
    }

    let codes: UnsafePointer<UInt8>
    let rowCount: Int
    let featureCount: Int
    let binCounts: [Int]
    let thresholds: [[Float]]
    let settings: Settings

    let positions: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Int32>
    private let orderedGradients: UnsafeMutablePointer<Float>
    private let orderedHessians: UnsafeMutablePointer<Float>
    private let histograms: UnsafeMutablePointer<Double>
    private let candidates: UnsafeMutablePointer<GradientHistogram.Candidate>
    /// Spare histograms for large builds, `GradientHistogram.spareSize` doubles per feature.
    private let spares: UnsafeMutablePointer<Double>

    init(codes: UnsafePointer<UInt8>, rowCount: Int, featureCount: Int, binCounts: [Int], thresholds: [[Float]], settings: Settings) {
        self.codes = codes
        self.rowCount = rowCount
        self.featureCount = featureCount
        self.binCounts = binCounts
        self.thresholds = thresholds
        self.settings = settings
        let rows = max(1, rowCount)
        positions = .allocate(capacity: rows)
        scratch = .allocate(capacity: rows)
        orderedGradients = .allocate(capacity: rows)
        orderedHessians = .allocate(capacity: rows)
        let slots = max(2, settings.maxLeaves)
        histograms = .allocate(capacity: slots * featureCount * GradientHistogram.featureSize)
        candidates = .allocate(capacity: max(1, featureCount))
        spares = .allocate(capacity: max(1, featureCount) * GradientHistogram.spareSize)
        candidates.initialize(repeating: .init(), count: max(1, featureCount))
    }

    deinit {
        positions.deallocate()
        scratch.deallocate()
        orderedGradients.deallocate()
        orderedHessians.deallocate()
        histograms.deallocate()
        candidates.deallocate()
        spares.deallocate()
    }

    private struct Leaf {
        var start: Int
        var count: Int
        var sumGradient: Double
        var sumHessian: Double
        var depth: Int
        var slot: Int
        var parent: Int
        var isLeft: Bool
        var best: GradientHistogram.Candidate
    }

    /// Grows a tree on the rows `positions[0..<usedRows]` (the caller fills `positions`, sorted
    /// ascending; `allRows` says it is exactly `0..<rowCount`), gradients and hessians indexed
    /// by row, over `features`. Returns the tree and each leaf's row range in `positions`.
    func grow(gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, usedRows: Int, allRows: Bool, features: [Int]) -> (GrownTree, [LeafRange]) {
        var tree = GrownTree()
        tree.importances = [Double](repeating: 0, count: featureCount)
        var sumG = 0.0, sumH = 0.0
        for i in 0..<usedRows {
            let row = Int(positions[i])
            sumG += Double(gradients[row])
            sumH += Double(hessians[row])
        }
        var leaves: [Leaf] = []
        leaves.reserveCapacity(settings.maxLeaves)
        var root = Leaf(start: 0, count: usedRows, sumGradient: sumG, sumHessian: sumH, depth: 0, slot: 0, parent: -1, isLeft: true, best: .init())
        if settings.maxLeaves > 1 {
            buildHistograms(slot: 0, start: 0, count: usedRows, gradients: gradients, hessians: hessians, allRows: allRows, features: features)
            root.best = bestSplit(of: root, features: features)
        }
        leaves.append(root)
        var freeSlot = 1

        while leaves.count < settings.maxLeaves {
            var chosen = -1
            var chosenGain = 0.0
            for (index, leaf) in leaves.enumerated() where leaf.best.gain > chosenGain {
                chosen = index
                chosenGain = leaf.best.gain
            }
            if chosen < 0 { break }
            let leaf = leaves[chosen]
            let split = leaf.best
            let nodeIndex = tree.nodes.count
            tree.nodes.append(FlatNode(feature: Int32(split.feature), threshold: thresholds[split.feature][split.bin], left: 0, right: 0))
            tree.splitBins.append(UInt8(split.bin))
            Self.attach(&tree, Int32(nodeIndex), parent: leaf.parent, isLeft: leaf.isLeft)
            tree.importances[split.feature] += split.gain

            let kept = partition(start: leaf.start, count: leaf.count, column: codes + split.feature * rowCount, bin: UInt8(split.bin))
            let moved = leaf.count - kept

            var left = Leaf(start: leaf.start, count: kept, sumGradient: split.leftGradient, sumHessian: split.leftHessian,
                            depth: leaf.depth + 1, slot: leaf.slot, parent: nodeIndex, isLeft: true, best: .init())
            var right = Leaf(start: leaf.start + kept, count: moved, sumGradient: leaf.sumGradient - split.leftGradient,
                             sumHessian: leaf.sumHessian - split.leftHessian, depth: leaf.depth + 1, slot: leaf.slot,
                             parent: nodeIndex, isLeft: false, best: .init())
            let canSplitChildren = leaves.count + 1 < settings.maxLeaves && leaf.depth + 1 < settings.maxDepth
            if canSplitChildren {
                // Smaller child from rows into a fresh slot; larger = parent − smaller in place.
                let smallIsLeft = kept <= moved
                let small = smallIsLeft ? left : right
                buildHistograms(slot: freeSlot, start: small.start, count: small.count, gradients: gradients, hessians: hessians, allRows: false, features: features)
                subtractHistograms(slot: freeSlot, from: leaf.slot, features: features)
                if smallIsLeft { left.slot = freeSlot } else { right.slot = freeSlot }
                freeSlot += 1
                left.best = bestSplit(of: left, features: features)
                right.best = bestSplit(of: right, features: features)
            }
            leaves[chosen] = left
            leaves.append(right)
        }

        var ranges: [LeafRange] = []
        ranges.reserveCapacity(leaves.count)
        for leaf in leaves {
            let value = Float(-leaf.sumGradient / (leaf.sumHessian + settings.l2) * settings.learningRate)
            let safe = value.isFinite ? value : 0
            Self.attach(&tree, FlatNode.leafReference(tree.leafValues.count), parent: leaf.parent, isLeft: leaf.isLeft)
            tree.leafValues.append(safe)
            ranges.append(LeafRange(start: leaf.start, count: leaf.count, value: safe))
        }
        return (tree, ranges)
    }

    /// Stable partition of `positions[start..<start + count]` by `column[row] <= bin` (see
    /// `partition(_:count:column:bin:scratch:parts:)`), in one part per thread when the range
    /// has at least `parallelRows` rows.
    private func partition(start: Int, count: Int, column: UnsafePointer<UInt8>, bin: UInt8) -> Int {
        let parts = count >= Self.parallelRows ? max(1, settings.threads) : 1
        return Self.partition(positions + start, count: count, column: column, bin: bin, scratch: scratch, parts: parts)
    }

    /// Stable partition of `rows[0..<count]`: rows whose code in `column` is <= `bin` first,
    /// each side in its original order; returns how many those are. The range is cut into
    /// `parts` parts partitioned on their own, one per thread (each compacts its left rows in
    /// place and writes its right rows to `scratch` at the part's offset); then the parts'
    /// sides are joined in part order, so every `parts` gives the same result as one pass.
    /// `scratch` needs `count` entries. O(count); no allocation beyond `parts` counts.
    static func partition(_ rows: UnsafeMutablePointer<Int32>, count: Int, column: UnsafePointer<UInt8>, bin: UInt8,
                          scratch: UnsafeMutablePointer<Int32>, parts: Int) -> Int {
        guard count > 0 else { return 0 }
        let parts = min(max(1, parts), count)
        let partSize = (count + parts - 1) / parts
        var kept = [Int](repeating: 0, count: parts)
        kept.withUnsafeMutableBufferPointer { keptBuffer in
            let shared = UnsafeSendable((rows, scratch, keptBuffer.baseAddress))
            ParallelWork.forEach(parts, threads: parts) { part in
                let (rows, scratch, keptBase) = shared.value
                let first = part * partSize, end = min(count, first + partSize)
                guard first < end, let keptBase else { return }
                var left = first, right = first
                for i in first..<end {
                    let row = rows[i]
                    if column[Int(row)] <= bin {
                        rows[left] = row
                        left += 1
                    } else {
                        scratch[right] = row
                        right += 1
                    }
                }
                keptBase[part] = left - first
            }
        }
        // Join: each part's left rows move down after the previous parts' (overlap-safe
        // copies), then every part's right rows follow, in part order.
        var leftEnd = kept[0]
        for part in 1..<parts where kept[part] > 0 {
            let first = part * partSize
            if leftEnd != first { (rows + leftEnd).update(from: rows + first, count: kept[part]) }
            leftEnd += kept[part]
        }
        var rightEnd = leftEnd
        for part in 0..<parts {
            let first = part * partSize, end = min(count, first + partSize)
            guard first < end else { continue }
            let moved = end - first - kept[part]
            (rows + rightEnd).update(from: scratch + first, count: moved)
            rightEnd += moved
        }
        return leftEnd
    }

    /// Rows from which per-row work of one tree goes to several threads: a leaf's partition
    /// here, the training-score updates of the tree's rows in `GradientBoostingClassifier`
    /// (below it, handing the work out costs more than it saves).
    static let parallelRows = 65_536

    private static func attach(_ tree: inout GrownTree, _ reference: Int32, parent: Int, isLeft: Bool) {
        if parent < 0 { tree.root = reference } else if isLeft { tree.nodes[parent].left = reference } else { tree.nodes[parent].right = reference }
    }

    private func histogram(slot: Int, feature: Int) -> UnsafeMutablePointer<Double> {
        histograms + (slot * featureCount + feature) * GradientHistogram.featureSize
    }

    /// Histograms of `features` for rows `positions[start..<start + count]` into `slot`.
    private func buildHistograms(slot: Int, start: Int, count: Int, gradients: UnsafePointer<Float>, hessians: UnsafePointer<Float>, allRows: Bool, features: [Int]) {
        let rows = positions + start
        let threads = count * features.count >= 65_536 ? settings.threads : 1
        let shared = UnsafeSendable((self, gradients, hessians))
        if !allRows {
            // Gradients in row-list order, in chunks across threads (a gather: random reads).
            let chunk = 65_536
            ParallelWork.forEach((count + chunk - 1) / chunk, threads: threads) { c in
                let (grower, gradients, hessians) = shared.value
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    let row = Int(rows[i])
                    grower.orderedGradients[i] = gradients[row]
                    grower.orderedHessians[i] = hessians[row]
                }
            }
        }
        ParallelWork.forEach(features.count, threads: threads) { j in
            let (grower, gradients, hessians) = shared.value
            let feature = features[j]
            let column = grower.codes + feature * grower.rowCount
            let target = grower.histogram(slot: slot, feature: feature)
            let spare = grower.spares + feature * GradientHistogram.spareSize
            let binCount = grower.binCounts[feature]
            if allRows {
                GradientHistogram.buildAllRows(column: column, count: count, gradients: gradients, hessians: hessians,
                                               binCount: binCount, spare: spare, into: target)
            } else {
                GradientHistogram.build(column: column, positions: rows, count: count, orderedGradients: grower.orderedGradients,
                                        orderedHessians: grower.orderedHessians, binCount: binCount, spare: spare, into: target)
            }
        }
    }

    private func subtractHistograms(slot: Int, from parentSlot: Int, features: [Int]) {
        for feature in features {
            GradientHistogram.subtract(histogram(slot: slot, feature: feature), from: histogram(slot: parentSlot, feature: feature))
        }
    }

    /// The best split of a leaf over `features` (ties: the earlier feature in `features`).
    private func bestSplit(of leaf: Leaf, features: [Int]) -> GradientHistogram.Candidate {
        guard leaf.count >= 2 * settings.minSamplesLeaf, leaf.depth < settings.maxDepth else { return .init() }
        var best = GradientHistogram.Candidate()
        for feature in features {
            let candidate = GradientHistogram.bestSplit(
                histogram: histogram(slot: leaf.slot, feature: feature), feature: feature, binCount: binCounts[feature],
                sumGradient: leaf.sumGradient, sumHessian: leaf.sumHessian, count: leaf.count,
                minCount: settings.minSamplesLeaf, minHessian: settings.minHessian, l2: settings.l2)
            if candidate.gain > best.gain { best = candidate }
        }
        return best
    }
}
