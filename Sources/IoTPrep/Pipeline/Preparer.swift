import IoTData

/// The honest learning pipeline, in this order:
///
/// 1. exact duplicates removed (a no-op for `Dataset.load` output), rows without a class
///    in the task dropped and counted;
/// 2. split — stratified by class or grouped by source file — into train and test (and a
///    stratified validation part of train);
/// 3. transforms fitted on the training rows only: leakage guard (`IAT` dropped unless
///    `keepIAT`), imputer, variance filter, correlation filter (categorical columns
///    excluded), one-hot encoder, scaler (one-hot indicators left unscaled);
/// 4. the fitted pipeline applied unchanged to train, validation and test;
/// 5. the training part — and only it — balanced (downsampling, SMOTE, cap).
///
/// Returns the sets, the fitted `Pipeline` and a `PreparationReport`. Cost: dominated by
/// the correlation pass (O(train rows × features²)) and SMOTE's neighbour search.
public struct Preparer: Sendable {
    public var options: PreparationOptions

    public init(options: PreparationOptions = PreparationOptions()) {
        self.options = options
    }

    /// - Throws: `PrepError` naming the stage (bad option, no rows for the task, too few
    ///   groups, every feature removed, …).
    public func prepare(_ dataset: consuming Dataset) throws -> PreparedData {
        let task = options.task
        let classNames = task.classNames
        var warnings: [String] = []
        if options.validationFraction != 0 {
            try Splitter.checkFraction(options.validationFraction, name: "validationFraction")
        }

        // 1. Dedup, then the rows that serve the task.
        let (unique, hashes) = dataset.firstOccurrences()
        let duplicates = dataset.rowCount - unique.count
        if duplicates > 0 {
            warnings.append("\(duplicates) exact duplicate row(s) removed before splitting")
        }
        var rows: [Int] = []
        var classes: [Int] = []
        rows.reserveCapacity(unique.count)
        classes.reserveCapacity(unique.count)
        for row in unique {
            guard let value = task.classIndex(of: dataset.labels[row]) else { continue }
            rows.append(row)
            classes.append(value)
        }
        let withoutClass = unique.count - rows.count
        guard !rows.isEmpty else {
            throw PrepError.noRows(stage: "preparation", reason: "none of the \(dataset.rowCount) rows has a class in the \(task.rawValue) task")
        }
        if withoutClass > 0 {
            warnings.append("\(withoutClass) row(s) have no class in the \(task.rawValue) task and were left out")
        }

        // 2. Split (indices into `rows`).
        let outer: SplitIndices
        switch options.split {
        case .stratified:
            outer = try Splitter.stratified(classes: classes, classNames: classNames, testFraction: options.testFraction, seed: options.seed)
        case .grouped:
            outer = try Splitter.grouped(groups: rows.map { Int(dataset.sources[$0]) }, groupNames: dataset.sourceNames,
                                         testFraction: options.testFraction, seed: options.seed)
        }
        warnings += outer.warnings
        var trainLocal = outer.train
        var validationLocal: [Int] = []
        if options.validationFraction > 0 {
            let inner = try Splitter.stratified(classes: trainLocal.map { classes[$0] }, classNames: classNames,
                                                testFraction: options.validationFraction, seed: options.seed &+ 1)
            warnings += inner.warnings.map { "validation " + $0 }
            validationLocal = inner.test.map { trainLocal[$0] }
            trainLocal = inner.train.map { trainLocal[$0] }
        }
        guard !trainLocal.isEmpty else { throw PrepError.noRows(stage: "preparation", reason: "the split left no training row") }
        let trainRows = trainLocal.map { rows[$0] }
        let validationRows = validationLocal.map { rows[$0] }
        let testRows = outer.test.map { rows[$0] }
        let trainClasses = trainLocal.map { classes[$0] }

        // 3. The raw rows of each part, then the raw dataset goes (a caller that handed over
        // its last reference, `prepare(consume dataset)`, frees it): at most the dataset and
        // its parts are alive (2× the raw rows) instead of the dataset, the gathered training
        // rows and a fitted step's output on them (2.6×).
        let rawTest = dataset.features.rows(testRows)
        let rawValidation = validationRows.isEmpty ? nil : dataset.features.rows(validationRows)
        let rawTrain = dataset.features.rows(trainRows)
        let rowsIn = dataset.rowCount, sourceNames = dataset.sourceNames
        _ = consume dataset

        // 4. Fit on train only, and apply unchanged. The fit hands back the training rows it
        // transformed, bit-identical to `pipeline.apply(rawTrain)` (every step is row-wise
        // with fixed fitted state; `Pipeline.apply` runs the same steps in order).
        let fit = try fitPipeline(rawTrain, classes: trainClasses, transformingTrain: true)
        let pipeline = fit.pipeline
        warnings += fit.warnings
        // (`fitPipeline` hands the rows back whenever asked; `rawTrain` is gone by now, so were
        // it not to, this stops with an error instead of training on nothing.)
        guard let trainMatrix = fit.transformedTrain else {
            throw PrepError.noRows(stage: "prepare", reason: "the fitted pipeline returned no transformed training rows")
        }
        let testSet = PreparedSet(features: try pipeline.apply(rawTest), classes: outer.test.map { classes[$0] },
                                  origins: testRows.map { RowOrigin(row: $0) })
        var validationSet: PreparedSet?
        if let rawValidation {
            validationSet = PreparedSet(features: try pipeline.apply(rawValidation),
                                        classes: validationLocal.map { classes[$0] }, origins: validationRows.map { RowOrigin(row: $0) })
        }

        // 5. Balance train only.
        let balanceOptions = BalanceOptions(recipe: options.resolvedBalance, neighbours: options.neighbours,
                                            maxOversampleFactor: options.maxOversampleFactor, seed: options.seed,
                                            threads: options.threads, recordProvenance: options.recordProvenance)
        let balanced = try Balancer.balance(trainMatrix, classes: trainClasses, classNames: classNames, options: balanceOptions)
        warnings += balanced.report.warnings
        let trainOrigins = balanced.origins.map { origin in
            RowOrigin(row: trainRows[origin.row], neighbour: origin.neighbour.map { trainRows[$0] }, step: origin.step)
        }
        let trainSet = PreparedSet(features: balanced.features, classes: balanced.classes, origins: trainOrigins)

        // Report.
        var perClass = classNames.map { PreparationReport.ClassRows(name: $0, train: 0, validation: 0, test: 0, trainBalanced: 0) }
        for value in trainClasses { perClass[value].train += 1 }
        for local in validationLocal { perClass[classes[local]].validation += 1 }
        for local in outer.test { perClass[classes[local]].test += 1 }
        for value in balanced.classes { perClass[value].trainBalanced += 1 }
        for entry in perClass where entry.train == 0 && entry.test > 0 {
            warnings.append("\(entry.name): 0 training rows but \(entry.test) test row(s); no model trained on this split can predict it")
        }
        var trainHashes = RowHashSet(minimumCapacity: max(16, trainRows.count * 2))
        for row in trainRows { _ = trainHashes.insert(hashes[row]) }
        let overlap = testRows.filter { trainHashes.contains(hashes[$0]) }.count
        if options.keepIAT {
            warnings.insert("IAT kept: this preparation is a leakage demonstration, not a result", at: 0)
        }
        let encodings = pipeline.steps.compactMap { step -> [FittedOneHotEncoder.Encoding]? in
            if case .oneHotEncoder(let encoder) = step { return encoder.encodings }
            return nil
        }.flatMap { $0 }
        let report = PreparationReport(
            leakageDemonstration: pipeline.leakageDemonstration, task: task, seed: options.seed, options: options,
            rowsIn: rowsIn, duplicatesRemoved: duplicates, rowsWithoutClass: withoutClass,
            split: .init(strategy: options.split, testFraction: options.testFraction, validationFraction: options.validationFraction,
                         trainRows: trainRows.count, validationRows: validationRows.count, testRows: testRows.count,
                         trainGroups: outer.trainGroups.map { groupName($0, sourceNames) },
                         testGroups: outer.testGroups.map { groupName($0, sourceNames) }),
            classes: perClass, balance: balanced.report, droppedColumns: pipeline.droppedColumns,
            inputColumns: pipeline.inputColumns, outputColumns: pipeline.outputColumns, oneHot: encodings,
            testRowsInTraining: overlap, warnings: warnings)
        return PreparedData(train: trainSet, validation: validationSet, test: testSet, pipeline: pipeline, report: report)
    }

