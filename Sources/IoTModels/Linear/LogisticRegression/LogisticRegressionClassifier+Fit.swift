import IoTData

extension LogisticRegressionClassifier {
    /// Fits on `train` (scaled features, labels in `0..<classCount`, optional row weights).
    ///
    /// `validation`, if given, is only scored at the end (`convergence.validationLoss`); it
    /// does not steer the fit (the objective is convex). `progress` gets
    /// `("epoch", done, maxIterations, loss)` (Adam) or `("iteration", …)` (L-BFGS).
    ///
    /// Cost: Adam O(epochs·rows·features·classes), memory O(batch·features + classes·features);
    /// L-BFGS O(iterations·evaluations·rows·features·classes), memory O(memory·classes·features).
    /// - Throws: `DenseTrainingError` for empty data, fewer than 2 classes, non-finite
    ///   features, bad labels or weights, bad options, or a loss that became non-finite.
    public static func fit(
        _ train: TrainingData, validation: TrainingData? = nil, options: Options = Options(), progress: TrainingProgress? = nil
    ) throws -> LogisticRegressionClassifier {
        try options.validate()
        let totalWeight = try train.validateForDenseTraining(set: "training")
        if let validation { try validation.validateForDenseTraining(set: "validation", matching: train) }
        return try BLAS.withThreadCount(options.threads) {
            let k = train.classCount
            let d = train.features.columnCount
            let (theta, report) = switch options.solver {
            case .adam: try fitAdam(train, totalWeight: totalWeight, options: options, progress: progress)
            case .lbfgs: try fitLBFGS(train, totalWeight: totalWeight, options: options, progress: progress)
            }
            var model = LogisticRegressionClassifier(
                weights: Array(theta[0..<(k * d)]), intercepts: Array(theta[(k * d)...]), featureCount: d, convergence: report)
            if let validation {
                var withValidation = report
                withValidation.validationLoss = validation.meanCrossEntropy(of: model.predictProbabilities(validation.features))
                model = LogisticRegressionClassifier(weights: model.weights, intercepts: model.intercepts, featureCount: d, convergence: withValidation)
            }
            return model
        }
    }

