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

    func run() throws {
        let file = try ModelFile.load(path: model)
        let dataset = try Dataset.load(data)
        try file.check(layout: dataset.layout, path: data.joined(separator: " "))
        let task = file.header.task
        let rows = (0..<dataset.rowCount).filter { task.classIndex(of: dataset.labels[$0]) != nil }
        guard !rows.isEmpty else { throw RuntimeError("none of the \(dataset.rowCount) rows has a label for the \(task.rawValue) task") }
        let subset = dataset.subset(rows)
        let probabilities = try file.predictProbabilities(subset.features)
        let truth = subset.labels.compactMap { task.classIndex(of: $0) }
        let report = ClassificationReport(
            truth: truth, predicted: TrainingJob.argmax(probabilities, classes: file.classNames.count),
            probabilities: probabilities, classes: file.classNames, benignClass: task.benignClass)
        if json {
            try printJSON(report)
        } else {
            print("model \(file.identifier) (\(file.header.kind.rawValue), \(task.rawValue) task) on \(rows.count) rows")
            if file.header.pipeline.leakageDemonstration { print("LEAKAGE DEMONSTRATION: the model uses IAT") }
            print(report.text)
        }
    }
}
