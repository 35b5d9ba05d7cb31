import ArgumentParser
import Foundation
import IoTData
import IoTEval
import IoTModels
import IoTPrep

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model with the honest pipeline and save it (pipeline included) as a .iotm file.",
        discussion: """
            Runs: dedup → stratified (or grouped) split with the test part held out → transforms
            fitted on train → balancing of train only → fit → metrics on the untouched test part,
            stored in the model file. IAT is dropped unless --keep-iat.
            """)

    @Option(help: "A column store or CSV files/directories (repeat for several).")
    var data: [String]

    @OptionGroup var preparation: PreparationArguments
    @OptionGroup var modelArguments: ModelArguments

    @Option(name: .shortAndLong, help: "The model file to write (.iotm).")
    var out: String

    @Flag(help: "Print JSON: fit seconds, row counts and checksums of the fitted and test rows, model size, convergence, the test report.")
    var json = false

    func validate() throws {
        if preparation.testFraction < 0 || preparation.testFraction >= 1 { throw ValidationError("--test-fraction must be in [0, 1)") }
    }

    func run() throws {
        let dataset = try Dataset.load(data)
        let spec = try modelArguments.spec(seed: preparation.seed)
        let job = TrainingJob(preparation: try preparation.options(), model: spec)
        let progress = TrainingProgressDisplay(title: "train \(spec.kind.rawValue)")
        let duplicatesAtLoad = dataset.duplicatesRemovedAtLoad
        let result = try job.run(consume dataset, progress: progress.callback)  // the raw rows go before the fit
        progress.finish()
        try result.modelFile.write(to: out)
        if json {
            try printJSON(TrainingSummary(result))
            return
        }
        let p = result.preparation
        print("model \(spec.kind.rawValue) for the \(p.task.rawValue) task written to \(out) (id \(try ModelFile.load(path: out).identifier))")
        if p.leakageDemonstration { print("LEAKAGE DEMONSTRATION: IAT kept — these figures are not results") }
        print("rows: \(p.rowsIn + duplicatesAtLoad) in, \(p.duplicatesRemoved + duplicatesAtLoad) duplicates removed; train \(p.split.trainRows) → \(p.balance.rowsAfter) after balancing, test \(p.split.testRows)")
        if !p.droppedColumns.isEmpty {
            print("features dropped: " + p.droppedColumns.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", "))
        }
        print(String(format: "fit %.2f s", result.fitSeconds))
        if let report = result.testReport {
            print("\ntest split (\(report.rowCount) rows, never seen in training):\n" + report.text)
        } else {
            print("trained on every row (--test-fraction 0): no test metrics")
        }
        for warning in p.warnings { print("note: \(warning)") }
    }
}

/// Shows training progress on a terminal (quiet in CI and pipes).
final class TrainingProgressDisplay: @unchecked Sendable {
    let title: String
    let enabled = ProgressReporter.terminalAttached
    private let lock = NSLock()

    init(title: String) { self.title = title }

    var callback: TrainingProgress? {
        guard enabled else { return nil }
        return { [self] stage, done, total, loss in
            lock.lock(); defer { lock.unlock() }
            let lossText = loss.map { String(format: "  loss %.4f", $0) } ?? ""
            FileHandle.standardError.write(Data("\r\(title): \(stage) \(done)/\(total)\(lossText)      ".utf8))
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
