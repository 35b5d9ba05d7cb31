import ArgumentParser
import IoTData
import IoTPrep

struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Balance a training store: downsample classes above the target, SMOTE those below (capped).",
        discussion: """
            Reads a training set — a prepared train.iotc written with `prepare --balance none`, or a
            raw store that already is the training part — and writes the balanced rows as a
            prepared store (class, label codes and source per row; a SMOTE row carries its seed
            row's codes). Never balance rows that include the test part: split first.
            """)

    @Argument(help: "The training store (.iotc).")
    var store: String

    @Option(name: .shortAndLong, help: "Output store.")
    var out: String

    @Option(help: "Task whose classes are balanced (default: the prepared store's task; required for a raw store).")
    var task: LearningTask?

    @OptionGroup var balancing: BalanceArguments

    @Option(help: "Random seed for downsampling and SMOTE.")
    var seed: UInt64 = 42

    @Option(help: "Threads (default: all cores; the result does not depend on it).")
    var threads: Int?

    @Flag(help: "Print JSON: the balance report, rows in/out and the time of each phase.")
    var json = false

    func run() throws {
        var options = BalanceOptions(neighbours: balancing.neighbours, maxOversampleFactor: balancing.maxOversample, seed: seed)
        if let threads { options.threads = max(1, threads) }
        if let recipe = try balancing.recipe() {
            options.recipe = recipe
        } else {
            guard let recipeTask = try task ?? ColumnStoreReader(path: store).task else {
                throw ValidationError("--task is needed to balance a raw store")
            }
            options.recipe = .reference(for: recipeTask)
        }
        let summary = try StoreBalancing.run(input: store, output: out, task: task, options: options)
        if json { try printJSON(summary) } else { print(summary.text) }
    }
}
