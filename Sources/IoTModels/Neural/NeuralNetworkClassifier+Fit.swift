import IoTData

extension NeuralNetworkClassifier {
    /// Trains a network `features → options.hiddenLayers → classes` on `train` (scaled
    /// features, labels in `0..<classCount`, optional row weights).
    ///
    /// Each epoch visits the rows in a fresh seeded order in mini-batches; each batch takes one
    /// Adam step on the mean weighted cross-entropy (`Σ wᵢ·CEᵢ / Σ wᵢ` over the batch) with
    /// dropout on the hidden layers. Early stopping monitors the validation loss when
    /// `validation` is given, else the epoch's mean training loss: after `patience` epochs
    /// without an improvement larger than `minDelta` the fit stops (reported as converged)
    /// and, with `restoreBestWeights`, keeps the best epoch's weights. `progress` gets
    /// `("epoch", done, epochs, monitored loss)`.
    ///
    /// Cost per epoch: O(rows·Σ widthₗ·widthₗ₋₁) in `sgemm`, plus a validation pass; memory
    /// O(parameters + batch·Σ widths), independent of the row count.
    /// - Throws: `DenseTrainingError` for empty data, fewer than 2 classes, non-finite
    ///   features, bad labels or weights, bad options, or a loss that became non-finite.
    public static func fit(
        _ train: TrainingData, validation: TrainingData? = nil, options: Options = Options(), progress: TrainingProgress? = nil
    ) throws -> NeuralNetworkClassifier {
        try options.validate()
        let totalWeight = try train.validateForDenseTraining(set: "training")
        if let validation { try validation.validateForDenseTraining(set: "validation", matching: train) }
        guard let layout = DenseNetworkLayout(widths: [train.features.columnCount] + options.hiddenLayers + [train.classCount]) else {
            throw DenseTrainingError.invalidOption("the layer widths \(options.hiddenLayers) give too many parameters")
        }
        return try BLAS.withThreadCount(options.threads) {
            try runEpochs(layout: layout, train: train, totalWeight: totalWeight, validation: validation, options: options, progress: progress)
        }
    }

    static func runEpochs(
        layout: DenseNetworkLayout, train: TrainingData, totalWeight: Double, validation: TrainingData?, options: Options,
        progress: TrainingProgress?
    ) throws -> NeuralNetworkClassifier {
        var initialisation = SplitMix64(seed: options.seed, stream: 0)
        var shuffling = SplitMix64(seed: options.seed, stream: 1)
        var dropping = SplitMix64(seed: options.seed, stream: 2)
        let initial = DenseNetworkTrainer.heInitialisedParameters(layout: layout, generator: &initialisation)
        let rowCount = train.rowCount
        let batchSize = min(options.batchSize, rowCount)
        let trainer = DenseNetworkTrainer(layout: layout, capacity: batchSize, parameters: initial)
        var batch = MiniBatch(capacity: batchSize, featureCount: layout.featureCount)
        defer { batch.deallocate() }
        var adam = AdamOptimizer(
            parameterCount: layout.parameterCount, learningRate: options.learningRate, beta1: options.beta1, beta2: options.beta2,
            epsilon: options.epsilon)
        var order = Array(0..<rowCount)
        let weighted = train.weights != nil

        var best = Double.infinity
        var kept = (epoch: 0, parameters: initial, trainingLoss: Double.nan, validationLoss: Double?.none)
        var stale = 0
        var epoch = 0
        var stoppedEarly = false
        while epoch < options.epochs {
            epoch += 1
            EpochShuffle.shuffle(&order, using: &shuffling)
            var lossSum = 0.0
            order.withUnsafeBufferPointer { orderBuffer in
                var start = 0
                while start < rowCount {
                    let end = min(start + batchSize, rowCount)
                    batch.fill(from: train, order: orderBuffer, range: start..<end)
                    start = end
                    guard batch.weightSum > 0 else { continue }
                    lossSum += trainer.lossAndGradient(
                        input: batch.features, rows: batch.count, labels: batch.labels, weights: weighted ? UnsafePointer(batch.weights) : nil,
                        normaliser: batch.weightSum, dropout: options.dropout, l2: options.l2, generator: &dropping)
                    adam.update(trainer.parameters, gradient: UnsafeBufferPointer(trainer.gradient))
                }
            }
            let trainingLoss = lossSum / totalWeight
            guard trainingLoss.isFinite else {
                throw DenseTrainingError.diverged("network loss became \(trainingLoss) in epoch \(epoch); lower learningRate or scale the inputs")
            }
            let current = Array(trainer.parameters)
            let validationLoss = validation.map { data in
                data.meanCrossEntropy(of: NeuralNetworkClassifier(layout: layout, parameters: current, convergence: .placeholder).predictProbabilities(data.features))
            }
            let monitored = validationLoss ?? trainingLoss
            progress?("epoch", epoch, options.epochs, monitored)
            let improved = monitored < best - options.minDelta || epoch == 1
            if improved {
                best = monitored
                stale = 0
            } else {
                stale += 1
            }
            if improved || !options.restoreBestWeights { kept = (epoch, current, trainingLoss, validationLoss) }
            if stale >= options.patience {
                stoppedEarly = true
                break
            }
        }
        let monitoredName = validation == nil ? "training loss" : "validation loss"
        let detail = stoppedEarly
            ? "\(monitoredName) did not improve by more than \(options.minDelta) for \(options.patience) epochs; kept epoch \(kept.epoch)"
            : "epoch budget (\(options.epochs)) exhausted; kept epoch \(kept.epoch)"
        let report = ConvergenceReport(
            unit: .epoch, iterations: epoch, maxIterations: options.epochs, converged: stoppedEarly, trainingLoss: kept.trainingLoss,
            validationLoss: kept.validationLoss, detail: detail)
        return NeuralNetworkClassifier(layout: layout, parameters: kept.parameters, convergence: report)
    }
}
