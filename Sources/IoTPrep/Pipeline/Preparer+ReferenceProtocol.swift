import IoTData

extension Preparer {
    /// The reference study's (leaky) order, for side-by-side comparison only: the transforms
    /// are fitted and SMOTE/downsampling run on *all* rows, and only then is the balanced set
    /// split. Synthetic rows interpolated from test rows' neighbours land in training, so test
    /// scores are inflated. Dedup is kept (as in `prepare`) so that balancing-before-split is
    /// the one difference between the two protocols.
    ///
    /// `report.testRowsInTraining` counts test rows that share a real parent row with some
    /// training row (the leak this order creates). Never use this for a model you deploy.
    public func prepareBalancingBeforeSplit(_ dataset: Dataset) throws -> PreparedData {
        let task = options.task
        let classNames = task.classNames
        var warnings = ["leaky reference protocol: transforms and balancing saw every row before the split"]
        let (unique, _) = dataset.firstOccurrences()
        var rows: [Int] = []
        var classes: [Int] = []
        for row in unique {
            guard let value = task.classIndex(of: dataset.labels[row]) else { continue }
            rows.append(row)
            classes.append(value)
        }
        guard !rows.isEmpty else {
            throw PrepError.noRows(stage: "preparation", reason: "none of the \(dataset.rowCount) rows has a class in the \(task.rawValue) task")
        }
        let all = dataset.features.rows(rows)
        let (pipeline, fitWarnings) = try fitPipeline(all, classes: classes)
        warnings += fitWarnings
        let transformed = try pipeline.apply(all)
        let balanceOptions = BalanceOptions(recipe: options.resolvedBalance, neighbours: options.neighbours,
                                            maxOversampleFactor: options.maxOversampleFactor, seed: options.seed,
                                            threads: options.threads, recordProvenance: true)
        let balanced = try Balancer.balance(transformed, classes: classes, classNames: classNames, options: balanceOptions)
        warnings += balanced.report.warnings
        let split = try Splitter.stratified(classes: balanced.classes, classNames: classNames, testFraction: options.testFraction, seed: options.seed)
        let origins = balanced.origins.map { RowOrigin(row: rows[$0.row], neighbour: $0.neighbour.map { rows[$0] }, step: $0.step) }
        let trainSet = PreparedSet(features: balanced.features.rows(split.train), classes: split.train.map { balanced.classes[$0] },
                                   origins: split.train.map { origins[$0] })
        let testSet = PreparedSet(features: balanced.features.rows(split.test), classes: split.test.map { balanced.classes[$0] },
                                  origins: split.test.map { origins[$0] })
        var parents = Set<Int>()
        for origin in trainSet.origins {
            parents.insert(origin.row)
            if let neighbour = origin.neighbour { parents.insert(neighbour) }
        }
        let related = testSet.origins.filter { parents.contains($0.row) || ($0.neighbour.map(parents.contains) ?? false) }.count
        var perClass = classNames.map { PreparationReport.ClassRows(name: $0, train: 0, validation: 0, test: 0, trainBalanced: 0) }
        for value in trainSet.classes { perClass[value].train += 1; perClass[value].trainBalanced += 1 }
        for value in testSet.classes { perClass[value].test += 1 }
        let report = PreparationReport(
            leakageDemonstration: pipeline.leakageDemonstration, task: task, seed: options.seed, options: options,
            rowsIn: dataset.rowCount, duplicatesRemoved: dataset.rowCount - unique.count, rowsWithoutClass: unique.count - rows.count,
            split: .init(strategy: .stratified, testFraction: options.testFraction, validationFraction: 0,
                         trainRows: trainSet.rowCount, validationRows: 0, testRows: testSet.rowCount, trainGroups: [], testGroups: []),
            classes: perClass, balance: balanced.report, droppedColumns: pipeline.droppedColumns,
            inputColumns: pipeline.inputColumns, outputColumns: pipeline.outputColumns, oneHot: [],
            testRowsInTraining: related, warnings: warnings)
        return PreparedData(train: trainSet, validation: nil, test: testSet, pipeline: pipeline, report: report)
    }
}
