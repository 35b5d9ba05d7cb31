import Foundation
import IoTData
import IoTModels
import IoTPrep

/// The honest training run behind `iotshield train`: dedup → split (test part held out) →
/// transforms fitted on train → balance train only → fit → score the untouched test part →
/// a model file carrying the fitted pipeline, the classifier and its test metrics.
public struct TrainingJob: Sendable {
    public var preparation: PreparationOptions
    public var model: ModelSpec

    public init(preparation: PreparationOptions, model: ModelSpec) {
        self.preparation = preparation
        self.model = model
    }

    public struct Result: Sendable {
        public var modelFile: ModelFile
        /// Metrics on the held-out test rows (`nil` when trained on every row).
        public var testReport: ClassificationReport?
        public var preparation: PreparationReport
        public var fitSeconds: Double
        /// Test rows scored per second (batch), 0 without a test part.
        public var predictRowsPerSecond: Double
        public var testProbabilities: [Float]
        public var testClasses: [Int]
        /// Fingerprints of the rows the model was fitted on (after balancing) and tested on,
        /// for checking that another tool was given the same rows.
        public var trainChecksum: PreparedSetChecksum
        public var testChecksum: PreparedSetChecksum
        /// The columns the model sees, in order (after the pipeline).
        public var featureNames: [String]
    }

    /// Takes the dataset and hands it on to `Preparer.prepare`, which lets it go once the
    /// split parts are out: a caller that passes its last reference (`run(consume dataset)`)
    /// frees the raw rows before balancing and the fit.
    /// - Throws: `PrepError` for data that cannot serve the task, model errors for options.
    public func run(_ dataset: consuming Dataset, progress: TrainingProgress? = nil) throws -> Result {
        var options = preparation
        options.seed = model.seed
        let (dataDigest, dataSources, layout) = (Self.digest(dataset.hashes), dataset.sourceNames, dataset.layout)
        let prepared = try Preparer(options: options).prepare(consume dataset)
        let task = options.task
        let train = TrainingData(features: prepared.train.features, labels: prepared.train.classes.map { Int32($0) }, classCount: task.classCount)
        let validation = prepared.validation.map {
            TrainingData(features: $0.features, labels: $0.classes.map { Int32($0) }, classCount: task.classCount)
        }
        let fitStart = Date()
        let classifier = try model.fit(train, validation: validation, progress: progress)
        let fitSeconds = Date().timeIntervalSince(fitStart)

        var report: ClassificationReport?
        var probabilities: [Float] = []
        var rowsPerSecond = 0.0
        if prepared.test.rowCount > 0 {
            let predictStart = Date()
            probabilities = classifier.predictProbabilities(prepared.test.features)
            rowsPerSecond = Double(prepared.test.rowCount) / max(Date().timeIntervalSince(predictStart), 1e-9)
            report = ClassificationReport(
                truth: prepared.test.classes, predicted: Self.argmax(probabilities, classes: task.classCount),
                probabilities: probabilities, classes: task.classNames, benignClass: task.benignClass)
        }
        var metadata = model.summary
        metadata["task"] = task.rawValue
        metadata["split"] = "\(options.split)"
        metadata["test_fraction"] = String(options.testFraction)
        metadata["scaler"] = "\(options.scaler)"
        metadata["balance"] = "\(options.resolvedBalance)"
        metadata["keep_iat"] = String(options.keepIAT)
        let stored = report.map { r in
            ModelFile.StoredMetrics(
                accuracy: r.accuracy, macroF1: r.macroF1, weightedF1: r.weightedF1, aucMacro: r.aucMacro,
                benignFalsePositiveRate: r.benignFalsePositiveRate,
                perClassF1: Dictionary(uniqueKeysWithValues: r.perClass.filter { $0.support > 0 }.map { ($0.name, $0.f1) }))
        }
        let training = ModelFile.TrainingMetadata(
            dataDigest: dataDigest, dataSources: dataSources, seed: model.seed, options: metadata,
            trainRows: prepared.report.split.trainRows, testRows: prepared.report.split.testRows,
            trainedAt: ISO8601DateFormatter().string(from: Date()), trainingSeconds: fitSeconds, testMetrics: stored)
        let file = ModelFile(kind: model.kind, task: task, layout: layout, pipeline: prepared.pipeline, classifier: classifier, training: training)
        return Result(modelFile: file, testReport: report, preparation: prepared.report, fitSeconds: fitSeconds,
                      predictRowsPerSecond: rowsPerSecond, testProbabilities: probabilities, testClasses: prepared.test.classes,
                      trainChecksum: PreparedSetChecksum(prepared.train), testChecksum: PreparedSetChecksum(prepared.test),
                      featureNames: prepared.train.features.columnNames)
    }

    /// The most probable class per row (ties: lowest index).
    public static func argmax(_ probabilities: [Float], classes: Int) -> [Int] {
        guard classes > 0 else { return [] }
        return (0..<(probabilities.count / classes)).map { row in
            var best = 0
            for c in 1..<classes where probabilities[row * classes + c] > probabilities[row * classes + best] { best = c }
            return best
        }
    }

    /// An order-independent digest of the rows' content hashes (hex).
    public static func digest(_ hashes: [UInt64]) -> String {
        var sorted = hashes.sorted()
        let value = sorted.withUnsafeMutableBytes { Checksum64.hash(UnsafeRawBufferPointer($0)) }
        return String(value, radix: 16)
    }
}
