import IoTData

/// Balances the training part only: random downsampling of classes above their target,
/// SMOTE for classes below it (capped), per `BalanceOptions`.
///
/// Rules, class by class (n real rows, target t from the recipe):
/// - t ≤ n: a seeded random subset of t rows (without replacement) is kept, in input order;
/// - t > n: all n rows are kept and `min(t, maxOversampleFactor × n) − n` SMOTE rows added;
///   a class stopped by the cap is reported in `BalanceReport.capped`;
/// - n ≤ k: SMOTE uses k = n − 1; n = 1: the single row is duplicated (warning);
/// - n = 0: nothing can be made (warning), the class stays empty.
///
/// The output matrix is allocated once at its final size and every row — kept or
/// synthetic — is written straight into it. Deterministic for a given seed, whatever the
/// thread count. Time: O(rows × columns) plus SMOTE's neighbour search per class.
public enum Balancer {
    /// - Parameters:
    ///   - classes: class of every row, in `0..<classNames.count`.
    /// - Throws: `PrepError.lengthMismatch`, `.invalidClass`, `.invalidOption` (k < 1,
    ///   factor < 1, negative target).
    public static func balance(_ features: FeatureMatrix, classes: [Int], classNames: [String],
                               options: BalanceOptions) throws -> BalancedSet {
        let stage = "balancing"
        guard classes.count == features.rowCount else {
            throw PrepError.lengthMismatch(stage: stage, what: "classes", expected: features.rowCount, found: classes.count)
        }
        guard options.neighbours >= 1 else {
            throw PrepError.invalidOption(name: "neighbours", value: "\(options.neighbours)", reason: "SMOTE needs k ≥ 1")
        }
        guard options.maxOversampleFactor >= 1 else {
            throw PrepError.invalidOption(name: "maxOversampleFactor", value: "\(options.maxOversampleFactor)", reason: "must be ≥ 1")
        }
        if case .uniform(let target) = options.recipe, target < 1 {
            throw PrepError.invalidOption(name: "balance target", value: "\(target)", reason: "must be ≥ 1")
        }
        let classCount = classNames.count
        var members = [[Int]](repeating: [], count: classCount)
        for (row, value) in classes.enumerated() {
            guard value >= 0 && value < classCount else {
                throw PrepError.invalidClass(stage: stage, row: row, value: value, classCount: classCount)
            }
            members[value].append(row)
        }
        let counts = members.map(\.count)
        let targets = options.recipe.targets(counts: counts)
        let threads = max(1, options.threads)

        // Plan every class first, so the output is allocated once.
        struct Plan {
            var kept: [Int]
            var synthetic: Int
            var k: Int?
        }
        var plans: [Plan] = []
        var summaries: [BalanceReport.ClassBalance] = []
        var warnings: [String] = []
        for c in 0..<classCount {
            let n = counts[c]
            let name = classNames[c]
            var plan = Plan(kept: members[c], synthetic: 0, k: nil)
            var summary = BalanceReport.ClassBalance(name: name, before: n, target: targets[c], after: n, realKept: n,
                                                     synthetic: 0, capped: false, cap: nil, neighboursUsed: nil)
            if n == 0 {
                if options.recipe != .none {
                    warnings.append("balancing: \(name) has no training row; nothing to sample or synthesise from")
                }
            } else if let target = targets[c] {
                if target <= n {
                    var pool = members[c]
                    var generator = SplitMix64.stream(seed: options.seed, salt: "balance.downsample", index: UInt64(c))
                    for i in 0..<target {
                        let j = i + generator.nextIndex(below: n - i)
                        if i != j { pool.swapAt(i, j) }
                    }
                    plan.kept = Array(pool[0..<target]).sorted()
                    summary.realKept = target
                    summary.after = target
                } else {
                    let cap = n.multipliedReportingOverflow(by: options.maxOversampleFactor)
                    let capValue = cap.overflow ? Int.max : cap.partialValue
                    let reach = min(target, capValue)
                    plan.synthetic = reach - n
                    summary.cap = capValue
                    summary.capped = reach < target
                    summary.synthetic = plan.synthetic
                    summary.after = reach
                    let k = min(options.neighbours, n - 1)
                    plan.k = k
                    summary.neighboursUsed = k
                    if n == 1 {
                        warnings.append("balancing: \(name) has 1 training row; SMOTE cannot interpolate, the row is duplicated \(plan.synthetic) time(s)")
                    } else if k < options.neighbours {
                        warnings.append("balancing: \(name) has \(n) training rows; SMOTE uses k = \(k) instead of \(options.neighbours)")
                    }
                    if summary.capped {
                        warnings.append("balancing: \(name) capped at \(reach) rows (\(options.maxOversampleFactor) × \(n) real rows), target \(target)")
                    }
                }
            }
            plans.append(plan)
            summaries.append(summary)
        }

        let columns = features.columnCount
        let total = plans.reduce(0) { $0 + $1.kept.count + $1.synthetic }
        var values = [Float](repeating: 0, count: total * columns)
        var outClasses = [Int](repeating: 0, count: total)
        var origins = [RowOrigin](repeating: RowOrigin(row: -1), count: options.recordProvenance ? total : 0)
        var offset = 0
        try values.withUnsafeMutableBufferPointer { out in
            try origins.withUnsafeMutableBufferPointer { originBuffer in
                try features.values.withUnsafeBufferPointer { source in
                    for (c, plan) in plans.enumerated() {
                        let rows = plan.kept.count + plan.synthetic
                        for (i, row) in plan.kept.enumerated() {
                            for column in 0..<columns {
                                out[(offset + i) * columns + column] = source[row * columns + column]
                            }
                            if options.recordProvenance { originBuffer[offset + i] = RowOrigin(row: row) }
                        }
                        if plan.synthetic > 0 {
                            try synthesize(plan.synthetic, of: members[c], k: plan.k ?? 1, classIndex: c, source: source,
                                           columns: columns, options: options, threads: threads,
                                           output: out, origins: options.recordProvenance ? originBuffer : nil,
                                           at: offset + plan.kept.count)
                        }
                        for i in 0..<rows { outClasses[offset + i] = c }
                        offset += rows
                    }
                }
            }
        }
        let report = BalanceReport(recipe: options.recipe, neighbours: options.neighbours,
                                   maxOversampleFactor: options.maxOversampleFactor, seed: options.seed,
                                   classes: summaries, warnings: warnings)
        return BalancedSet(features: FeatureMatrix(rowCount: total, columnNames: features.columnNames, values: values),
                           classes: outClasses, origins: origins, report: report)
    }

