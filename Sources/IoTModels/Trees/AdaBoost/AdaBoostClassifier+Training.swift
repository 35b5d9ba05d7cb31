import Foundation
import IoTData

extension AdaBoostClassifier {
    /// Boosts `options.rounds` stumps with SAMME (multiclass AdaBoost, Zhu et al. 2009), as
    /// scikit-learn's `AdaBoostClassifier(algorithm="SAMME")`: each stump is the best Gini
    /// split on the current row weights, each side predicting its heaviest class; weighted
    /// error `err`, `α = learningRate·(log((1−err)/err) + log(K−1))`, misclassified rows'
    /// weights × e^α, renormalised. Stops early on a perfect stump (kept with α = 1) or one no
    /// better than chance (dropped). `validation` is not used.
    ///
    /// Deterministic; the per-feature histograms run on `options.threads` threads.
    /// Time: O(rounds × rows × features / threads). Throws `TreeTrainingError` as the other
    /// tree learners, plus `.noBetterThanChance` when the first stump is no better than chance.
    public static func fit(_ train: TrainingData, validation: TrainingData? = nil, options: AdaBoostOptions = .init(), progress: TrainingProgress? = nil) throws -> AdaBoostClassifier {
        try options.validate()
        let (labels, sampleWeights) = try train.checkedForTrees()
        if let validation { try train.checkValidation(validation) }
        let classCount = train.classCount, featureCount = train.features.columnCount, n = train.rowCount
        let threads = max(1, options.threads)
        let binner = FeatureBinner(fitting: train.features, maxBins: options.maxBins, sampleRows: options.binSampleRows, seed: options.seed, threads: threads)
        let binned = binner.bin(train.features, threads: threads)

        var weights = sampleWeights.map(Double.init)
        let initialTotal = weights.reduce(0, +)
        for row in 0..<n { weights[row] /= initialTotal }
        var floatWeights = [Float](repeating: 0, count: n)
        let stride = classCount + 1
        let histogramSize = ClassHistogram.bins * stride
        var histograms = [Double](repeating: 0, count: featureCount * histogramSize)
        var lowBins = [Int](repeating: 255, count: featureCount), highBins = [Int](repeating: 0, count: featureCount)
        var stumps: [(feature: Int, bin: Int, leftClass: Int, rightClass: Int)] = []
        var alphas: [Double] = []
        let chance = 1 - 1 / Double(classCount)

        for round in 0..<options.rounds {
            for row in 0..<n { floatWeights[row] = Float(weights[row]) }
            var totals = [Double](repeating: 0, count: classCount)
            for row in 0..<n { totals[Int(labels[row])] += weights[row] }
            let totalWeight = totals.reduce(0, +)

            // Histograms, one feature per task.
            binned.codes.withUnsafeBufferPointer { codes in
            labels.withUnsafeBufferPointer { labelBuffer in
            floatWeights.withUnsafeBufferPointer { weightBuffer in
            histograms.withUnsafeMutableBufferPointer { histogramBuffer in
            lowBins.withUnsafeMutableBufferPointer { lows in
            highBins.withUnsafeMutableBufferPointer { highs in
                let shared = UnsafeSendable((codes, labelBuffer, weightBuffer, histogramBuffer, lows, highs))
                ParallelWork.forEach(featureCount, threads: threads) { feature in
                    let (codes, labels, weights, histograms, lows, highs) = shared.value
                    guard let codeBase = codes.baseAddress, let labelBase = labels.baseAddress, let weightBase = weights.baseAddress,
                          let histogramBase = histograms.baseAddress, let lowBase = lows.baseAddress, let highBase = highs.baseAddress else { return }
                    ClassHistogram.accumulate(
                        column: codeBase + feature * n, count: n, labels: labelBase, weights: weightBase, stride: stride,
                        histogram: histogramBase + feature * histogramSize, lowBin: &lowBase[feature], highBin: &highBase[feature])
                }
            }}}}}}

            // Best stump over all features (ties: lowest feature).
            var best: (feature: Int, bin: Int, score: Double)?
            var left = [Double](repeating: 0, count: classCount)
            var bestLeft = [Double](repeating: 0, count: classCount)
            histograms.withUnsafeMutableBufferPointer { histogramBuffer in
                totals.withUnsafeBufferPointer { totalBuffer in
                    left.withUnsafeMutableBufferPointer { leftBuffer in
                        guard let base = histogramBuffer.baseAddress, let totalBase = totalBuffer.baseAddress, let leftBase = leftBuffer.baseAddress else { return }
                        for feature in 0..<featureCount {
                            let histogram = base + feature * histogramSize
                            if lowBins[feature] < highBins[feature],
                               let found = ClassHistogram.bestSplit(
                                histogram: histogram, lowBin: lowBins[feature], highBin: highBins[feature], classCount: classCount,
                                totals: totalBase, totalWeight: totalWeight, totalCount: n, minLeaf: 1, left: leftBase),
                               found.score > (best?.score ?? -.infinity) {
                                best = (feature, found.bin, found.score)
                                bestLeft.withUnsafeMutableBufferPointer { target in
                                    if let targetBase = target.baseAddress {
                                        ClassHistogram.leftTotals(histogram: histogram, lowBin: lowBins[feature], bin: found.bin, classCount: classCount, into: targetBase)
                                    }
                                }
                            }
                            ClassHistogram.clear(histogram, lowBin: lowBins[feature], highBin: highBins[feature], stride: stride)
                            lowBins[feature] = 255
                            highBins[feature] = 0
                        }
                    }
                }
            }
            func heaviest(_ values: [Double]) -> Int { values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) } ?? 0 }
            let stump: (feature: Int, bin: Int, leftClass: Int, rightClass: Int)
            if let best {
                stump = (best.feature, best.bin, heaviest(bestLeft), heaviest(zip(totals, bestLeft).map { $0 - $1 }))
            } else {
                stump = (-1, 0, heaviest(totals), heaviest(totals))
            }

