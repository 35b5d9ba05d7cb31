import IoTData

extension RandomForestClassifier {
    /// Grows a forest on `train`.
    ///
    /// Bins every feature once (`FeatureBinner`, 1 byte per value, row-major), then grows
    /// `options.trees` trees in parallel, one tree per task on `options.threads` threads; tree
    /// `i` uses `SplitMix64(seed: options.seed, stream: i)` only, so the result is bit-identical
    /// for a seed whatever the thread count. `validation` is not used (a forest does not
    /// stop early). `progress` is called with ("tree", done, total, nil) as trees finish —
    /// from worker threads, serialised.
    ///
    /// Memory: training floats + 1 byte × rows × features (codes) + per running tree about
    /// 12 bytes × rows. Time: O(trees × rows × maxFeatures × depth / threads).
    /// Throws `TreeTrainingError` for empty data, fewer than 2 classes, labels out of range,
    /// bad weights, all-NaN columns or invalid options.
    public static func fit(_ train: TrainingData, validation: TrainingData? = nil, options: RandomForestOptions = .init(), progress: TrainingProgress? = nil) throws -> RandomForestClassifier {
        try options.validate()
        let (labels, sampleWeights) = try train.checkedForTrees()
        if let validation { try train.checkValidation(validation) }
        let classCount = train.classCount, featureCount = train.features.columnCount, n = train.rowCount
        let threads = max(1, options.threads)

        var baseWeights = sampleWeights
        if options.classWeight == .balanced {
            let counts = train.classCounts
            let present = counts.filter { $0 > 0 }.count
            let classWeights = counts.map { $0 > 0 ? Float(Double(n) / Double(present * $0)) : 0 }
            for row in 0..<n { baseWeights[row] *= classWeights[Int(labels[row])] }
        }

        let binner = FeatureBinner(fitting: train.features, maxBins: options.maxBins, sampleRows: options.binSampleRows, seed: options.seed, threads: threads)
        // Row-major codes: the grower reads the drawn features of one row together.
        let codes = binner.binRowMajor(train.features, threads: threads)
        let settings = GiniTreeGrower.Settings(
            maxFeatures: options.maxFeatures.resolve(featureCount: featureCount),
            maxDepth: options.maxDepth ?? Int.max,
            minSamplesLeaf: options.minSamplesLeaf, minSamplesSplit: options.minSamplesSplit,
            bootstrap: options.bootstrap, leafScale: 1 / Float(options.trees))

        var trees = [GrownTree](repeating: GrownTree(), count: options.trees)
        let finished = ProgressCounter(total: options.trees, progress: progress)
        codes.withUnsafeBufferPointer { codes in
        labels.withUnsafeBufferPointer { labelBuffer in
        baseWeights.withUnsafeBufferPointer { weightBuffer in
        trees.withUnsafeMutableBufferPointer { treeSlots in
            guard let codeBase = codes.baseAddress, let labelBase = labelBuffer.baseAddress, let weightBase = weightBuffer.baseAddress else { return }
            let inputs = ClassificationInputs(
                codes: codeBase, rowCount: n, featureCount: featureCount, labels: labelBase, baseWeights: weightBase,
                classCount: classCount, thresholds: binner.thresholds)
            let grower = GiniTreeGrower(inputs: inputs, settings: settings)
            let slots = UnsafeSendable(treeSlots)
            ParallelWork.forEach(options.trees, threads: threads) { index in
                var rng = SplitMix64(seed: options.seed, stream: UInt64(index))
                slots.value[index] = grower.grow(rng: &rng)
                finished.step()
            }
        }}}}

        let forest = FlatForest(
            classCount: classCount, featureCount: featureCount, link: .average, trees: trees,
            treeClasses: [Int32](repeating: -1, count: trees.count), baseScores: [Float](repeating: 0, count: classCount))
        let importances = TreeImportances.forestMean(trees.map(\.importances), featureCount: featureCount)
        return RandomForestClassifier(options: options, forest: forest, importances: importances)
    }
}
