import Foundation
import IoTData
import Testing
@testable import IoTPrep

/// Prepared sets written as column stores, balancing a store, correlating a store — on the
/// real samples.
@Suite("Prepared stores, store balancing and correlation")
struct PreparedStoreTests {
    /// The family task on both samples, the training part left unbalanced (once).
    static func unbalanced() throws -> PreparedData { try cachedUnbalanced.get() }

    private static let cachedUnbalanced = Result<PreparedData, any Error> {
        var options = PreparerTests.options()
        options.balance = BalanceRecipe.none
        return try Preparer(options: options).prepare(try PrepFixtures.samplesDataset())
    }

    /// Every row of a store, row-major, with its class column and label codes.
    static func readAll(_ path: String) throws -> (FeatureMatrix, classes: [Int], codes: [LabelCode]) {
        let reader = try ColumnStoreReader(path: path)
        var matrix = FeatureMatrix(columnNames: reader.featureNames, reservingRows: reader.rowCount)
        var classes: [Int] = []
        var codes: [LabelCode] = []
        try reader.forEachChunk { chunk in
            for r in 0..<chunk.rowCount {
                matrix.appendRow(chunk.features.map { $0[r] })
                classes.append(Int(chunk.classes[r]))
                codes.append(chunk.label(at: r))
            }
        }
        return (matrix, classes, codes)
    }

    @Test func preparedSetsRoundTripThroughAStore() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let prepared = try PreparerTests.standard()
        let directory = try PrepFixtures.scratchDirectory()
        for (name, set) in [("train", prepared.train), ("test", prepared.test)] {
            let path = directory.appendingPathComponent("\(name).iotc").path
            try set.writeStore(to: path, task: .family, codes: dataset.labels, sources: dataset.sources,
                               sourceNames: dataset.sourceNames, rowsIn: dataset.rowCount)
            let reader = try ColumnStoreReader(path: path)
            #expect(reader.task == .family && reader.layout == nil)
            #expect(reader.featureNames == prepared.pipeline.outputColumns)
            #expect(reader.featureNames.contains("Protocol Type=other"))
            let (matrix, classes, codes) = try Self.readAll(path)
            #expect(matrix == set.features, "\(name): features stored bit for bit")
            #expect(classes == set.classes)
            // Each row carries the codes of the row it came from (a SMOTE row: its seed row),
            // and those codes are of the row's class.
            #expect(codes == set.origins.map { dataset.labels[$0.row] })
            #expect(zip(codes, classes).allSatisfy { LearningTask.family.classIndex(of: $0) == $1 })
            let synthetic = set.origins.filter(\.isSynthetic).count
            #expect(reader.metadata.oversampledRows == synthetic)
            #expect(name == "test" ? synthetic == 0 : synthetic > 0)
            #expect(reader.metadata.sources == dataset.sourceNames)
        }
    }

    /// `StoreBalancing` on a prepared, unbalanced train store gives what `Balancer` gives in memory.
    @Test func balancingAStoreEqualsBalancingInMemory() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let prepared = try Self.unbalanced()
        let directory = try PrepFixtures.scratchDirectory()
        let input = directory.appendingPathComponent("train.iotc").path
        let output = directory.appendingPathComponent("balanced.iotc").path
        try prepared.train.writeStore(to: input, task: .family, codes: dataset.labels, sources: dataset.sources,
                                      sourceNames: dataset.sourceNames)
        let options = BalanceOptions(recipe: .uniform(target: 1_500), neighbours: 5, seed: 7, threads: 2)
        let summary = try StoreBalancing.run(input: input, output: output, task: nil, options: options)
        let expected = try Balancer.balance(prepared.train.features, classes: prepared.train.classes,
                                            classNames: LearningTask.family.classNames, options: options)
        #expect(summary.task == .family && summary.rowsIn == prepared.train.rowCount && summary.rowsWithoutClass == 0)
        #expect(summary.report == expected.report)
        let (matrix, classes, _) = try Self.readAll(output)
        #expect(matrix == expected.features)
        #expect(classes == expected.classes)
        let counts = BalanceTests.counts(classes, LearningTask.family.classCount)
        for (c, entry) in expected.report.classes.enumerated() { #expect(counts[c] == entry.after) }
        #expect(try ColumnStoreReader(path: output).classCounts == counts)
        // A task other than the store's is refused by name.
        #expect(throws: PrepError.invalidOption(name: "task", value: "binary", reason: "\(input) was prepared for the family task")) {
            try StoreBalancing.run(input: input, output: output, task: .binary, options: options)
        }
    }

    /// A raw store needs a task; rows without a class in it are left out and counted.
    @Test func balancingARawStoreNeedsATask() throws {
        let store = try PrepFixtures.scratchDirectory().appendingPathComponent("raw.iotc").path
        _ = try Ingestor.run(inputs: PrepFixtures.samples, store: store, showProgress: false)
        let out = store + ".balanced.iotc"
        let options = BalanceOptions(recipe: .uniform(target: 300), threads: 2)
        #expect(throws: PrepError.self) { try StoreBalancing.run(input: store, output: out, task: nil, options: options) }
        let summary = try StoreBalancing.run(input: store, output: out, task: .label, options: options)
        let familyOnly = try PrepFixtures.samplesDataset().labels.filter { $0.fine == AttackLabel.unknownCode }.count
        #expect(summary.rowsWithoutClass == familyOnly)
        #expect(summary.rowsOut == summary.report.rowsAfter)
        #expect(summary.text.contains("without a label class, left out"))
    }

    /// `correlate` over a store: the pandas reference's drop list, and the matrix of the
    /// in-memory accumulator.
    @Test func correlationSummaryOfAStore() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let store = try PrepFixtures.scratchDirectory().appendingPathComponent("raw.iotc").path
        _ = try Ingestor.run(inputs: PrepFixtures.samples, store: store, showProgress: false)
        let filter = CorrelationFilter(excludedColumns: ["Protocol Type"], threads: 2)
        let summary = try CorrelationSummary.of(store: store, columns: PrepFixtures.featuresWithoutIAT, filter: filter)
        #expect(summary.dropped.map(\.name) == ["rst_count", "IPv", "LLC", "Std", "Tot size"])
        #expect(summary.rowsUsed == dataset.rowCount && summary.rowsSkipped == 0)
        #expect(summary.kept.count == PrepFixtures.featuresWithoutIAT.count - 5 && summary.kept.contains("Protocol Type"))
        let memory = try CorrelationAccumulator.accumulate(PrepFixtures.select(dataset.features, PrepFixtures.featuresWithoutIAT), threads: 2)
        let expected = memory.correlationMatrix()
        var worst = 0.0
        for (rowA, rowB) in zip(summary.matrix, expected) {
            for (a, b) in zip(rowA, rowB) {
                #expect((a == nil) == (b == nil))
                if let a, let b { worst = max(worst, abs(a - b)) }
            }
        }
        #expect(worst <= 1e-12)
        // The categorical column is in the matrix but never a candidate.
        let protocolRow = try #require(summary.columns.firstIndex(of: "Protocol Type"))
        #expect(summary.matrix[protocolRow][protocolRow] == 1)
        #expect(summary.text(matrix: true).contains("drop 5:"))
        #expect(throws: PrepError.missingColumn(stage: "correlation over \(store)", column: "Nope")) {
            try CorrelationSummary.of(store: store, columns: ["Rate", "Nope"], filter: filter)
        }
    }
}
