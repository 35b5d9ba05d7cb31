import Foundation
import IoTData
import Testing
@testable import IoTPrep

@Suite("The honest pipeline end to end")
struct PreparerTests {
    static func options(target: Int = 2_000) -> PreparationOptions {
        var options = PreparationOptions()
        options.balance = .uniform(target: target)
        options.threads = 2
        return options
    }

    /// The default run on both real samples (2,000 rows per class, 10 % validation), once.
    static func standard() throws -> PreparedData { try cachedStandard.get() }

    private static let cachedStandard = Result<PreparedData, any Error> {
        var options = Self.options()
        options.validationFraction = 0.1
        return try Preparer(options: options).prepare(try PrepFixtures.samplesDataset())
    }

    /// No test row is a training row, and none was a parent of a synthetic training row.
    @Test func noTestRowReachesTraining() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let prepared = try Self.standard()
        let testHashes = Set(prepared.test.origins.map { dataset.hashes[$0.row] })
        #expect(testHashes.count == prepared.test.rowCount, "test rows are distinct")
        #expect(prepared.train.origins.count == prepared.train.rowCount)
        var synthetic = 0
        for origin in prepared.train.origins {
            #expect(!testHashes.contains(dataset.hashes[origin.row]))
            if let neighbour = origin.neighbour {
                synthetic += 1
                #expect(!testHashes.contains(dataset.hashes[neighbour]))
            }
        }
        #expect(synthetic > 1000)
        let validation = try #require(prepared.validation)
        #expect(validation.origins.allSatisfy { !testHashes.contains(dataset.hashes[$0.row]) })
        let validationRows = Set(validation.origins.map(\.row))
        #expect(prepared.train.origins.allSatisfy { !validationRows.contains($0.row) && !validationRows.contains($0.neighbour ?? -1) })
        #expect(prepared.report.testRowsInTraining == 0)
        // Test rows are the pipeline applied unchanged to the dataset's rows.
        let testRows = prepared.test.origins.map(\.row)
        #expect(try prepared.pipeline.apply(dataset.features.rows(testRows)) == prepared.test.features)
        #expect(prepared.test.classes == testRows.map { LearningTask.family.classIndex(of: dataset.labels[$0]) ?? -1 })
    }

    /// The transforms are fitted on the training rows only.
    @Test func transformsAreFittedOnTrainOnly() throws {
        let dataset = try PrepFixtures.samplesDataset()
        var options = Self.options()
        options.balance = BalanceRecipe.none
        let preparer = Preparer(options: options)
        let prepared = try preparer.prepare(dataset)
        // Balanced rows come class by class; the fit saw them in dataset order.
        let trainRows = prepared.train.origins.map(\.row).sorted()
        #expect(trainRows.count == prepared.report.split.trainRows)
        let (refit, _) = try preparer.fitPipeline(dataset.features.rows(trainRows))
        #expect(refit == prepared.pipeline, "refitting on the training rows reproduces the pipeline")
        let everything = (trainRows + prepared.test.origins.map(\.row)).sorted()
        let (leaky, _) = try preparer.fitPipeline(dataset.features.rows(everything))
        #expect(leaky != prepared.pipeline, "fitting on train + test gives another pipeline")
    }

    @Test func defaultsDropIATAndReportIt() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let prepared = try Self.standard()
        let report = prepared.report
        #expect(!report.leakageDemonstration && !prepared.pipeline.leakageDemonstration)
        #expect(!report.outputColumns.contains("IAT"))
        #expect(report.droppedColumns.first == DroppedColumn(name: "IAT", kind: .leakage, detail: ColumnDropper.leakageGuard.reason))
        #expect(report.droppedColumns.filter { $0.kind == .correlated || $0.kind == .twin }.map(\.name)
                    == ["rst_count", "IPv", "LLC", "Std", "Tot size"])
        #expect(report.outputColumns.contains("Protocol Type=6") && !report.outputColumns.contains("Protocol Type"))
        #expect(report.split.trainRows + report.split.validationRows + report.split.testRows == dataset.rowCount)
        #expect(report.rowsIn == dataset.rowCount && report.duplicatesRemoved == 0 && report.rowsWithoutClass == 0)
        #expect(report.classes.map(\.trainBalanced) == [Int](repeating: 2_000, count: 8))
        // One-hot indicators are left unscaled.
        let protocolSix = try #require(prepared.train.features.columnNames.firstIndex(of: "Protocol Type=6"))
        #expect(Set(prepared.test.features.column(protocolSix)).isSubset(of: [0, 1]))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"leakageDemonstration\":false"))
    }

    @Test func keepingIATMarksEverythingAsALeakageDemonstration() throws {
        let dataset = try PrepFixtures.samplesDataset()
        var options = Self.options()
        options.keepIAT = true
        options.balance = BalanceRecipe.none
        let prepared = try Preparer(options: options).prepare(dataset)
        #expect(prepared.report.leakageDemonstration)
        #expect(prepared.pipeline.leakageDemonstration)
        #expect(prepared.report.outputColumns.contains("IAT"))
        #expect(prepared.report.warnings.first?.contains("leakage demonstration") == true)
        let reportJSON = String(decoding: try JSONEncoder().encode(prepared.report), as: UTF8.self)
        let pipelineJSON = String(decoding: try JSONEncoder().encode(prepared.pipeline), as: UTF8.self)
        #expect(reportJSON.contains("\"leakageDemonstration\":true"))
        #expect(pipelineJSON.contains("\"leakageDemonstration\":true"))
    }

    @Test func pipelineRoundTripsThroughJSON() throws {
        let dataset = try PrepFixtures.samplesDataset()
        for scaler in ScalerKind.allCases {
            var options = Self.options()
            options.scaler = scaler
            options.balance = BalanceRecipe.none
            let prepared = try Preparer(options: options).prepare(dataset)
            let data = try JSONEncoder().encode(prepared.pipeline)
            let decoded = try JSONDecoder().decode(Pipeline.self, from: data)
            #expect(decoded == prepared.pipeline)
            let rows = dataset.features.rows(Array(0..<200))
            #expect(try decoded.apply(rows) == prepared.pipeline.apply(rows))
            #expect(decoded.outputColumns == prepared.report.outputColumns)
        }
        // A damaged pipeline fails when loaded, with the reason.
        let prepared = try Self.standard()
        var text = String(decoding: try JSONEncoder().encode(prepared.pipeline), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"kind\":\"imputer\"", with: "\"kind\":\"quantumFilter\"")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pipeline.self, from: Data(text.utf8)) }
        // A matrix with other columns is rejected by name.
        let v2WithoutRate = PrepFixtures.select(dataset.features, dataset.features.columnNames.filter { $0 != "Rate" })
        #expect(throws: PrepError.self) { try prepared.pipeline.apply(v2WithoutRate) }
    }

    // MARK: Hostile inputs

    @Test func aClassWithOneRowIsDuplicatedAndReported() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let (rows, classes, _) = dataset.taskRows(for: .family)
        let bruteForce = AttackFamily.bruteForce.rawValue
        let firstBruteForce = try #require(rows.indices.first { classes[$0] == Int(bruteForce) })
        let keep = rows.indices.filter { classes[$0] != Int(bruteForce) || $0 == firstBruteForce }.map { rows[$0] }
        let prepared = try Preparer(options: Self.options(target: 500)).prepare(dataset.subset(keep))
        let entry = try #require(prepared.report.classes.first { $0.name == "BruteForce" })
        // The cap: one real row reaches at most 100 rows, not the 500 asked for.
        #expect(entry.train == 1 && entry.test == 0 && entry.trainBalanced == 100)
        #expect(prepared.report.balance.capped == [.init(name: "BruteForce", target: 500, cappedAt: 100)])
        let warnings = prepared.report.warnings.joined(separator: "\n")
        #expect(warnings.contains("BruteForce has 1 row(s); none goes to test"))
        #expect(warnings.contains("BruteForce has 1 training row; SMOTE cannot interpolate"))
    }

    @Test func constantAndNaNOnlyColumnsAreDroppedWithReasons() throws {
        var dataset = try PrepFixtures.samplesDataset()
        let rate = try #require(dataset.features.columnNames.firstIndex(of: "Rate"))
        let ttl = try #require(dataset.features.columnNames.firstIndex(of: "Time_To_Live"))
        for r in 0..<dataset.rowCount {
            dataset.features[r, rate] = .nan
            dataset.features[r, ttl] = 64
        }
        let prepared = try Preparer(options: Self.options(target: 500)).prepare(dataset)
        let dropped = Dictionary(uniqueKeysWithValues: prepared.report.droppedColumns.map { ($0.name, $0) })
        #expect(dropped["Rate"]?.kind == .constant)
        #expect(dropped["Time_To_Live"]?.kind == .constant)
        #expect(dropped["Time_To_Live"]?.detail.contains("are 64.0") == true)
        #expect(prepared.report.warnings.contains { $0.contains("'Rate' has no finite value") })
        #expect(prepared.train.features.values.allSatisfy { $0.isFinite })
        #expect(prepared.test.features.values.allSatisfy { $0.isFinite })
    }

    @Test func allConstantFeaturesAreATypedError() throws {
        var dataset = try PrepFixtures.samplesDataset()
        dataset.features.values = [Float](repeating: 1, count: dataset.features.values.count)
        do {
            _ = try Preparer(options: Self.options(target: 500)).prepare(dataset)
            Issue.record("a dataset without information was prepared")
        } catch let error as PrepError {
            #expect(error.description.hasPrefix("variance filter: no feature column left"), "\(error)")
        }
    }

    /// Grouped by file on the 34-label task: robotumbel's fine labels are only in test.
    @Test func labelsMissingFromTrainAreReported() throws {
        let dataset = try PrepFixtures.samplesDataset()
        var options = Self.options(target: 200)
        options.task = .label
        options.split = .grouped
        let prepared = try Preparer(options: options).prepare(dataset)
        let report = prepared.report
        #expect(report.rowsWithoutClass > 0, "family-only enasnayel rows cannot serve the 34-label task")
        #expect(report.split.testGroups.count == 1 && report.split.testGroups[0].hasSuffix("robotumbel-sample.csv"))
        let missing = report.classes.filter { $0.train == 0 && $0.test > 0 }
        #expect(missing.count >= 20)
        for entry in missing {
            #expect(report.warnings.contains("\(entry.name): 0 training rows but \(entry.test) test row(s); no model trained on this split can predict it"))
        }
        #expect(report.testRowsInTraining == 0)
    }

    @Test func noRowForTheTaskIsATypedError() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let familyOnly = dataset.labels.indices.filter { dataset.labels[$0].fine == AttackLabel.unknownCode }
        var options = Self.options()
        options.task = .label
        #expect(throws: PrepError.noRows(stage: "preparation", reason: "none of the \(familyOnly.count) rows has a class in the label task")) {
            try Preparer(options: options).prepare(dataset.subset(familyOnly))
        }
    }
}