    /// SMOTE rows for one class, written at output row `first`; origins in input-row indices.
    private static func synthesize(_ count: Int, of members: [Int], k: Int, classIndex: Int,
                                   source: UnsafeBufferPointer<Float>, columns: Int, options: BalanceOptions, threads: Int,
                                   output: UnsafeMutableBufferPointer<Float>, origins: UnsafeMutableBufferPointer<RowOrigin>?,
                                   at first: Int) throws {
        guard let outBase = output.baseAddress else { return }
        let target = outBase + first * columns
        if members.count == 1 {
            let row = members[0]
            for t in 0..<count {
                for column in 0..<columns { target[t * columns + column] = source[row * columns + column] }
                origins?[first + t] = RowOrigin(row: row, neighbour: row, step: 0)
            }
            return
        }
        // The class's rows, contiguous, for the neighbour search.
        var points = [Float](repeating: 0, count: members.count * columns)
        for (i, row) in members.enumerated() {
            for column in 0..<columns { points[i * columns + column] = source[row * columns + column] }
        }
        let originTarget = origins?.baseAddress.map { $0 + first }
        SMOTE.synthesize(points: points, rows: members.count, columns: columns, count: count, k: k,
                         seed: options.seed, stream: UInt64(classIndex), threads: threads,
                         output: target, origins: originTarget)
        if let originTarget {
            for t in 0..<count {
                let local = originTarget[t]
                originTarget[t] = RowOrigin(row: members[local.row], neighbour: local.neighbour.map { members[$0] }, step: local.step)
            }
        }
    }
}
