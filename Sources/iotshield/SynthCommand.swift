import ArgumentParser
import IoTData

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Make synthetic scale data for benchmarks by interpolating real rows of the same label.",
        discussion: """
            The output is marked synthetic (store metadata, or NAME.synthetic.json beside a CSV)
            and is for speed and memory benchmarks only, never for quality figures.
            """)

    @Option(help: "The column store of real rows to interpolate between.")
    var from: String

    @Option(help: "How many rows to make.")
    var rows: Int

    @Option(name: .shortAndLong, help: "Output: a .csv file, or a column store (any other name).")
    var out: String

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    func validate() throws {
        if rows < 1 { throw ValidationError("--rows must be at least 1") }
    }

    func run() throws {
        let generator = try SyntheticRowGenerator(store: from)
        let progress = ProgressReporter(title: "synth", totalBytes: rows)
        if out.lowercased().hasSuffix(".csv") {
            try generator.writeCSV(path: out, rows: rows, seed: seed, progress: progress)
        } else {
            try generator.writeStore(path: out, rows: rows, seed: seed, progress: progress)
        }
        progress.finish()
        print("wrote \(rows) synthetic rows to \(out) (seed \(seed)); marked synthetic — for benchmarks only")
    }
}
