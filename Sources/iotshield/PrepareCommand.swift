import ArgumentParser
import Foundation
import IoTData
import IoTEval
import IoTPrep

struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Run dedup → split → transforms → balancing and write the train/test sets and a report.",
        discussion: """
            Writes DIR/train.iotc and DIR/test.iotc (transformed features; the balanced training
            part), DIR/prepare.json (rows per class before/after, features dropped and why, split,
            options) and correlation heatmaps before and after reduction (PNG and SVG).
            """)

    @Option(help: "A column store or CSV files/directories.")
    var data: [String]

    @OptionGroup var preparation: PreparationArguments

    @Option(name: .shortAndLong, help: "Output directory.")
    var out: String

    func run() throws {
        let dataset = try Dataset.load(data)
        let summary = try PreparationRun.run(dataset: dataset, options: try preparation.options(), directory: out)
        print(summary)
    }
}
