import ArgumentParser
import IoTData

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a column store or CSV files: schema, rows, labels, per-column statistics.")

    @Argument(help: "A column store, or CSV files / directories.")
    var inputs: [String]

    @Flag(help: "Print JSON (keys include rows, duplicates, families).")
    var json = false

    @Option(help: "Scaled-variance threshold below which a column is reported near-constant.")
    var nearConstantThreshold: Double = DatasetProfile.defaultNearConstantThreshold

    @Option(help: "For CSV input: what to do with an unknown label (error or skip).")
    var unknownLabels: IssuePolicy = .error

    @Option(help: "For CSV input: what to do with a malformed line (error or skip).")
    var malformed: IssuePolicy = .error

    func run() throws {
        let profile: DatasetProfile
        if inputs.count == 1, ColumnStoreReader.isStore(path: inputs[0]) {
            profile = try DatasetProfile.of(store: inputs[0], threshold: nearConstantThreshold)
        } else {
            var options = CSVReader.Options()
            options.unknownLabels = unknownLabels
            options.malformedLines = malformed
            profile = try DatasetProfile.of(csv: inputs, options: options, threshold: nearConstantThreshold)
        }
        if json { try printJSON(profile) } else { print(profile.text, terminator: "") }
    }
}
