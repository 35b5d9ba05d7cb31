import IoTData

/// Read-only inputs shared by every tree of a forest (or every AdaBoost round): binned codes,
/// labels, base row weights and the binner's thresholds. The pointers must outlive the fit.
struct ClassificationInputs: @unchecked Sendable {
    /// Row-major bin codes: `codes[row × featureCount + feature]`.
    let codes: UnsafePointer<UInt8>
    let rowCount: Int
    let featureCount: Int
    let labels: UnsafePointer<UInt8>
    /// Class weight × sample weight per row (0 = row unused).
    let baseWeights: UnsafePointer<Float>
    let classCount: Int
    let thresholds: [[Float]]
}

/// Grows one classification tree depth-first on binned data, Gini criterion, like
/// scikit-learn's `DecisionTreeClassifier` inside a random forest: at each node `maxFeatures`
/// features are drawn (more when drawn ones are constant in the node), and the best
/// "code <= bin" split among them is taken, even at zero decrease, as scikit-learn does.
///
/// A node becomes a leaf when pure, below `minSamplesSplit` rows, at `maxDepth`, or when no
/// split leaves `minSamplesLeaf` rows on both sides. Leaves hold class probability vectors
/// (weighted fractions) scaled by `leafScale`.
///
/// Codes are read row-major (a row's 39 codes share a cache line; deep nodes touch scattered
/// rows, so column-major reads would miss the cache once per feature instead of once per row).
/// Histograms are built per node for the drawn features only (rows outer, features inner),
/// not by subtraction from the parent: with √d of d features drawn per node, building both
/// children directly reads 2·√d·n codes, less than the d·n/2 of building the smaller child over
/// all features. Rows of a node stay sorted (stable partition), so column reads move forward.
/// Cost per tree: O(n × maxFeatures × depth) plus O(bins × classes) per evaluated feature.
/// Memory per tree: 4 bytes × rows (bootstrap weights) + 18 bytes × in-bag rows (positions,
/// labels, weights and their partition scratch) + 256 × (classes + 1) × 8 bytes × features
/// for histograms.
struct GiniTreeGrower {
    struct Settings {
        var maxFeatures: Int
        var maxDepth: Int
        var minSamplesLeaf: Int
        var minSamplesSplit: Int
        var bootstrap: Bool
        /// Leaf probabilities are multiplied by this (1 / tree count for a forest).
        var leafScale: Float
    }

    let inputs: ClassificationInputs
    let settings: Settings

    /// One tree; `rng` (the tree's own stream) draws the bootstrap and the features.
    func grow(rng: inout SplitMix64) -> GrownTree {
        let n = inputs.rowCount, classCount = inputs.classCount, d = inputs.featureCount
        let stride = classCount + 1
        let histogramSize = ClassHistogram.bins * stride

        // Row weights for this tree: bootstrap counts × base weights.
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: n)
        defer { weights.deallocate() }
        if settings.bootstrap {
            weights.initialize(repeating: 0, count: n)
            let draws = UInt64(n)
            for _ in 0..<n { weights[Int(rng.next().multipliedFullWidth(by: draws).high)] += 1 }
            for row in 0..<n { weights[row] *= inputs.baseWeights[row] }
        } else {
            weights.initialize(from: inputs.baseWeights, count: n)
        }
        var inBag = 0
        for row in 0..<n where weights[row] > 0 { inBag += 1 }
        // In-bag rows, with their label and weight kept in step (partitioned together), so the
        // histogram pass reads labels and weights sequentially instead of at scattered rows.
        let capacity = max(1, inBag)
        let positions = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let rowLabels = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        let scratchLabels = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        let rowWeights = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        let scratchWeights = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
        defer {
            positions.deallocate(); scratch.deallocate(); rowLabels.deallocate(); scratchLabels.deallocate()
            rowWeights.deallocate(); scratchWeights.deallocate()
        }
        var filled = 0
        for row in 0..<n where weights[row] > 0 {
            positions[filled] = Int32(row)
            rowLabels[filled] = inputs.labels[row]
            rowWeights[filled] = weights[row]
            filled += 1
        }

        let histograms = UnsafeMutablePointer<Double>.allocate(capacity: d * histogramSize)
        histograms.initialize(repeating: 0, count: d * histogramSize)
        let lowBins = UnsafeMutablePointer<Int>.allocate(capacity: d), highBins = UnsafeMutablePointer<Int>.allocate(capacity: d)
        let order = UnsafeMutablePointer<Int>.allocate(capacity: d)
        for f in 0..<d { order[f] = f }
        let left = UnsafeMutablePointer<Double>.allocate(capacity: classCount)
        let bestLeft = UnsafeMutablePointer<Double>.allocate(capacity: classCount)
        defer {
            histograms.deallocate(); lowBins.deallocate(); highBins.deallocate(); order.deallocate()
            left.deallocate(); bestLeft.deallocate()
        }

        var tree = GrownTree()
        tree.importances = [Double](repeating: 0, count: d)
        // Pending nodes: range, depth, where to write the reference, class totals in `totalsStack`.
        struct Pending { var start: Int; var count: Int; var depth: Int; var parent: Int; var isLeft: Bool; var weight: Double }
        var stack: [Pending] = []
        var totalsStack: [Double] = []
        var rootTotals = [Double](repeating: 0, count: classCount)
        var rootWeight = 0.0
        for i in 0..<inBag { rootTotals[Int(rowLabels[i])] += Double(rowWeights[i]) }
        for c in 0..<classCount { rootWeight += rootTotals[c] }
        stack.append(Pending(start: 0, count: inBag, depth: 0, parent: -1, isLeft: true, weight: rootWeight))
        totalsStack.append(contentsOf: rootTotals)
        var totals = [Double](repeating: 0, count: classCount)

