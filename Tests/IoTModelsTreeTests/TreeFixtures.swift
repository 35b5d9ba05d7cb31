import Foundation
import IoTData
import IoTModels

/// The real CICIoT2023 samples as training data (family task, and binary where a test needs
/// another class count), a seeded stratified 80/20 split, and the metrics the tests check.
enum TreeFixtures {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = ["cic-v2-enasnayel-sample.csv", "cic-v2-robotumbel-sample.csv"]
        .map { repoRoot.appendingPathComponent("data/ciciot2023/\($0)").path }

    struct Split: Sendable {
        var train: TrainingData
        var test: TrainingData
    }

    /// Loaded once: deduplicated real rows, family labels, stratified 80/20 split (seed 7).
    static let family: Split = {
        do {
            return try load()
        } catch {
            fatalError("cannot load the real samples: \(error)")
        }
    }()

    /// The same rows with binary labels (benign or attack): 2 classes, where the family task
    /// has 8 (the compact form adds 8 classes' leaves its own way).
    static let binary: Split = {
        do {
            return try load(task: .binary)
        } catch {
            fatalError("cannot load the real samples: \(error)")
        }
    }()

    /// The family training rows binned (one thread), with the binner fitted on them.
    static let familyBinned: (binner: FeatureBinner, binned: BinnedMatrix) = {
        let binner = FeatureBinner(fitting: family.train.features, threads: 1)
        return (binner, binner.bin(family.train.features, threads: 1))
    }()

    /// The real samples, deduplicated, labelled for `task` (rows without a class in it
    /// dropped), split 80/20 per class with `seed`. Throws what reading the CSVs throws.
    static func load(seed: UInt64 = 7, task: LearningTask = .family) throws -> Split {
        let dataset = try Dataset.load(csv: samples)
        var byClass = [[Int]](repeating: [], count: task.classCount)
        for (row, label) in dataset.labels.enumerated() {
            if let c = task.classIndex(of: label) { byClass[c].append(row) }
        }
        var rng = SplitMix64(seed: seed)
        var trainRows: [Int] = [], testRows: [Int] = []
        for var rows in byClass {
            rows.shuffle(using: &rng)
            let testCount = Int((Double(rows.count) * 0.2).rounded())
            testRows += rows.prefix(testCount)
            trainRows += rows.dropFirst(testCount)
        }
        trainRows.sort()
        testRows.sort()
        func data(_ rows: [Int]) -> TrainingData {
            TrainingData(
                features: dataset.features.rows(rows),
                labels: rows.map { Int32(task.classIndex(of: dataset.labels[$0]) ?? 0) },
                classCount: task.classCount)
        }
        return Split(train: data(trainRows), test: data(testRows))
    }

    /// Macro-averaged F1 over the classes that occur in `truth` or `predicted`.
    static func macroF1(truth: [Int32], predicted: [Int], classCount: Int) -> Double {
        var tp = [Double](repeating: 0, count: classCount), fp = tp, fn = tp
        for (t, p) in zip(truth, predicted) {
            if Int(t) == p { tp[p] += 1 } else { fp[p] += 1; fn[Int(t)] += 1 }
        }
        var sum = 0.0, classes = 0
        for c in 0..<classCount where tp[c] + fp[c] + fn[c] > 0 {
            sum += 2 * tp[c] / (2 * tp[c] + fp[c] + fn[c])
            classes += 1
        }
        return classes == 0 ? 0 : sum / Double(classes)
    }

    /// Macro-F1 of always predicting the most frequent training class.
    static func majorityBaseline(_ split: Split) -> Double {
        let counts = split.train.classCounts
        let majority = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        return macroF1(truth: split.test.labels, predicted: [Int](repeating: majority, count: split.test.rowCount), classCount: split.test.classCount)
    }

    static func f1(_ model: some Classifier, on data: TrainingData) -> Double {
        macroF1(truth: data.labels, predicted: model.predict(data.features), classCount: data.classCount)
    }

    /// Checks shared by every model: probabilities in [0, 1] summing to 1 (±1e-5), and the
    /// single-row API equal to the batch API bit for bit. Returns a failure message or nil.
    static func probabilityProblems(_ model: some Classifier, on features: FeatureMatrix) -> String? {
        let batch = model.predictProbabilities(features)
        let k = model.classCount
        guard batch.count == features.rowCount * k else { return "batch has \(batch.count) values" }
        var single = [Float](repeating: -1, count: k)
        for row in 0..<features.rowCount {
            var sum: Float = 0
            for c in 0..<k {
                let p = batch[row * k + c]
                if !(p >= 0 && p <= 1) { return "row \(row) class \(c): p = \(p)" }
                sum += p
            }
            if abs(sum - 1) > 1e-5 { return "row \(row): sum \(sum)" }
            let values = features.row(row)
            values.withUnsafeBufferPointer { rowBuffer in
                single.withUnsafeMutableBufferPointer { model.predictProbabilities(row: rowBuffer, into: $0) }
            }
            for c in 0..<k where single[c].bitPattern != batch[row * k + c].bitPattern {
                return "row \(row) class \(c): single \(single[c]) ≠ batch \(batch[row * k + c])"
            }
        }
        return nil
    }

    static func encoded(_ model: some Classifier) -> [UInt8] {
        var writer = BinaryWriter()
        model.encode(to: &writer)
        return writer.bytes
    }
}
