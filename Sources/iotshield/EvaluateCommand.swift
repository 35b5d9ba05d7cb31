import ArgumentParser
import Foundation
import IoTData
import IoTEval
import IoTModels

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Classification report of a trained model on labelled data (text like scikit-learn's, or --json).")

    @Option(help: "The model file (.iotm).")
    var model: String

    @Option(help: "Labelled data: a column store or CSV files/directories.")
    var data: [String]

    @Flag(help: "Print JSON (accuracy, macro_f1, weighted_f1, auc_macro, benign_fpr, per_class, confusion, classes).")
    var json = false

    @Flag(help: "Also measure single-row scoring latency (the sensor's path: one transformed row at a time, one thread) and print p50/p90/p99 in µs.")
    var latency = false

    @Option(help: "With --latency: timed passes over the rows (after one warm-up pass).")
    var latencyPasses = 5

    @Option(help: "With --latency: rows per pass (the first N).")
    var latencyRows = 20_000

    func run() throws {
        let file = try ModelFile.load(path: model)
        let dataset = try Dataset.load(data)
        try file.check(layout: dataset.layout, path: data.joined(separator: " "))
        let task = file.header.task
        let rows = (0..<dataset.rowCount).filter { task.classIndex(of: dataset.labels[$0]) != nil }
        guard !rows.isEmpty else { throw RuntimeError("none of the \(dataset.rowCount) rows has a label for the \(task.rawValue) task") }
        let subset = dataset.subset(rows)
        let batch = try ScoringTimer.batch(file, raw: subset.features)
        let probabilities = batch.probabilities
        let truth = subset.labels.compactMap { task.classIndex(of: $0) }
        let report = ClassificationReport(
            truth: truth, predicted: TrainingJob.argmax(probabilities, classes: file.classNames.count),
            probabilities: probabilities, classes: file.classNames, benignClass: task.benignClass)
        let probe = latency ? LatencyProbe.measure(file.classifier, rows: batch.transformed, passes: max(1, latencyPasses), maxRows: max(1, latencyRows)) : nil
        if json {
            try printJSON(EvaluationOutput(report: report, latency: probe, scoreSeconds: batch.scoreSeconds))
        } else {
            print("model \(file.identifier) (\(file.header.kind.rawValue), \(task.rawValue) task) on \(rows.count) rows")
            if file.header.pipeline.leakageDemonstration { print("LEAKAGE DEMONSTRATION: the model uses IAT") }
            print(report.text)
            if let probe {
                print(String(format: "single-row latency (%d calls, one thread): p50 %.2f µs, p90 %.2f µs, p99 %.2f µs, max %.1f µs",
                             probe.samples, probe.p50, probe.p90, probe.p99, probe.max))
            }
        }
    }
}

/// `evaluate --json`: the classification report's fields, plus `latency` with `--latency`
/// and the batch scoring seconds.
struct EvaluationOutput: Encodable {
    var report: ClassificationReport
    var latency: LatencyProbe.Result?
    var scoreSeconds: Double

    enum CodingKeys: String, CodingKey { case latency, scoreSeconds = "score_seconds" }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(latency, forKey: .latency)
        try c.encode(scoreSeconds, forKey: .scoreSeconds)
    }
}
