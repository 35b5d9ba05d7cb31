import Foundation
import IoTData

/// Balances the rows of a column store and writes them as a prepared store
/// (`iotshield balance`): read every row, take each row's class in the task, run
/// `Balancer` (downsampling above the target, SMOTE below it, the cap), write the result.
///
/// The input is a training set — a prepared `train.iotc` written with `--balance none`,
/// or a raw store that is already the training part. Balancing a store that still holds
/// test rows leaks (SMOTE rows are made from them); split first.
///
/// Memory: the input rows (rows × (4 × features + 3) bytes) plus the output rows and one
/// `RowOrigin` per output row; time: reading and writing O(rows × columns) plus SMOTE's
/// neighbour search per class.
public enum StoreBalancing {
    /// What a run did, with wall times per phase (seconds).
    public struct Summary: Sendable, Codable {
        public var input: String
        public var output: String
        public var task: LearningTask
        /// Rows read, and those without a class in the task (left out).
        public var rowsIn: Int
        public var rowsWithoutClass: Int
        public var rowsOut: Int
        public var report: BalanceReport
        public var readSeconds: Double
        public var balanceSeconds: Double
        public var writeSeconds: Double

        /// A short human summary.
        public var text: String {
            var out = "\(input): \(rowsIn) rows" + (rowsWithoutClass > 0 ? " (\(rowsWithoutClass) without a \(task.rawValue) class, left out)" : "")
                + " → \(output): \(rowsOut) rows (\(report.syntheticRows) SMOTE, k = \(report.neighbours))\n"
            out += "class                      before     target      after  synthetic\n"
            for c in report.classes where c.before > 0 || c.after > 0 {
                let target = c.target.map { String($0) } ?? "–"
                out += c.name.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%9d ", c.before)
                    + String(repeating: " ", count: max(0, 10 - target.count)) + target
                    + String(format: " %10d %10d", c.after, c.synthetic)
                    + (c.capped ? "  capped (\(report.maxOversampleFactor) × real rows)" : "") + "\n"
            }
            for warning in report.warnings { out += "note: \(warning)\n" }
            out += String(format: "read %.2f s, balance %.2f s, write %.2f s", readSeconds, balanceSeconds, writeSeconds)
            return out
        }
    }

    /// - Parameters:
    ///   - task: the task whose classes are balanced; `nil` takes the store's own task (a
    ///     prepared store) and is an error for a raw store.
    /// - Throws: `StoreError` (reading, writing), `PrepError.invalidOption` (no task, or a
    ///   task other than the prepared store's), `.noRows` (no row with a class), and the
    ///   balancer's errors.
    public static func run(input: String, output: String, task: LearningTask?, options: BalanceOptions) throws -> Summary {
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { clock = now }
            return Double(now - clock) / 1e9
        }
        let rows = try readRows(input, task: task, threads: options.threads)
        let readSeconds = lap()
        guard rows.features.rowCount > 0 else {
            throw PrepError.noRows(stage: "balancing \(input)", reason: "none of the \(rows.rowsIn) rows has a class in the \(rows.task.rawValue) task")
        }
        var balanceOptions = options
        balanceOptions.recordProvenance = true // the label codes of each output row come from its origin
        let balanced = try Balancer.balance(rows.features, classes: rows.classes, classNames: rows.task.classNames, options: balanceOptions)
        let balanceSeconds = lap()
        let set = PreparedSet(features: balanced.features, classes: balanced.classes, origins: balanced.origins)
        try set.writeStore(to: output, task: rows.task, codes: rows.codes, sources: rows.sources,
                           sourceNames: rows.sourceNames, rowsIn: rows.rowsIn)
        return Summary(input: input, output: output, task: rows.task, rowsIn: rows.rowsIn,
                       rowsWithoutClass: rows.rowsIn - rows.features.rowCount, rowsOut: set.rowCount, report: balanced.report,
                       readSeconds: readSeconds, balanceSeconds: balanceSeconds, writeSeconds: lap())
    }

    /// The rows of a store that have a class in the task, row-major, with their codes.
    struct Rows {
        var task: LearningTask
        var features: FeatureMatrix
        var classes: [Int]
        var codes: [LabelCode]
        var sources: [UInt16]
        var sourceNames: [String]
        var rowsIn: Int
    }

    static func readRows(_ path: String, task requested: LearningTask?, threads: Int) throws -> Rows {
        let reader = try ColumnStoreReader(path: path)
        let task: LearningTask
        switch (requested, reader.task) {
        case (let asked?, let stored?) where asked != stored:
            throw PrepError.invalidOption(name: "task", value: asked.rawValue,
                                          reason: "\(path) was prepared for the \(stored.rawValue) task")
        case (let asked?, _): task = asked
        case (nil, let stored?): task = stored
        case (nil, nil):
            throw PrepError.invalidOption(name: "task", value: "none",
                                          reason: "\(path) is a raw store; say which task's classes to balance (binary, family or label)")
        }
        let d = reader.featureCount
        var values = [Float]()
        values.reserveCapacity(reader.rowCount * d)
        var classes = [Int]()
        var codes = [LabelCode]()
        var sources = [UInt16]()
        classes.reserveCapacity(reader.rowCount)
        codes.reserveCapacity(reader.rowCount)
        sources.reserveCapacity(reader.rowCount)
        try reader.forEachChunk(threads: threads) { chunk in
            var keep: [Int] = []
            keep.reserveCapacity(chunk.rowCount)
            for r in 0..<chunk.rowCount {
                let code = chunk.label(at: r)
                let value = chunk.classes.isEmpty ? task.classIndex(of: code) : Int(chunk.classes[r])
                guard let value else { continue }
                keep.append(r)
                classes.append(value)
                codes.append(code)
                sources.append(chunk.sources[r])
            }
            // Column-major chunk → row-major rows, written in place.
            let first = values.count
            values.append(contentsOf: repeatElement(0, count: keep.count * d))
            values.withUnsafeMutableBufferPointer { out in
                guard let base = out.baseAddress else { return }
                for (c, column) in chunk.features.enumerated() {
                    column.withUnsafeBufferPointer { source in
                        var target = base + first + c
                        for r in keep {
                            target.pointee = source[r]
                            target += d
                        }
                    }
                }
            }
        }
        return Rows(task: task, features: FeatureMatrix(rowCount: classes.count, columnNames: reader.featureNames, values: values),
                    classes: classes, codes: codes, sources: sources, sourceNames: reader.metadata.sources, rowsIn: reader.rowCount)
    }
}
