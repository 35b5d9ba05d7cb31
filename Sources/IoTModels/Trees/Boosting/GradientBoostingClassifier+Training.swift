import Foundation
import IoTData

extension GradientBoostingClassifier {
    /// Boosts trees on `train`; stops early on `validation` when given.
    ///
    /// Multiclass: softmax cross-entropy, each round one tree per class fitted to that class's
    /// gradient `p − y` and hessian `K/(K−1) · p(1−p)` (LightGBM's `multiclass`); starting
    /// scores are the log class priors. Two classes: logistic loss, one tree per round,
    /// starting from the log-odds of class 1. Features are binned once (`FeatureBinner`).
    /// With `validation`, its log-loss is computed after every round; after
    /// `earlyStoppingPatience` rounds without a lower loss the fit stops and keeps the best
    /// round. `progress` gets ("round", done, total, validation loss or nil).
    ///
    /// Deterministic for a seed whatever `threads` is. Memory: 1 byte × rows × features
    /// (codes) + 16 bytes × rows × trees per round (scores, gradients, hessians) + the grower's
    /// workspace. Time: O(rounds × trees per round × rows × features × ~2 / threads).
    /// Throws `TreeTrainingError` for empty data, fewer than 2 classes, labels out of range,
    /// bad weights, all-NaN columns, mismatched validation data or invalid options.
    public static func fit(_ train: TrainingData, validation: TrainingData? = nil, options: GradientBoostingOptions = .init(), progress: TrainingProgress? = nil) throws -> GradientBoostingClassifier {
        try options.validate()
        let (labels, weights) = try train.checkedForTrees()
        if let validation { try train.checkValidation(validation) }
        let classCount = train.classCount, featureCount = train.features.columnCount, n = train.rowCount
        let threads = max(1, options.threads)
        let binary = classCount == 2
        let perRound = binary ? 1 : classCount

        let binner = FeatureBinner(fitting: train.features, maxBins: options.maxBins, sampleRows: options.binSampleRows, seed: options.seed, threads: threads)
        let binned = binner.bin(train.features, threads: threads)
        let validationCodes = validation.map { binner.bin($0.features, threads: threads) }

        // Starting scores from the (weighted) class priors.
        var classWeight = [Double](repeating: 0, count: classCount)
        for row in 0..<n { classWeight[Int(labels[row])] += Double(weights[row]) }
        let totalWeight = classWeight.reduce(0, +)
        var baseScores = [Float](repeating: 0, count: classCount)
        var start = [Double](repeating: 0, count: perRound)
        if binary {
            let p = min(max(classWeight[1] / totalWeight, 1e-15), 1 - 1e-15)
            start[0] = log(p / (1 - p))
            baseScores[1] = Float(start[0])
        } else {
            for c in 0..<classCount {
                start[c] = log(max(classWeight[c] / totalWeight, 1e-15))
                baseScores[c] = Float(start[c])
            }
        }

        var scores = [Double](repeating: 0, count: n * perRound)
        for row in 0..<n { for k in 0..<perRound { scores[row * perRound + k] = start[k] } }
        var gradients = [Float](repeating: 0, count: n * perRound)
        var hessians = [Float](repeating: 0, count: n * perRound)
        let validationRows = validation?.rowCount ?? 0
        var validationScores = [Double](repeating: 0, count: validationRows * perRound)
        for row in 0..<validationRows { for k in 0..<perRound { validationScores[row * perRound + k] = start[k] } }

        let allRowsWeighted = weights.allSatisfy { $0 > 0 }
        var trees: [GrownTree] = []
        var treeClasses: [Int32] = []
        var bestLoss = Double.infinity
        var bestRound = -1
        var rng = SplitMix64(seed: options.seed, stream: 0xB005_7ED)
        var inUse = [Bool](repeating: true, count: n)

        try binned.codes.withUnsafeBufferPointer { codeBuffer in
            guard let codes = codeBuffer.baseAddress else { throw TreeTrainingError.emptyData }
            let settings = LeafWiseTreeGrower.Settings(
                maxLeaves: options.maxLeaves, maxDepth: options.maxDepth ?? Int.max, minSamplesLeaf: options.minSamplesLeaf,
                minHessian: options.minHessianLeaf, l2: options.l2, learningRate: options.learningRate, threads: threads)
            let grower = LeafWiseTreeGrower(codes: codes, rowCount: n, featureCount: featureCount, binCounts: binned.binCounts,
                                            thresholds: binner.thresholds, settings: settings)
            for round in 0..<options.rounds {
                computeGradients(scores: scores, labels: labels, weights: weights, perRound: perRound, binary: binary,
                                 gradients: &gradients, hessians: &hessians, threads: threads)
                // Rows this round: all weighted rows, or a Bernoulli sample of them.
                var usedRows = 0
                let sampling = options.rowFraction < 1
                for row in 0..<n {
                    var use = weights[row] > 0
                    if sampling, use { use = Double(rng.nextUnitFloat()) < options.rowFraction }
                    inUse[row] = use
                    if use { usedRows += 1 }
                }
                if usedRows == 0 { continue }
                let allRows = usedRows == n && allRowsWeighted
                for k in 0..<perRound {
                    var features = Array(0..<featureCount)
                    if options.featureFraction < 1 {
                        let keep = max(1, Int((options.featureFraction * Double(featureCount)).rounded()))
                        features.shuffle(using: &rng)
                        features = Array(features.prefix(keep)).sorted()
                    }
                    var filled = 0
                    for row in 0..<n where inUse[row] {
                        grower.positions[filled] = Int32(row)
                        filled += 1
                    }
                    let grown = gradients.withUnsafeBufferPointer { g in
                        hessians.withUnsafeBufferPointer { h -> (GrownTree, [LeafWiseTreeGrower.LeafRange])? in
                            guard let gBase = g.baseAddress, let hBase = h.baseAddress else { return nil }
                            return grower.grow(gradients: gBase + k * n, hessians: hBase + k * n,
                                               usedRows: usedRows, allRows: allRows, features: features)
                        }
                    }
                    guard let (tree, ranges) = grown else { throw TreeTrainingError.emptyData }
                    // Training scores: rows of each leaf directly; unused rows by walking the tree.
                    // Every row is in one leaf, so leaves update disjoint scores, on all threads.
                    scores.withUnsafeMutableBufferPointer { scoreBuffer in
                        let shared = UnsafeSendable((scoreBuffer.baseAddress, grower.positions))
                        ParallelWork.forEach(ranges.count, threads: usedRows >= LeafWiseTreeGrower.parallelRows ? threads : 1) { leaf in
                            let (scoreBase, positions) = shared.value
                            guard let scoreBase else { return }
                            let range = ranges[leaf], value = Double(range.value)
                            for i in range.start..<(range.start + range.count) { scoreBase[Int(positions[i]) * perRound + k] += value }
                        }
                    }
                    if usedRows < n {
                        for row in 0..<n where !inUse[row] {
                            scores[row * perRound + k] += Double(tree.leafValues[tree.leafOffset(codes: codes, rowCount: n, row: row)])
                        }
                    }
                    if let validationCodes {
                        validationCodes.codes.withUnsafeBufferPointer { vc in
                            guard let vcodes = vc.baseAddress else { return }
                            for row in 0..<validationRows {
                                validationScores[row * perRound + k] += Double(tree.leafValues[tree.leafOffset(codes: vcodes, rowCount: validationRows, row: row)])
                            }
                        }
                    }
                    trees.append(tree)
                    treeClasses.append(binary ? 1 : Int32(k))
                }
                var loss: Double?
                if let validation {
                    let current = logLoss(scores: validationScores, labels: validation.labels, perRound: perRound, binary: binary)
                    loss = current
                    if current < bestLoss {
                        bestLoss = current
                        bestRound = round
                    }
                }
                progress?("round", round + 1, options.rounds, loss)
                if validation != nil, options.earlyStoppingPatience > 0, round - bestRound >= options.earlyStoppingPatience { break }
            }
        }
        var rounds = trees.count / perRound
        if validation != nil, bestRound >= 0, options.earlyStoppingPatience > 0 {
            rounds = bestRound + 1
            trees.removeLast(trees.count - rounds * perRound)
            treeClasses.removeLast(treeClasses.count - rounds * perRound)
        }
        let forest = FlatForest(classCount: classCount, featureCount: featureCount, link: binary ? .sigmoid : .softmax,
                                trees: trees, treeClasses: treeClasses, baseScores: baseScores)
        var gains = [Double](repeating: 0, count: featureCount)
        for tree in trees { for f in 0..<featureCount { gains[f] += tree.importances[f] } }
        let importances = TreeImportances.normalised(gains).map { Float($0) }
        return GradientBoostingClassifier(options: options, forest: forest, rounds: rounds, importances: importances)
    }

