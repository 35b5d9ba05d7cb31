import Foundation
import IoTData
import IoTPlot
import IoTPrep

/// `iotshield prepare`: runs the honest pipeline and writes what it made — the transformed
/// train (balanced) and test sets as CSV, `prepare.json`, and correlation heatmaps of the
/// features before and after reduction (PNG and SVG).
public enum PreparationRun {
    /// - Returns: a short human summary.
    public static func run(dataset: Dataset, options: PreparationOptions, directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let prepared = try Preparer(options: options).prepare(dataset)
        let report = prepared.report
        try write(prepared.train, classNames: options.task.classNames, to: directory + "/train.csv")
        try write(prepared.test, classNames: options.task.classNames, to: directory + "/test.csv")

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
            var train: String
            var test: String
            var leakageDemonstration: Bool
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(Output(report: report, heatmaps: pictures, train: directory + "/train.csv", test: directory + "/test.csv",
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
        text += "wrote \(directory)/{train.csv,test.csv,prepare.json,correlation-before.png/svg,correlation-after.png/svg}"
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
