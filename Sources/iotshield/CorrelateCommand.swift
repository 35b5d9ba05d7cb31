import ArgumentParser
import IoTPrep

extension CorrelationDropRule: ExpressibleByArgument {}

struct CorrelateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correlate",
        abstract: "Pearson correlation matrix of a column store's features and the columns the correlation filter would drop.",
        discussion: """
            Streams the store once (memory: one chunk), raw or prepared. A column is dropped when
            its |r| with an earlier column exceeds the threshold (the pandas upper-triangle
            recipe); exact twins always collapse; constant columns have no correlation. Rows with
            NaN or ±inf in a selected column are left out and counted.
            """)

    @Argument(help: "A column store (.iotc).")
    var store: String

    @Option(help: "Drop a column when |r| with an earlier column exceeds this.")
    var threshold: Double = 0.9

    @Option(help: "Drop rule: pandasUpperTriangle or greedyKept.")
    var rule: CorrelationDropRule = .pandasUpperTriangle

    @Option(name: .customLong("exclude"), help: "A column that is not a drop candidate (categorical); repeatable.")
    var excluded: [String] = []

    @Option(help: "Comma-separated columns to correlate (default: every feature column).")
    var columns: String?

    @Flag(help: "Also print the matrix (CSV) after the drop list.")
    var matrix = false

    @Flag(help: "Print JSON: columns, matrix (null where undefined), dropped, kept, rows, seconds.")
    var json = false

    @Option(help: "Threads (default: all cores).")
    var threads: Int?

    func run() throws {
        var filter = CorrelationFilter(threshold: threshold, rule: rule, excludedColumns: excluded)
        if let threads { filter.threads = max(1, threads) }
        let names = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        let summary = try CorrelationSummary.of(store: store, columns: names, filter: filter)
        if json { try printJSON(summary) } else { print(summary.text(matrix: matrix), terminator: "") }
    }
}
