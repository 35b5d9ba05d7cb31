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
    var out: String?

    @Flag(help: "Print JSON: rows, seconds in the pipeline and in the classifier (batch, all cores), rows per second.")
    var json = false

    func validate() throws {
        if out == nil && !json { throw ValidationError("give --out FILE, --json, or both") }
    }

    func run() throws {
        let file = try ModelFile.load(path: model)
        var options = CSVReader.Options()
        options.unknownLabels = .skip
        let dataset = try Dataset.load(data, csvOptions: options)
        try file.check(layout: dataset.layout, path: data.joined(separator: " "))
        let batch = try ScoringTimer.batch(file, raw: dataset.features)
        let probabilities = batch.probabilities
        if json {
            try printJSON(PredictionTiming(model: file.identifier, kind: file.header.kind.rawValue, rows: dataset.rowCount,
                                           transformSeconds: batch.transformSeconds, scoreSeconds: batch.scoreSeconds))
        }
        guard let out else { return }
        let k = file.classNames.count
        let predicted = TrainingJob.argmax(probabilities, classes: k)
        var text = "row,predicted,probability,true_label," + file.classNames.map { "p_\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<dataset.rowCount {
            let truth = file.header.task.classIndex(of: dataset.labels[row]).map { file.classNames[$0] } ?? ""
            text += "\(row),\(file.classNames[predicted[row]]),\(probabilities[row * k + predicted[row]]),\(truth),"
            text += (0..<k).map { String(probabilities[row * k + $0]) }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: out, atomically: true, encoding: .utf8)
        if !json { print("\(dataset.rowCount) predictions written to \(out) (model \(file.identifier))") }
    }
}

/// `predict --json`: where the time went.
struct PredictionTiming: Encodable {
    var model: String
    var kind: String
    var rows: Int
    var transformSeconds: Double
    var scoreSeconds: Double
    var rowsPerSecond: Double { Double(rows) / max(scoreSeconds, 1e-9) }

    enum CodingKeys: String, CodingKey {
        case model, kind, rows, transformSeconds = "transform_seconds", scoreSeconds = "score_seconds", rowsPerSecond = "rows_per_second"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(kind, forKey: .kind)
        try c.encode(rows, forKey: .rows)
        try c.encode(transformSeconds, forKey: .transformSeconds)
        try c.encode(scoreSeconds, forKey: .scoreSeconds)
        try c.encode(rowsPerSecond, forKey: .rowsPerSecond)
    }
}
