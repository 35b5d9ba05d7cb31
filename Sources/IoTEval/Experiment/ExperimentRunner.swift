import Foundation
import IoTData
import IoTModels
import IoTPlot
import IoTPrep

/// How a run splits and balances: the honest way, or the reference study's way.
public enum ExperimentProtocol: String, Sendable, Codable, CaseIterable {
    /// dedup → split → fit transforms and SMOTE on train → untouched test.
    case honest
    /// The reference study: transforms and balancing (SMOTE) on all rows, then split —
    /// synthetic neighbours of test rows reach training, so scores are inflated.
    case seed
}

/// The whole study in one call: every task × model × protocol, each run's report, pictures and
/// a consolidated summary (`summary.md`, `summary.csv`) and one self-contained `report.html`.
///
/// A run whose `runs/ID/result.json` exists is not redone, so an interrupted experiment
/// resumes where it stopped.
public struct ExperimentRunner: Sendable {
    public var tasks: [LearningTask]
    public var models: [ModelSpec]
    public var protocols: [ExperimentProtocol]
    public var preparation: PreparationOptions
    public var output: String
    public var log: @Sendable (String) -> Void

    public init(tasks: [LearningTask], models: [ModelSpec], protocols: [ExperimentProtocol], preparation: PreparationOptions,
                output: String, log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.tasks = tasks
        self.models = models
        self.protocols = protocols
        self.preparation = preparation
        self.output = output
        self.log = log
    }

    /// One finished run, as stored in `result.json`.
    public struct RunResult: Codable, Sendable {
        public var id: String
        public var task: LearningTask
        public var model: String
        public var protocolName: ExperimentProtocol
        public var accuracy: Double
        public var macroF1: Double
        public var weightedF1: Double
        public var aucMacro: Double?
        public var benignFalsePositiveRate: Double?
        public var fitSeconds: Double
        public var predictRowsPerSecond: Double
        public var trainRows: Int
        public var testRows: Int
        public var leakageDemonstration: Bool
        /// Test rows whose content also reached training (0 for honest runs by construction).
        public var testRowsInTraining: Int
        public var pictures: [String]
        public var reportText: String
    }

    public struct Summary: Sendable {
        public var results: [RunResult]
        public var skippedTasks: [String: String]
    }

    /// Runs everything (resuming), then writes the summary files and the HTML report.
    public func run(_ dataset: Dataset) throws -> Summary {
        try FileManager.default.createDirectory(atPath: output + "/runs", withIntermediateDirectories: true)
        var results: [RunResult] = []
        var skipped: [String: String] = [:]
        let total = tasks.count * models.count * protocols.count
        var index = 0
        for task in tasks {
            let serving = dataset.labels.lazy.filter { task.classIndex(of: $0) != nil }.count
            let classesPresent = Set(dataset.labels.compactMap { task.classIndex(of: $0) }).count
            if serving == 0 || classesPresent < 2 {
                skipped[task.rawValue] = "the data has no rows labelled for this task (\(serving) rows, \(classesPresent) classes)"
                log("skip \(task.rawValue): \(skipped[task.rawValue] ?? "")")
                index += models.count * protocols.count
                continue
            }
            for protocolName in protocols {
                for spec in models {
                    index += 1
                    let id = "\(task.rawValue)-\(spec.kind.rawValue)-\(protocolName.rawValue)"
                    let directory = output + "/runs/" + id
                    let resultPath = directory + "/result.json"
                    if let data = FileManager.default.contents(atPath: resultPath), let done = try? JSONDecoder().decode(RunResult.self, from: data) {
                        log("[\(index)/\(total)] \(id): done earlier (macro-F1 \(String(format: "%.4f", done.macroF1)))")
                        results.append(done)
                        continue
                    }
                    log("[\(index)/\(total)] \(id): running…")
                    let result = try runOne(dataset, task: task, spec: spec, protocolName: protocolName, id: id, directory: directory)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    try encoder.encode(result).write(to: URL(fileURLWithPath: resultPath))
                    log(String(format: "[%d/%d] %@: accuracy %.4f, macro-F1 %.4f, AUC %@, fit %.1f s",
                               index, total, id, result.accuracy, result.macroF1, result.aucMacro.map { String(format: "%.4f", $0) } ?? "-", result.fitSeconds))
                    results.append(result)
                }
            }
        }
        let summary = Summary(results: results, skippedTasks: skipped)
        try ExperimentReport(summary: summary, preparation: preparation, output: output).write()
        return summary
    }

