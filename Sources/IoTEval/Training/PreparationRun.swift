import Foundation
import IoTData
import IoTPlot
import IoTPrep

/// `iotshield prepare`: runs the honest pipeline and writes what it made — the transformed
/// train (balanced), validation (if any) and test sets as prepared column stores
/// (`train.iotc`, …; or CSV with `format: .csv`), `prepare.json`, and correlation heatmaps
/// of the features before and after reduction (PNG and SVG).
public enum PreparationRun {
    /// How the prepared sets are written.
    public enum Format: String, Sendable, CaseIterable {
        /// Prepared column stores (`.iotc`): transformed Float32 columns by name, the task's
        /// class, label codes and source per row; readable by `inspect` and `correlate`.
        case store
        /// CSV: the transformed columns, then the class name in a last `class` column.
        case csv

        var fileExtension: String { self == .store ? "iotc" : "csv" }
    }

    /// - Returns: a short human summary.
    public static func run(dataset: Dataset, options: PreparationOptions, directory: String, format: Format = .store) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let prepared = try Preparer(options: options).prepare(dataset)
        let report = prepared.report
        var written: [String: String] = [:]
        let parts: [(String, PreparedSet?)] = [("train", prepared.train), ("validation", prepared.validation), ("test", prepared.test)]
        for (name, set) in parts {
            guard let set else { continue }
            let path = "\(directory)/\(name).\(format.fileExtension)"
            switch format {
            case .store:
                try set.writeStore(to: path, task: options.task, codes: dataset.labels, sources: dataset.sources,
                                   sourceNames: dataset.sourceNames, rowsIn: dataset.rowCount)
            case .csv:
                try write(set, classNames: options.task.classNames, to: path)
            }
            written[name] = path
        }

        // Heatmaps: raw features (the pipeline's input columns) and what the model sees.
        let raw = dataset.features.columns(report.inputColumns.compactMap { dataset.features.columnNames.firstIndex(of: $0) })
        let before = try CorrelationAccumulator.accumulate(raw)
        let keptNumeric = report.outputColumns.filter { report.inputColumns.contains($0) }
        let after = try CorrelationAccumulator.accumulate(raw, columns: keptNumeric)
        var pictures: [String: String] = [:]
        for (name, accumulator, title) in [("correlation-before", before, "Pearson correlation before reduction"),
                                           ("correlation-after", after, "Pearson correlation after reduction (|r| ≤ \(options.correlationThreshold.map { String($0) } ?? "–"))")] {
            let matrix = accumulator.correlationMatrix().map { $0.map { $0 ?? .nan } }
            try HeatmapChart.correlation(matrix, labels: accumulator.columnNames, title: title)
                .write(pngPath: "\(directory)/\(name).png", svgPath: "\(directory)/\(name).svg")
            pictures[name] = "\(directory)/\(name).png"
        }

        struct Output: Encodable {
            var report: PreparationReport
            var heatmaps: [String: String]
            var format: String
            var train: String
            var validation: String?
            var test: String
            var leakageDemonstration: Bool
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(Output(report: report, heatmaps: pictures, format: format.rawValue, train: written["train"] ?? "",
                                  validation: written["validation"], test: written["test"] ?? "",
                                  leakageDemonstration: report.leakageDemonstration))
            .write(to: URL(fileURLWithPath: directory + "/prepare.json"))

        var text = "\(report.task.rawValue) task: \(report.rowsIn) rows in, \(report.duplicatesRemoved) duplicates removed, \(report.rowsWithoutClass) without a class\n"
        if report.leakageDemonstration { text += "LEAKAGE DEMONSTRATION: IAT kept\n" }
        text += "split (\(report.split.strategy.rawValue)): train \(report.split.trainRows), test \(report.split.testRows)\n"
        text += "features: \(report.inputColumns.count) in → \(report.outputColumns.count) out\n"
        for dropped in report.droppedColumns { text += "  dropped \(dropped)\n" }
        text += "class            train → balanced     test\n"
        for row in report.classes where row.train + row.test > 0 {
            text += row.name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%7d → %8d %8d\n", row.train, row.trainBalanced, row.test)
        }
        for capped in report.balance.classes where capped.capped {
            text += "  \(capped.name): capped at \(capped.after) (target \(capped.target ?? 0))\n"
        }
        for warning in report.warnings { text += "note: \(warning)\n" }
        let sets = ["train", "validation", "test"].filter { written[$0] != nil }.map { "\($0).\(format.fileExtension)" }
        text += "wrote \(directory)/{\((sets + ["prepare.json", "correlation-before.png/svg", "correlation-after.png/svg"]).joined(separator: ","))}"
        return text
    }

    /// Transformed rows with their class name in a last `class` column.
    static func write(_ set: PreparedSet, classNames: [String], to path: String) throws {
        var text = (set.features.columnNames + ["class"]).joined(separator: ",") + "\n"
        for row in 0..<set.rowCount {
            text += set.features.row(row).map { String($0) }.joined(separator: ",") + "," + classNames[set.classes[row]] + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