            // Weighted error of the stump.
            var error = 0.0
            var wrong = [Bool](repeating: false, count: n)
            binned.codes.withUnsafeBufferPointer { codes in
                for row in 0..<n {
                    let predicted = stump.feature < 0 || codes[stump.feature * n + row] <= UInt8(stump.bin) ? stump.leftClass : stump.rightClass
                    if predicted != Int(labels[row]) {
                        wrong[row] = true
                        error += weights[row]
                    }
                }
            }
            error /= totalWeight
            if error <= 0 {
                stumps.append(stump)
                alphas.append(1)
                progress?("round", round + 1, options.rounds, error)
                break
            }
            if error >= chance {
                if stumps.isEmpty { throw TreeTrainingError.noBetterThanChance(error: error) }
                break
            }
            let alpha = options.learningRate * (log((1 - error) / error) + log(Double(classCount - 1)))
            stumps.append(stump)
            alphas.append(alpha)
            progress?("round", round + 1, options.rounds, error)
            if round == options.rounds - 1 { break }
            let factor = exp(alpha)
            var sum = 0.0
            for row in 0..<n {
                if wrong[row], weights[row] > 0 { weights[row] *= factor }
                sum += weights[row]
            }
            guard sum > 0, sum.isFinite else { break }
            for row in 0..<n { weights[row] /= sum }
        }

        // Flatten: each stump's leaves hold its SAMME vote, scaled by 1 / (Σα (K − 1)).
        let alphaSum = alphas.reduce(0, +)
        let scale = 1 / (alphaSum * Double(classCount - 1))
        let other = -1 / Double(classCount - 1)
        var trees: [GrownTree] = []
        var gains = [Double](repeating: 0, count: featureCount)
        for (stump, alpha) in zip(stumps, alphas) {
            var tree = GrownTree()
            func vote(_ predicted: Int) -> [Float] {
                (0..<classCount).map { Float(alpha * ($0 == predicted ? 1 : other) * scale) }
            }
            if stump.feature < 0 {
                tree.leafValues = vote(stump.leftClass)
                tree.root = FlatNode.leafReference(0)
            } else {
                tree.nodes = [FlatNode(feature: Int32(stump.feature), threshold: binner.thresholds[stump.feature][stump.bin],
                                       left: FlatNode.leafReference(0), right: FlatNode.leafReference(classCount))]
                tree.splitBins = [UInt8(stump.bin)]
                tree.leafValues = vote(stump.leftClass) + vote(stump.rightClass)
                tree.root = 0
                gains[stump.feature] += alpha
            }
            trees.append(tree)
        }
        let forest = FlatForest(classCount: classCount, featureCount: featureCount, link: .softmax, trees: trees,
                                treeClasses: [Int32](repeating: -1, count: trees.count), baseScores: [Float](repeating: 0, count: classCount))
        return AdaBoostClassifier(options: options, forest: forest, stumpWeights: alphas.map { Float($0) },
                                  importances: TreeImportances.normalised(gains).map { Float($0) })
    }
}