    func runOne(_ dataset: Dataset, task: LearningTask, spec: ModelSpec, protocolName: ExperimentProtocol, id: String, directory: String) throws -> RunResult {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var options = preparation
        options.task = task
        options.seed = spec.seed
        let prepared: PreparedData
        switch protocolName {
        case .honest: prepared = try Preparer(options: options).prepare(dataset)
        case .seed: prepared = try Preparer(options: options).prepareBalancingBeforeSplit(dataset)
        }
        let train = TrainingData(features: prepared.train.features, labels: prepared.train.classes.map { Int32($0) }, classCount: task.classCount)
        let validation = prepared.validation.map { TrainingData(features: $0.features, labels: $0.classes.map { Int32($0) }, classCount: task.classCount) }
        let fitStart = Date()
        let classifier = try spec.fit(train, validation: validation, progress: nil)
        let fitSeconds = Date().timeIntervalSince(fitStart)
        let predictStart = Date()
        let probabilities = classifier.predictProbabilities(prepared.test.features)
        let predictSeconds = max(Date().timeIntervalSince(predictStart), 1e-9)
        let report = ClassificationReport(
            truth: prepared.test.classes, predicted: TrainingJob.argmax(probabilities, classes: task.classCount),
            probabilities: probabilities, classes: task.classNames, benignClass: task.benignClass)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(report).write(to: URL(fileURLWithPath: directory + "/report.json"))
        try encoder.encode(prepared.report).write(to: URL(fileURLWithPath: directory + "/prepare.json"))
        let header = "\(id)\(prepared.report.leakageDemonstration ? "  [LEAKAGE DEMONSTRATION: IAT kept]" : "")\n\n"
        try (header + report.text).write(toFile: directory + "/report.txt", atomically: true, encoding: .utf8)
        let pictures = try drawPictures(report: report, truth: prepared.test.classes, probabilities: probabilities, classifier: classifier,
                                        featureNames: prepared.pipeline.outputColumns, id: id, directory: directory)
        return RunResult(
            id: id, task: task, model: spec.kind.rawValue, protocolName: protocolName, accuracy: report.accuracy, macroF1: report.macroF1,
            weightedF1: report.weightedF1, aucMacro: report.aucMacro, benignFalsePositiveRate: report.benignFalsePositiveRate,
            fitSeconds: fitSeconds, predictRowsPerSecond: Double(prepared.test.rowCount) / predictSeconds,
            trainRows: prepared.train.rowCount, testRows: prepared.test.rowCount, leakageDemonstration: prepared.report.leakageDemonstration,
            testRowsInTraining: prepared.report.testRowsInTraining, pictures: pictures, reportText: report.text)
    }

    /// Confusion matrix, ROC curves and (tree models) feature importances, PNG + SVG; returns the PNG paths relative to the output.
    func drawPictures(report: ClassificationReport, truth truthRows: [Int], probabilities: [Float], classifier: any Classifier, featureNames: [String],
                      id: String, directory: String) throws -> [String] {
        var written: [String] = []
        let present = (0..<report.classes.count).filter { report.perClass[$0].support > 0 || report.confusion.predictedCounts[$0] > 0 }
        let counts = present.map { t in present.map { p in report.confusion[t, p] } }
        try HeatmapChart.confusionMatrix(counts, labels: present.map { report.classes[$0] }, title: "Confusion matrix — \(id)")
            .write(pngPath: directory + "/confusion.png", svgPath: directory + "/confusion.svg")
        written.append("runs/\(id)/confusion.png")
        let k = report.classes.count
        let truth = report.confusion.support
        let byClass = (0..<k).filter { truth[$0] > 0 }.sorted { truth[$0] > truth[$1] }.prefix(10)
        var series: [LineSeries] = []
        for c in byClass {
            let curve = ROCCurve(positives: truthRows.map { $0 == c }, scores: (0..<truthRows.count).map { Double(probabilities[$0 * k + c]) }).thinned(to: 400)
            guard let area = curve.area else { continue }
            series.append(try LineSeries(name: "\(report.classes[c]) (AUC \(String(format: "%.3f", area)))", x: curve.falsePositiveRates, y: curve.truePositiveRates))
        }
        if !series.isEmpty {
            try LineChart.roc(series, title: "ROC (one-vs-rest) — \(id)").write(pngPath: directory + "/roc.png", svgPath: directory + "/roc.svg")
            written.append("runs/\(id)/roc.png")
        }
        if let importances = classifier.featureImportances, importances.count == featureNames.count {
            try BarChart.featureImportances(names: featureNames, importances: importances.map(Double.init), top: 20, title: "Feature importance — \(id)")
                .write(pngPath: directory + "/importance.png", svgPath: directory + "/importance.svg")
            written.append("runs/\(id)/importance.png")
        }
        return written
    }
}