    /// Mini-batch Adam from zero weights; rows reshuffled every epoch with `options.seed`.
    /// Each step follows the gradient of `(1/S_B)·Σ_B wᵢ·CEᵢ + ‖W‖²/(2·C·S)` (an unbiased
    /// estimate of the full objective's gradient). When the epoch loss has not improved by more
    /// than `tolerance` for `noImprovementEpochs` epochs, the step size is cut by
    /// `learningRateReductionFactor` (at most `learningRateReductions` times, each resetting the
    /// count); the plateau after the last cut ends the fit as converged. Otherwise it stops
    /// after `maxIterations` epochs, not converged.
    static func fitAdam(_ train: TrainingData, totalWeight: Double, options: Options, progress: TrainingProgress?) throws
        -> ([Float], ConvergenceReport)
    {
        let k = train.classCount
        let d = train.features.columnCount
        let parameterCount = k * (d + 1)
        let rowCount = train.rowCount
        let batchSize = min(options.batchSize, rowCount)
        let theta = UnsafeMutableBufferPointer<Float>.zeroed(parameterCount)
        let gradient = UnsafeMutableBufferPointer<Float>.zeroed(parameterCount)
        let scores = UnsafeMutableBufferPointer<Float>.zeroed(batchSize * k)
        var batch = MiniBatch(capacity: batchSize, featureCount: d)
        defer {
            theta.deallocate()
            gradient.deallocate()
            scores.deallocate()
            batch.deallocate()
        }
        guard let thetaBase = theta.baseAddress, let gradientBase = gradient.baseAddress, let scoresBase = scores.baseAddress else {
            throw DenseTrainingError.emptyData(set: "training")
        }
        var adam = AdamOptimizer(parameterCount: parameterCount, learningRate: options.learningRate)
        var generator = SplitMix64(seed: options.seed)
        var order = Array(0..<rowCount)
        let penalty = Float(1 / (options.inverseRegularization * totalWeight))
        var best = Double.infinity
        var stale = 0
        var epoch = 0
        var loss = Double.nan
        var converged = false
        var reductions = 0
        while epoch < options.maxIterations {
            epoch += 1
            EpochShuffle.shuffle(&order, using: &generator)
            var lossSum = 0.0
            order.withUnsafeBufferPointer { orderBuffer in
                var start = 0
                while start < rowCount {
                    let end = min(start + batchSize, rowCount)
                    batch.fill(from: train, order: orderBuffer, range: start..<end)
                    start = end
                    guard batch.weightSum > 0 else { continue }
                    lossSum += SoftmaxObjective.accumulate(
                        x: batch.features, rows: batch.count, labels: batch.labels,
                        rowWeights: train.weights == nil ? nil : UnsafePointer(batch.weights),
                        parameters: thetaBase, classCount: k, featureCount: d, scores: scoresBase, gradient: gradientBase)
                    let inverse = Float(1 / batch.weightSum)
                    for i in 0..<(k * d) { gradient[i] = gradient[i] * inverse + penalty * theta[i] }
                    for i in (k * d)..<parameterCount { gradient[i] *= inverse }
                    adam.update(theta, gradient: UnsafeBufferPointer(gradient))
                }
            }
            var squaredNorm = 0.0
            for i in 0..<(k * d) { squaredNorm += Double(theta[i]) * Double(theta[i]) }
            loss = lossSum / totalWeight + 0.5 * Double(penalty) * squaredNorm
            guard loss.isFinite else {
                throw DenseTrainingError.diverged("logistic regression loss became \(loss) in epoch \(epoch); lower learningRate or scale the inputs")
            }
            progress?("epoch", epoch, options.maxIterations, loss)
            if loss > best - options.tolerance { stale += 1 } else { stale = 0 }
            best = min(best, loss)
            if stale >= options.noImprovementEpochs {
                guard reductions < options.learningRateReductions else {
                    converged = true
                    break
                }
                reductions += 1
                adam.learningRate *= options.learningRateReductionFactor
                stale = 0
            }
        }
        let detail = converged
            ? "epoch loss did not improve by more than \(options.tolerance) for \(options.noImprovementEpochs) epochs at learning rate \(adam.learningRate) (\(reductions) reductions)"
            : "epoch budget (\(options.maxIterations)) exhausted"
        let report = ConvergenceReport(
            unit: .epoch, iterations: epoch, maxIterations: options.maxIterations, converged: converged, trainingLoss: loss, detail: detail)
        return (Array(theta), report)
    }

    /// Full-batch L-BFGS on `SoftmaxObjective` from zero weights (deterministic).
    static func fitLBFGS(_ train: TrainingData, totalWeight: Double, options: Options, progress: TrainingProgress?) throws
        -> ([Float], ConvergenceReport)
    {
        let objective = SoftmaxObjective(data: train, totalWeight: totalWeight, inverseRegularization: options.inverseRegularization)
        let minimizer = LBFGSMinimizer(
            memory: options.memory, maxIterations: options.maxIterations, gradientTolerance: options.tolerance,
            functionTolerance: options.relativeFunctionTolerance)
        let result = minimizer.minimize(
            start: [Double](repeating: 0, count: objective.parameterCount), objective: objective.evaluate,
            onIteration: { iteration, value in progress?("iteration", iteration, options.maxIterations, value) })
        guard result.value.isFinite else {
            throw DenseTrainingError.diverged("logistic regression objective is \(result.value); scale the inputs")
        }
        let report = ConvergenceReport(
            unit: .iteration, iterations: result.iterations, maxIterations: options.maxIterations, converged: result.converged,
            trainingLoss: result.value, detail: "\(result.detail); \(result.evaluations) objective evaluations")
        return (result.x.map { Float($0) }, report)
    }
}