    /// Gradients and hessians of every tree of the next round, class-major
    /// (`gradients[k * rows + row]`), rows in parallel blocks. O(rows × classes).
    static func computeGradients(scores: [Double], labels: [UInt8], weights: [Float], perRound: Int, binary: Bool,
                                 gradients: inout [Float], hessians: inout [Float], threads: Int) {
        let n = labels.count
        let blockRows = 8192
        let blocks = (n + blockRows - 1) / blockRows
        let factor = binary ? 1 : Double(perRound) / Double(perRound - 1)
        scores.withUnsafeBufferPointer { s in
        labels.withUnsafeBufferPointer { y in
        weights.withUnsafeBufferPointer { w in
        gradients.withUnsafeMutableBufferPointer { g in
        hessians.withUnsafeMutableBufferPointer { h in
            let shared = UnsafeSendable((s, y, w, g, h))
            ParallelWork.forEach(blocks, threads: threads) { block in
                let (s, y, w, g, h) = shared.value
                var probabilities = [Double](repeating: 0, count: perRound)
                for row in (block * blockRows)..<min(n, (block + 1) * blockRows) {
                    let weight = Double(w[row])
                    if binary {
                        let p = 1 / (1 + exp(-s[row]))
                        let target: Double = y[row] == 1 ? 1 : 0
                        g[row] = Float((p - target) * weight)
                        h[row] = Float(max(p * (1 - p), 1e-16) * weight)
                        continue
                    }
                    var top = -Double.infinity
                    for k in 0..<perRound { top = max(top, s[row * perRound + k]) }
                    var sum = 0.0
                    for k in 0..<perRound {
                        probabilities[k] = exp(s[row * perRound + k] - top)
                        sum += probabilities[k]
                    }
                    for k in 0..<perRound {
                        let p = probabilities[k] / sum
                        let target: Double = Int(y[row]) == k ? 1 : 0
                        g[k * n + row] = Float((p - target) * weight)
                        h[k * n + row] = Float(max(factor * p * (1 - p), 1e-16) * weight)
                    }
                }
            }
        }}}}}
    }

    /// Mean log-loss of raw scores. O(rows × classes).
    static func logLoss(scores: [Double], labels: [Int32], perRound: Int, binary: Bool) -> Double {
        var total = 0.0
        for (row, label) in labels.enumerated() {
            if binary {
                let p = 1 / (1 + exp(-scores[row]))
                let q = label == 1 ? p : 1 - p
                total -= log(max(q, 1e-15))
            } else {
                var top = -Double.infinity
                for k in 0..<perRound { top = max(top, scores[row * perRound + k]) }
                var sum = 0.0
                for k in 0..<perRound { sum += exp(scores[row * perRound + k] - top) }
                total -= scores[row * perRound + Int(label)] - top - log(sum)
            }
        }
        return total / Double(max(1, labels.count))
    }
}
