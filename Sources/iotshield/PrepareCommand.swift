import ArgumentParser
import Foundation
import IoTData
import IoTEval
import IoTPrep

extension PreparationRun.Format: ExpressibleByArgument {}

struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Run dedup → split → transforms → balancing and write the train/test sets and a report.",
        discussion: """
            Writes DIR/train.iotc and DIR/test.iotc (and DIR/validation.iotc with
            --validation-fraction): prepared column stores holding the transformed features by
            name, each row's class in the task, its label codes and source file (the balanced
            training part; `iotshield inspect` reads them). With --format csv the sets are
            written as CSV instead (features, then a `class` column). Also writes
            DIR/prepare.json (rows per class before/after, features dropped and why, split,
            options) and correlation heatmaps before and after reduction (PNG and SVG).
            """)

    @Option(help: "A column store or CSV files/directories.")
    var data: [String]

    @OptionGroup var preparation: PreparationArguments

    @Option(name: .shortAndLong, help: "Output directory.")
    var out: String

    @Option(help: "How the prepared sets are written: store (.iotc column stores) or csv.")
    var format: PreparationRun.Format = .store

    func run() throws {
        let dataset = try Dataset.load(data)
        let summary = try PreparationRun.run(dataset: dataset, options: try preparation.options(), directory: out, format: format)
        print(summary)
    }
}
