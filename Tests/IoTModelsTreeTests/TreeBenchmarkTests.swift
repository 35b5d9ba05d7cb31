import Foundation
import IoTData
import IoTModels
import Testing

/// Speed of the tree models at scale; runs only with `IOTSHIELD_TREE_BENCH` set, in release:
///
///     IOTSHIELD_TREE_BENCH=1 swift test -c release --filter TreeBenchmark
///
/// Training rows: 2,000,000 synthesised from the real training rows (x + u·(y − x) for two
/// real rows x, y of the same class), scoring rows: 500,000 from the real test rows.
/// `IOTSHIELD_TREE_BENCH_OUT=DIR` also writes the real split and the synthetic rows there as
/// raw little-endian float32 features and int32 labels, for the Python peers.
@Suite("Tree benchmark")
struct TreeBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["IOTSHIELD_TREE_BENCH"] != nil))
    func treeBenchmark() throws {
        let split = TreeFixtures.family
        let trainRows = Int(Self.environment["IOTSHIELD_TREE_BENCH_ROWS"] ?? "") ?? 2_000_000
        let train = Self.synthesise(from: split.train, rows: trainRows, seed: 1)
        let test = Self.synthesise(from: split.test, rows: trainRows / 4, seed: 2)
        if let directory = Self.environment["IOTSHIELD_TREE_BENCH_OUT"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, data) in [("real_train", split.train), ("real_test", split.test), ("synth_train", train), ("synth_test", test)] {
                try Self.write(data, to: "\(directory)/\(name)")
            }
        }
        let threads = ParallelWork.defaultThreads
        print("bench: \(train.rowCount) training rows, \(test.rowCount) scoring rows, \(train.features.columnCount) features, \(threads) threads")

        var forestOptions = RandomForestOptions()
        if let trees = Int(Self.environment["IOTSHIELD_TREE_BENCH_TREES"] ?? "") { forestOptions.trees = trees }
        let (forest, forestSeconds) = try Self.timed { try RandomForestClassifier.fit(train, options: forestOptions) }
        Self.report("RF-\(forestOptions.trees)", model: forest, fitSeconds: forestSeconds, test: test, extra: "\(forest.forest.nodes.count) nodes")

        var models: [(String, any Classifier)] = []
        if Self.environment["IOTSHIELD_TREE_BENCH_SKIP_GBDT"] == nil {
            let (boosting, boostingSeconds) = try Self.timed { try GradientBoostingClassifier.fit(train) }
            Self.report("GBDT-100", model: boosting, fitSeconds: boostingSeconds, test: test, extra: "\(boosting.forest.nodes.count) nodes")
        }

        // The deployable models (fitted on the real rows): batch scoring of the synthetic test
        // rows and single-row latency; and the latency of the big forest.
        let (realForest, realForestSeconds) = try Self.timed { try RandomForestClassifier.fit(split.train) }
        Self.report("RF-100 fitted on the real rows", model: realForest, fitSeconds: realForestSeconds, test: test, extra: "\(realForest.forest.nodes.count) nodes")
        let (realBoosting, realBoostingSeconds) = try Self.timed { try GradientBoostingClassifier.fit(split.train) }
        Self.report("GBDT-100 fitted on the real rows", model: realBoosting, fitSeconds: realBoostingSeconds, test: test, extra: "\(realBoosting.forest.nodes.count) nodes")
        models = [("RF-100 real", realForest), ("GBDT-100 real", realBoosting), ("RF-\(forestOptions.trees) synthetic", forest)]
        for (name, model) in models {
            let (p50, p99) = Self.latency(model, rows: split.test.features)
            print(String(format: "bench latency %@: p50 %.2f µs, p99 %.2f µs (single row, %d rows)", name, p50, p99, split.test.rowCount * 5))
        }
    }

    static func report(_ name: String, model: some Classifier, fitSeconds: Double, test: TrainingData, extra: String) {
        var times: [Double] = []
        var predicted: [Int] = []
        for _ in 0..<3 {
            let (result, seconds) = timed { model.predictProbabilities(test.features) }
            times.append(seconds)
            predicted = (0..<test.rowCount).map { row in
                (0..<model.classCount).max { result[row * model.classCount + $0] < result[row * model.classCount + $1] } ?? 0
            }
        }
        let median = times.sorted()[1]
        let f1 = TreeFixtures.macroF1(truth: test.labels, predicted: predicted, classCount: test.classCount)
        print(String(format: "bench %@: fit %.2f s; batch scoring %.3f s median of 3 (%.0f rows/s); synthetic-test macro-F1 %.4f; %@",
                     name, fitSeconds, median, Double(test.rowCount) / median, f1, extra))
    }

    /// p50 and p99 of single-row scoring in microseconds, 5 passes over `rows` after a warm-up.
    static func latency(_ model: some Classifier, rows: FeatureMatrix) -> (Double, Double) {
        var probabilities = [Float](repeating: 0, count: model.classCount)
        var samples: [Double] = []
        samples.reserveCapacity(rows.rowCount * 5)
        rows.values.withUnsafeBufferPointer { values in
            probabilities.withUnsafeMutableBufferPointer { out in
                for pass in 0..<6 {
                    for row in 0..<rows.rowCount {
                        let input = UnsafeBufferPointer(rebasing: values[(row * rows.columnCount)..<((row + 1) * rows.columnCount)])
                        let start = DispatchTime.now().uptimeNanoseconds
                        model.predictProbabilities(row: input, into: out)
                        let end = DispatchTime.now().uptimeNanoseconds
                        if pass > 0 { samples.append(Double(end - start) / 1000) }
                    }
                }
            }
        }
        samples.sort()
        return (samples[samples.count / 2], samples[Int(Double(samples.count) * 0.99)])
    }

    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        let result = try body()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "bench timing: wall %.3f s, process CPU %.3f s", wall, cpuSeconds() - cpuStart))
        return (result, wall)
    }

    /// User + system CPU time of this process (all threads), seconds: robust to other
    /// processes sharing the cores, unlike wall time.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// `rows` rows, each `x + u·(y − x)` for a random real row `x`, a random real row `y` of the
    /// same class and `u` uniform in [0, 1) (same `u` for every feature). Seeded.
    static func synthesise(from data: TrainingData, rows: Int, seed: UInt64) -> TrainingData {
        var byClass = [[Int]](repeating: [], count: data.classCount)
        for (row, label) in data.labels.enumerated() { byClass[Int(label)].append(row) }
        var rng = SplitMix64(seed: seed)
        let columns = data.features.columnCount
        var values = [Float](repeating: 0, count: rows * columns)
        var labels = [Int32](repeating: 0, count: rows)
        data.features.values.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { target in
                for row in 0..<rows {
                    let x = Int(rng.next() % UInt64(data.rowCount))
                    let label = data.labels[x]
                    let peers = byClass[Int(label)]
                    let y = peers[Int(rng.next() % UInt64(peers.count))]
                    let u = rng.nextUnitFloat()
                    for c in 0..<columns {
                        let a = source[x * columns + c], b = source[y * columns + c]
                        target[row * columns + c] = a + u * (b - a)
                    }
                    labels[row] = label
                }
            }
        }
        return TrainingData(features: FeatureMatrix(rowCount: rows, columnNames: data.features.columnNames, values: values),
                            labels: labels, classCount: data.classCount)
    }

    /// `PATH.f32` (rows × features float32) and `PATH.i32` (labels).
    static func write(_ data: TrainingData, to path: String) throws {
        try data.features.values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path + ".f32")) }
        try data.labels.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path + ".i32")) }
    }
}
