import IoTData

extension PerceptronClassifier {
    /// Fits online from zero weights, one row at a time, in an order reshuffled each epoch
    /// with `options.seed`. The epoch loss is the mean weighted perceptron loss
    /// `max(0, max_{c≠y} s_c − s_y)`, summed before each row's update (as scikit-learn does).
    ///
    /// `validation` is checked for shape but does not steer the fit. `progress` gets
    /// `("epoch", done, maxEpochs, loss)`. Single-threaded, no BLAS (each update depends on
    /// the previous one); O(epochs·rows·features·classes), memory O(rows + classes·features).
    /// - Throws: `DenseTrainingError` for empty data, fewer than 2 classes, non-finite
    ///   features, bad labels or weights, or bad options.
    public static func fit(
        _ train: TrainingData, validation: TrainingData? = nil, options: Options = Options(), progress: TrainingProgress? = nil
    ) throws -> PerceptronClassifier {
        try options.validate()
        let totalWeight = try train.validateForDenseTraining(set: "training")
        if let validation { try validation.validateForDenseTraining(set: "validation", matching: train) }
        let k = train.classCount
        let d = train.features.columnCount
        let rowCount = train.rowCount
        var weights = [Float](repeating: 0, count: k * d)
        var intercepts = [Float](repeating: 0, count: k)
        var scores = [Float](repeating: 0, count: k)
        var order = Array(0..<rowCount)
        var generator = SplitMix64(seed: options.seed)
        let eta = options.learningRate
        var best = Double.infinity
        var stale = 0
        var epoch = 0
        var loss = Double.nan
        var converged = false
        while epoch < options.maxEpochs {
            epoch += 1
            if options.shuffle { EpochShuffle.shuffle(&order, using: &generator) }
            var lossSum = 0.0
            train.features.values.withUnsafeBufferPointer { x in
                weights.withUnsafeMutableBufferPointer { w in
                    intercepts.withUnsafeMutableBufferPointer { b in
                        scores.withUnsafeMutableBufferPointer { s in
                            for row in order {
                                let rowWeight = train.weights?[row] ?? 1
                                guard rowWeight > 0 else { continue }
                                let xi = UnsafeBufferPointer(rebasing: x[(row * d)..<((row + 1) * d)])
                                for c in 0..<k {
                                    var sum: Float = 0
                                    let base = c * d
                                    for j in 0..<d { sum += w[base + j] * xi[j] }
                                    s[c] = sum + b[c]
                                }
                                let label = Int(train.labels[row])
                                var rival = label == 0 ? 1 : 0
                                for c in 0..<k where c != label && s[c] > s[rival] { rival = c }
                                let margin = s[rival] - s[label]
                                guard margin >= 0 else { continue }
                                lossSum += Double(rowWeight) * Double(margin)
                                let step = eta * rowWeight
                                let (yBase, rBase) = (label * d, rival * d)
                                for j in 0..<d {
                                    let delta = step * xi[j]
                                    w[yBase + j] += delta
                                    w[rBase + j] -= delta
                                }
                                b[label] += step
                                b[rival] -= step
                            }
                        }
                    }
                }
            }
            loss = lossSum / totalWeight
            progress?("epoch", epoch, options.maxEpochs, loss)
            guard let tolerance = options.tolerance else { continue }
            if loss > best - tolerance { stale += 1 } else { stale = 0 }
            best = min(best, loss)
            if stale >= options.noImprovementEpochs {
                converged = true
                break
            }
        }
        guard loss.isFinite, weights.allSatisfy(\.isFinite) else {
            throw DenseTrainingError.diverged("perceptron weights became non-finite; scale the inputs")
        }
        let detail = converged
            ? "epoch loss did not improve by more than \(options.tolerance ?? 0) for \(options.noImprovementEpochs) epochs"
            : "epoch budget (\(options.maxEpochs)) exhausted"
        let report = ConvergenceReport(
            unit: .epoch, iterations: epoch, maxIterations: options.maxEpochs, converged: converged, trainingLoss: loss, detail: detail)
        return PerceptronClassifier(weights: weights, intercepts: intercepts, featureCount: d, convergence: report)
    }
}
