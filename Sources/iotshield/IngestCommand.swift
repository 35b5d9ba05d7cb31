import ArgumentParser
import Foundation
import IoTData

extension IssuePolicy: ExpressibleByArgument {}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read CICIoT2023 CSV files (v1 or v2 layout) into a compressed column store.",
        discussion: """
            Exact duplicate rows (same features and label) are removed, keeping the first.
            Directories are searched for .csv files. Malformed lines and unknown labels stop the
            ingest with file:line unless told to skip them (then they are counted and reported).
            """)

    @Argument(help: "CSV files or directories of CSV files.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The column store to write (.iotc).")
    var out: String?

    @Flag(help: "Read and check everything but write no store.")
    var dryRun = false

    @Option(help: "What to do with an unknown label: error or skip.")
    var unknownLabels: IssuePolicy = .error

    @Option(help: "What to do with a malformed line (wrong field count, text in a numeric column): error or skip.")
    var malformed: IssuePolicy = .error

    @Flag(help: "Keep exact duplicate rows.")
    var noDedup = false

    @Option(help: "Parser threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "zstd compression level for the store (1–19).")
    var level: Int32 = 1

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if out == nil && !dryRun { throw ValidationError("give --out STORE, or --dry-run") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if !(1...19).contains(level) { throw ValidationError("--level must be 1…19") }
    }

    func run() throws {
        var options = Ingestor.Options()
        options.csv.unknownLabels = unknownLabels
        options.csv.malformedLines = malformed
        options.csv.threads = threads
        options.dedup = !noDedup
        options.compressionLevel = level
        let summary = try Ingestor.run(inputs: inputs, store: dryRun ? nil : out, options: options)
        if json { try printJSON(summary) } else { print(IngestReport.text(summary)) }
    }
}

/// The human-readable ingest summary.
enum IngestReport {
    static func text(_ s: IngestSummary) -> String {
        var out = "ingested \(s.files.count) file(s), CICIoT2023 \(s.layout.rawValue) layout\n"
        if let synthetic = s.synthetic {
            out += "SYNTHETIC input (\(synthetic.method) from \(synthetic.from)): for scale benchmarks only\n"
        }
        out += String(format: "rows in: %d   rows out: %d   duplicates removed: %d\n", s.rowsIn, s.rowsOut, s.duplicates)
        if s.skippedMalformed + s.skippedUnknownLabel > 0 {
            out += "skipped: \(s.skippedMalformed) malformed line(s), \(s.skippedUnknownLabel) unknown label(s)\n"
            for file in s.files {
                for sample in file.skippedSamples { out += "  \(sample)\n" }
                for (value, count) in file.unknownLabelValues.sorted(by: { $0.value > $1.value }) {
                    out += "  unknown label '\(value)': \(count) row(s) in \(file.path)\n"
                }
            }
        }
        let mb = Double(s.bytesIn) / 1e6
        out += String(format: "read %.1f MB in %.2f s: %.1f MB/s, %.0f rows/s\n", mb, s.seconds, mb / max(s.seconds, 1e-9), Double(s.rowsIn) / max(s.seconds, 1e-9))
        if let store = s.store, let bytes = s.storeBytes {
            out += String(format: "store: %@ (%.1f MB, %.1f%% of the CSV)\n", store, Double(bytes) / 1e6, 100 * Double(bytes) / Double(max(s.bytesIn, 1)))
        }
        out += "missing values: " + describe(s.missingPerColumn) + "\n"
        out += "infinite values: " + describe(s.infinitePerColumn) + "\n"
        out += "rows per family: " + s.rowsPerFamily.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        out += "rows per label: " + s.rowsPerLabel.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return out
    }

    static func describe(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
