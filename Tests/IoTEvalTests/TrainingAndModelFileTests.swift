import Foundation
import Testing
@testable import IoTData
@testable import IoTEval
@testable import IoTModels
@testable import IoTPrep

@Suite("Training job, model files and the experiment runner", .serialized)
struct TrainingAndModelFileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = ["cic-v2-enasnayel-sample.csv", "cic-v2-robotumbel-sample.csv"].map { root.appendingPathComponent("data/ciciot2023/\($0)").path }

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("iotshield-model-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func job(_ kind: ModelKind = .randomForest) -> TrainingJob {
        var preparation = PreparationOptions()
        preparation.task = .family
        preparation.balance = .uniform(target: 600)
        var spec = ModelSpec(kind: kind)
        spec.randomForest.trees = 10
        spec.threads = 2
        return TrainingJob(preparation: preparation, model: spec)
    }

    @Test func saveLoadPredictIsIdentical() throws {
        let dataset = try Dataset.load(csv: Self.samples)
        let result = try Self.job().run(dataset)
        #expect(result.preparation.testRowsInTraining == 0, "no test row reaches training")
        let report = try #require(result.testReport)
        #expect(report.macroF1 > 0.5)
        let path = try Self.scratch() + "/rf.iotm"
        try result.modelFile.write(to: path)
        let loaded = try ModelFile.load(path: path)
        #expect(loaded.header.training.testMetrics?.macroF1 == report.macroF1)
        #expect(loaded.classNames == LearningTask.family.classNames)
        let probabilities = try loaded.predictProbabilities(dataset.features)
        let original = try result.modelFile.predictProbabilities(dataset.features)
        #expect(probabilities == original)
        for row in stride(from: 0, to: dataset.rowCount, by: 97) {
            let sum = (0..<8).reduce(Float(0)) { $0 + probabilities[row * 8 + $1] }
            #expect(abs(sum - 1) < 1e-4)
        }
        #expect(loaded.identifier.hasPrefix("rf-family-"))
    }

    @Test func trainingIsReproducible() throws {
        let dataset = try Dataset.load(csv: Self.samples)
        let a = try Self.job().run(dataset)
        let b = try Self.job().run(dataset)
        var wa = BinaryWriter(), wb = BinaryWriter()
        a.modelFile.classifier.encode(to: &wa)
        b.modelFile.classifier.encode(to: &wb)
        #expect(wa.bytes == wb.bytes, "same seed and threads → bit-identical model")
        #expect(a.modelFile.header.pipeline == b.modelFile.header.pipeline)
    }

    @Test func damagedModelFilesAreRejected() throws {
        let dataset = try Dataset.load(csv: [Self.samples[1]])
        let bytes = try Self.job().run(dataset).modelFile.encoded()
        let directory = try Self.scratch()
        func expectError(_ data: [UInt8], _ check: (ModelFileError) -> Bool) throws {
            let path = directory + "/\(UUID().uuidString).iotm"
            try Data(data).write(to: URL(fileURLWithPath: path))
            do {
                _ = try ModelFile.load(path: path)
                Issue.record("a damaged model file loaded")
            } catch let error as ModelFileError {
                #expect(check(error), "\(error)")
                #expect(error.description.contains(path))
            }
        }
        try expectError(Array(bytes.prefix(bytes.count / 2))) { $0 == .truncated(path: $0.path) }
        try expectError(Array(bytes.prefix(3))) { $0 == .truncated(path: $0.path) }
        var flipped = bytes
        flipped[bytes.count / 3] ^= 0x10
        try expectError(flipped) { if case .corrupt = $0 { return true }; return false }
        var future = bytes
        future[4] = 9
        try expectError(future) { if case .newerVersion(_, 9, 1) = $0 { return true }; return false }
        try expectError(Array("Header_Length,Rate\n".utf8)) { $0 == .notAModel(path: $0.path) }
        let model = try ModelFile.decode(bytes, path: "m.iotm")
        #expect(throws: ModelFileError.wrongSchema(path: "data.csv", expected: .v2, found: .v1)) { try model.check(layout: .v1, path: "data.csv") }
    }

    @Test func experimentWritesReportsAndResumes() throws {
        let dataset = try Dataset.load(csv: Self.samples)
        let output = try Self.scratch()
        var preparation = PreparationOptions()
        preparation.balance = .uniform(target: 2500)  // above the smaller classes: SMOTE runs
        var spec = ModelSpec(kind: .randomForest)
        spec.randomForest.trees = 5
        let lines = LogLines()
        let runner = ExperimentRunner(tasks: [.binary, .family], models: [spec], protocols: [.honest, .seed],
                                      preparation: preparation, output: output, log: { lines.append($0) })
        let summary = try runner.run(dataset)
        #expect(summary.results.count == 4)
        #expect(summary.results.filter { $0.protocolName == .honest }.allSatisfy { $0.testRowsInTraining == 0 })
        #expect(summary.results.filter { $0.protocolName == .seed }.allSatisfy { $0.testRowsInTraining > 0 }, "SMOTE before the split leaks")
        let csv = try String(contentsOfFile: output + "/summary.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 5)
        let markdown = try String(contentsOfFile: output + "/summary.md", encoding: .utf8)
        #expect(markdown.contains("What the leaky protocol inflates"))
        let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
        #expect(html.components(separatedBy: "<tr class=\"run\">").count - 1 == 4)
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 >= 8, "confusion + ROC (+ importance) per run, inlined")
        #expect(!html.contains("http://") && !html.contains("https://"), "no network needed")
        for run in summary.results {
            for picture in run.pictures { #expect(FileManager.default.fileExists(atPath: output + "/" + picture)) }
        }
        // Resume: nothing is redone.
        let again = LogLines()
        let second = try ExperimentRunner(tasks: [.binary, .family], models: [spec], protocols: [.honest, .seed],
                                          preparation: preparation, output: output, log: { again.append($0) }).run(dataset)
        #expect(second.results.map(\.macroF1) == summary.results.map(\.macroF1))
        #expect(again.all.filter { $0.contains("done earlier") }.count == 4)
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

extension ModelFileError {
    var path: String {
        switch self {
        case let .cannotOpen(path), let .cannotWrite(path), let .notAModel(path), let .truncated(path),
             let .newerVersion(path, _, _), let .corrupt(path, _), let .wrongSchema(path, _, _):
            return path
        }
    }
}
