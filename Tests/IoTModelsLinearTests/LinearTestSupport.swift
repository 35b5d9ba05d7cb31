import Foundation
import IoTData
@testable import IoTModels

/// Real data, splits, scaling and metrics shared by the linear-model and network tests.
enum LinearTestSupport {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let enasnayel = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-enasnayel-sample.csv").path
    static let robotumbel = repoRoot.appendingPathComponent("data/ciciot2023/cic-v2-robotumbel-sample.csv").path
    static let sklearnFixture = repoRoot.appendingPathComponent("Tests/Fixtures/sklearn-lr/robotumbel-family-lbfgs.json").path

    struct Split: Sendable {
        var train: TrainingData
        var test: TrainingData
    }

    /// Both real samples (deduplicated), family task, stratified 80/20 split (seed 7),
    /// min-max scaled with the training rows' ranges. Loaded once.
    static let familySplit: Result<Split, any Error> = Result {
        let dataset = try Dataset.load(csv: [enasnayel, robotumbel])
        let task = LearningTask.family
        var rows: [Int] = []
        var labels: [Int32] = []
        for (row, code) in dataset.labels.enumerated() {
            guard let index = task.classIndex(of: code) else { continue }
            rows.append(row)
            labels.append(Int32(index))
        }
        let features = dataset.features.rows(rows)
        let (trainRows, testRows) = stratifiedSplit(labels: labels, classCount: task.classCount, testFraction: 0.2, seed: 7)
        let scaler = MinMaxScaler(fittedOn: features.rows(trainRows))
        return Split(
            train: TrainingData(features: scaler.transform(features.rows(trainRows)), labels: trainRows.map { labels[$0] }, classCount: task.classCount),
            test: TrainingData(features: scaler.transform(features.rows(testRows)), labels: testRows.map { labels[$0] }, classCount: task.classCount))
    }

    /// Per class, a seeded shuffle of its rows; the first `round(testFraction · count)` go to test.
    static func stratifiedSplit(labels: [Int32], classCount: Int, testFraction: Double, seed: UInt64) -> (train: [Int], test: [Int]) {
        var generator = SplitMix64(seed: seed)
        var train: [Int] = []
        var test: [Int] = []
        for c in 0..<classCount {
            var members = labels.indices.filter { labels[$0] == Int32(c) }
            EpochShuffle.shuffle(&members, using: &generator)
            let testCount = Int((Double(members.count) * testFraction).rounded())
            test += members[..<testCount]
            train += members[testCount...]
        }
        return (train.sorted(), test.sorted())
    }

    /// Like scikit-learn's `MinMaxScaler`: `(x − min) / (max − min)`, scale 1 for a constant column, no clipping.
    struct MinMaxScaler {
        var minimum: [Float]
        var maximum: [Float]

        init(fittedOn matrix: FeatureMatrix) {
            minimum = [Float](repeating: .infinity, count: matrix.columnCount)
            maximum = [Float](repeating: -.infinity, count: matrix.columnCount)
            for r in 0..<matrix.rowCount {
                for c in 0..<matrix.columnCount {
                    minimum[c] = min(minimum[c], matrix[r, c])
                    maximum[c] = max(maximum[c], matrix[r, c])
                }
            }
        }

        func transform(_ matrix: FeatureMatrix) -> FeatureMatrix {
            var out = matrix
            for r in 0..<matrix.rowCount {
                for c in 0..<matrix.columnCount {
                    let range = Double(maximum[c]) - Double(minimum[c])
                    out[r, c] = Float((Double(matrix[r, c]) - Double(minimum[c])) / (range > 0 ? range : 1))
                }
            }
            return out
        }
    }

    /// Macro-averaged F1 over the classes that occur in `actual` or `predicted` (scikit-learn's default).
    static func macroF1(predicted: [Int], actual: [Int32], classCount: Int) -> Double {
        var truePositive = [Double](repeating: 0, count: classCount)
        var predictedCount = [Double](repeating: 0, count: classCount)
        var actualCount = [Double](repeating: 0, count: classCount)
        for (p, a) in zip(predicted, actual) {
            predictedCount[p] += 1
            actualCount[Int(a)] += 1
            if p == Int(a) { truePositive[p] += 1 }
        }
        var sum = 0.0
        var present = 0
        for c in 0..<classCount where predictedCount[c] + actualCount[c] > 0 {
            present += 1
            sum += 2 * truePositive[c] / (predictedCount[c] + actualCount[c])
        }
        return present > 0 ? sum / Double(present) : 0
    }

    /// Macro-F1 of always predicting the training set's most frequent class.
    static func majorityBaselineMacroF1(train: TrainingData, test: TrainingData) -> Double {
        let counts = train.classCounts
        let majority = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        return macroF1(predicted: [Int](repeating: majority, count: test.rowCount), actual: test.labels, classCount: test.classCount)
    }

    /// The first `count` rows of `data`.
    static func prefix(_ data: TrainingData, _ count: Int) -> TrainingData {
        let rows = Array(0..<min(count, data.rowCount))
        return TrainingData(features: data.features.rows(rows), labels: rows.map { data.labels[$0] }, classCount: data.classCount)
    }

    static func encode(_ model: some Classifier) -> [UInt8] {
        var writer = BinaryWriter()
        model.encode(to: &writer)
        return writer.bytes
    }

    static func decode<M: Classifier>(_ type: M.Type, _ bytes: [UInt8]) throws -> M {
        var reader = BinaryReader(bytes: bytes)
        return try M(from: &reader)
    }

    /// Probabilities row by row through the single-row API.
    static func rowByRow(_ model: some Classifier, _ features: FeatureMatrix) -> [Float] {
        var out = [Float](repeating: 0, count: features.rowCount * model.classCount)
        features.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<features.rowCount {
                    model.predictProbabilities(
                        row: UnsafeBufferPointer(rebasing: x[(r * features.columnCount)..<((r + 1) * features.columnCount)]),
                        into: UnsafeMutableBufferPointer(rebasing: o[(r * model.classCount)..<((r + 1) * model.classCount)]))
                }
            }
        }
        return out
    }
}
