import ArgumentParser
import Foundation
import IoTData
import IoTEval
import IoTModels

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score rows with a trained model and write one prediction per row as CSV.")

    @Option(help: "The model file (.iotm).")
    var model: String

    @Option(help: "A column store or CSV files/directories (labels optional).")
    var data: [String]

    @Option(name: .shortAndLong, help: "Output CSV: row, predicted class, its probability, true label if known, then one probability per class.")
    var out: String

    func run() throws {
        let file = try ModelFile.load(path: model)
        var options = CSVReader.Options()
        options.unknownLabels = .skip
        let dataset = try Dataset.load(data, csvOptions: options)
        try file.check(layout: dataset.layout, path: data.joined(separator: " "))
        let probabilities = try file.predictProbabilities(dataset.features)
        let k = file.classNames.count
        let predicted = TrainingJob.argmax(probabilities, classes: k)
        var text = "row,predicted,probability,true_label," + file.classNames.map { "p_\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<dataset.rowCount {
            let truth = file.header.task.classIndex(of: dataset.labels[row]).map { file.classNames[$0] } ?? ""
            text += "\(row),\(file.classNames[predicted[row]]),\(probabilities[row * k + predicted[row]]),\(truth),"
            text += (0..<k).map { String(probabilities[row * k + $0]) }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: out, atomically: true, encoding: .utf8)
        print("\(dataset.rowCount) predictions written to \(out) (model \(file.identifier))")
    }
}