        func attach(_ reference: Int32, parent: Int, isLeft: Bool) {
            if parent < 0 { tree.root = reference } else if isLeft { tree.nodes[parent].left = reference } else { tree.nodes[parent].right = reference }
        }

        while let node = stack.popLast() {
            for c in 0..<classCount { totals[c] = totalsStack[totalsStack.count - classCount + c] }
            totalsStack.removeLast(classCount)
            var classesPresent = 0
            var sumSquares = 0.0
            // Residues of subtracting float sums (right = parent − left) do not count as a class.
            let negligible = node.weight * 1e-12
            for c in 0..<classCount where totals[c] > negligible {
                classesPresent += 1
                sumSquares += totals[c] * totals[c]
            }
            var split: (feature: Int, bin: Int, score: Double, leftCount: Int, leftWeight: Double)?
            if classesPresent > 1, node.count >= settings.minSamplesSplit, node.count >= 2 * settings.minSamplesLeaf,
               node.depth < settings.maxDepth {
                split = totals.withUnsafeBufferPointer { totalsBuffer -> (Int, Int, Double, Int, Double)? in
                    guard let totalsBase = totalsBuffer.baseAddress else { return nil }
                    var best: (feature: Int, bin: Int, score: Double, leftCount: Int, leftWeight: Double)?
                    var drawn = 0, nonConstant = 0
                    while drawn < d, nonConstant < settings.maxFeatures {
                        let batch = min(settings.maxFeatures - nonConstant, d - drawn)
                        for j in drawn..<(drawn + batch) {
                            let pick = j + Int(rng.next().multipliedFullWidth(by: UInt64(d - j)).high)
                            (order[j], order[pick]) = (order[pick], order[j])
                            lowBins[j - drawn] = 255
                            highBins[j - drawn] = 0
                        }
                        let features = order + drawn
                        ClassHistogram.accumulate(
                            rowMajorCodes: inputs.codes, rowStride: d, features: features, featureCount: batch,
                            positions: positions + node.start, count: node.count, labels: rowLabels + node.start, weights: rowWeights + node.start,
                            stride: stride, histograms: histograms, lowBins: lowBins, highBins: highBins)
                        for j in 0..<batch {
                            let histogram = histograms + j * histogramSize
                            let low = lowBins[j], high = highBins[j]
                            if low < high {
                                nonConstant += 1
                                if let found = ClassHistogram.bestSplit(
                                    histogram: histogram, lowBin: low, highBin: high, classCount: classCount,
                                    totals: totalsBase, totalWeight: node.weight, totalCount: node.count,
                                    minLeaf: settings.minSamplesLeaf, left: left),
                                   best == nil || found.score > (best?.score ?? -.infinity) {
                                    best = (features[j], found.bin, found.score, found.leftCount, found.leftWeight)
                                    ClassHistogram.leftTotals(histogram: histogram, lowBin: low, bin: found.bin, classCount: classCount, into: bestLeft)
                                }
                            }
                            ClassHistogram.clear(histogram, lowBin: low, highBin: high, stride: stride)
                        }
                        drawn += batch
                    }
                    return best
                }
            }
            guard let split else {
                // Leaf: weighted class fractions.
                let offset = tree.leafValues.count
                let scale = node.weight > 0 ? 1 / node.weight : 0
                for c in 0..<classCount { tree.leafValues.append(Float(totals[c] * scale) * settings.leafScale) }
                attach(FlatNode.leafReference(offset), parent: node.parent, isLeft: node.isLeft)
                continue
            }
            let index = tree.nodes.count
            let threshold = inputs.thresholds[split.feature][split.bin]
            tree.nodes.append(FlatNode(feature: Int32(split.feature), threshold: threshold, left: 0, right: 0))
            tree.splitBins.append(UInt8(split.bin))
            attach(Int32(index), parent: node.parent, isLeft: node.isLeft)
            tree.importances[split.feature] += max(0, split.score - sumSquares / node.weight)

            // Stable partition: code <= bin first.
            let column = inputs.codes + split.feature
            let bin = UInt8(split.bin)
            var kept = 0, moved = 0
            for i in node.start..<(node.start + node.count) {
                ClassHistogram.prefetchRow(codes: column, rowStride: d, positions: positions + node.start, i: i &- node.start, count: node.count)
                let row = positions[i], label = rowLabels[i], weight = rowWeights[i]
                if column[Int(row) * d] <= bin {
                    positions[node.start + kept] = row
                    rowLabels[node.start + kept] = label
                    rowWeights[node.start + kept] = weight
                    kept += 1
                } else {
                    scratch[moved] = row
                    scratchLabels[moved] = label
                    scratchWeights[moved] = weight
                    moved += 1
                }
            }
            (positions + node.start + kept).update(from: scratch, count: moved)
            (rowLabels + node.start + kept).update(from: scratchLabels, count: moved)
            (rowWeights + node.start + kept).update(from: scratchWeights, count: moved)

            let rightWeight = node.weight - split.leftWeight
            stack.append(Pending(start: node.start + kept, count: moved, depth: node.depth + 1, parent: index, isLeft: false, weight: rightWeight))
            for c in 0..<classCount { totalsStack.append(max(0, totals[c] - bestLeft[c])) }
            stack.append(Pending(start: node.start, count: kept, depth: node.depth + 1, parent: index, isLeft: true, weight: split.leftWeight))
            for c in 0..<classCount { totalsStack.append(bestLeft[c]) }
        }
        return tree
    }
}