    /// Fits every transform on the training matrix, each on the previous one's output.
    /// O(rows × columns²) for the correlation step, O(rows × columns) for the others.
    public func fitPipeline(_ train: consuming FeatureMatrix, classes: [Int]? = nil) throws -> (Pipeline, warnings: [String]) {
        let fit = try fitPipeline(train, classes: classes, transformingTrain: false)
        return (fit.pipeline, fit.warnings)
    }

    /// `fitPipeline`, and with `transformingTrain` the training rows through every fitted step
    /// (what `pipeline.apply(train)` gives, without a second pass from the raw rows).
    func fitPipeline(_ train: consuming FeatureMatrix, classes: [Int]?, transformingTrain: Bool) throws
        -> (pipeline: Pipeline, warnings: [String], transformedTrain: FeatureMatrix?) {
        var steps: [FittedTransform] = []
        var warnings: [String] = []
        let inputColumns = train.columnNames
        // A step's output is made only when the next step is fitted on it (the last step's
        // never is: nothing uses it), and the matrix it came from is let go then — with the
        // training rows taken over from the caller, at most two full-size matrices are alive.
        var current = consume train
        var pending: FittedTransform?
        func add(_ step: FittedTransform) {
            steps.append(step)
            pending = step
        }
        func fitted() throws -> FeatureMatrix {
            if let step = pending {
                pending = nil
                current = try step.transform(current)
            }
            return current
        }
        if !options.keepIAT {
            add(.columnSelection(try ColumnDropper.leakageGuard.fit(try fitted(), classes: classes)))
        }
        let imputer = try Imputer(strategy: options.imputation, infinityIsMissing: options.infinityIsMissing,
                                  threads: options.threads).fit(try fitted(), classes: classes)
        warnings += imputer.warnings
        add(.imputer(imputer))
        add(.varianceFilter(try VarianceFilter(threshold: options.varianceThreshold,
                                               maxDominantFraction: options.maxDominantFraction).fit(try fitted(), classes: classes)))
        if let threshold = options.correlationThreshold {
            let filter = try CorrelationFilter(threshold: threshold, rule: options.correlationRule,
                                               excludedColumns: options.oneHotColumns, threads: options.threads)
                .fit(try fitted(), classes: classes)
            warnings += filter.warnings
            add(.correlationFilter(filter))
        }
        var indicators: [String] = []
        if !options.oneHotColumns.isEmpty {
            let encoder = try OneHotEncoder(columns: options.oneHotColumns, maxCategories: options.oneHotMaxCategories)
                .fit(try fitted(), classes: classes)
            warnings += encoder.warnings
            indicators = encoder.indicatorColumns
            add(.oneHotEncoder(encoder))
        }
        switch options.scaler {
        case .standard:
            add(.standardScaler(try StandardScaler(excludedColumns: indicators).fit(try fitted(), classes: classes)))
        case .minMax:
            add(.minMaxScaler(try MinMaxScaler(excludedColumns: indicators).fit(try fitted(), classes: classes)))
        case .none:
            break
        }
        let pipeline = try Pipeline(inputColumns: inputColumns, steps: steps, leakageDemonstration: options.keepIAT)
        return (pipeline, warnings, transformingTrain ? try fitted() : nil)
    }

    private func groupName(_ group: Int, _ sourceNames: [String]) -> String {
        group >= 0 && group < sourceNames.count ? sourceNames[group] : "group \(group)"
    }
}
